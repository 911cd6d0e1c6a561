"""Build the MkDocs site in-process, all or nothing.

The site is built into a fresh folder beside the target and swapped into place only
when the build succeeded, so a failed build leaves the previous site intact.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.exceptions import Abort, ConfigurationError

from generator.errors import PlaybookError
from generator.site.plugin import PlaybooksPlugin
from generator.writing import staged_folder

Progress = Callable[[int, int], None]


class SiteError(PlaybookError):
    """The site could not be built; the previous site is left as it was."""


def find_mkdocs_config(folder: Path) -> Path:
    """``mkdocs.yml`` (or ``mkdocs.yaml``) in ``folder``."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (folder / name).is_file():
            return folder / name
    raise SiteError(
        f"{folder / 'mkdocs.yml'}: no such file; the site is configured there "
        "(theme, plugins: [playbooks], site_dir)"
    )


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    *,
    progress: Progress | None = None,
    strict: bool = False,
) -> tuple[Path, list[str]]:
    """Build the site of ``config_file``; return its folder and MkDocs' warnings.

    ``site_dir`` overrides the configured one. Raises :class:`SiteError` with MkDocs'
    own messages when the build fails.
    """
    with _captured() as messages:
        try:
            config = load_mkdocs_config(str(config_file), strict=strict)
        except (ConfigurationError, Abort, OSError) as exc:
            raise SiteError(f"{config_file}: {_message(exc, messages)}") from None
        target = Path(site_dir or config.site_dir).absolute()
        plugin = config.plugins.get("playbooks")
        if isinstance(plugin, PlaybooksPlugin):
            plugin.progress = progress
        with staged_folder(target, mark=False) as staging:
            config.site_dir = str(staging)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            except (Abort, ConfigurationError) as exc:
                raise SiteError(f"the site was not built: {_message(exc, messages)}") from None
            finally:
                config.plugins.on_shutdown()
    return target, [m for level, m in messages if level == logging.WARNING]


#: The site engines `playbook build --engine` knows.
ENGINES = ("mkdocs", "zensical")


def build_with_zensical(config_file: Path) -> None:
    """Build the folder ``playbook site`` wrote with Zensical, in its own process.

    Raises :class:`SiteError` with what it printed when it fails, or when it is not
    installed (``pip install 'playbook-generator[zensical]'``).
    """
    if importlib.util.find_spec("zensical") is None:
        raise SiteError("Zensical is not installed: install the project with its `zensical` extra")
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config_file)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    if done.returncode != 0:
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        raise SiteError("Zensical did not build the site: " + " ".join(lines[-5:]))


def _message(exc: BaseException, messages: list[tuple[int, str]]) -> str:
    """MkDocs' own error messages (or the exception's), on one line."""
    errors = [m for level, m in messages if level >= logging.ERROR] or [str(exc)]
    return " ".join(" ".join(errors).split())


class _Collector(logging.Handler):
    def __init__(self, sink: list[tuple[int, str]]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append((record.levelno, record.getMessage()))


@contextmanager
def _captured() -> Iterator[list[tuple[int, str]]]:
    """MkDocs' warnings and errors, collected instead of printed over the progress bar."""
    logger = logging.getLogger("mkdocs")
    messages: list[tuple[int, str]] = []
    handler = _Collector(messages)
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
