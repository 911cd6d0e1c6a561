"""A live preview on any engine: the site's folder kept in step with the playbooks.

:class:`LiveFolder` writes the folder `playbook site` writes (:mod:`generator.site.folder`)
and, each time a playbook changes, writes it again beside it and carries over only the
files that differ, so the engine's own server (``mkdocs serve`` or ``zensical serve``,
started on the folder's settings) rebuilds what changed and reloads the browser. When
the playbooks have errors, every generated page shows them, located as `playbook
validate` prints them, until they are fixed. No engine's plugin API is involved.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import click

from generator.audience import ReaderName
from generator.config import Config
from generator.errors import PlaybookError
from generator.reporting import REPORTERS
from generator.selection import Selection, select
from generator.site.folder import DOCS, SETTINGS, write_site_folder
from generator.site.preview import error_page
from generator.site.sources import site_sources
from generator.validation import validate

#: The files whose changes a preview follows, by suffix.
WATCHED: Final = (".yaml", ".yml", ".svg", ".png", ".jpg", ".jpeg", ".toml")


@dataclass
class Refresh:
    """What one refresh changed in the folder."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: The located problems the pages show; empty when the playbooks are valid.
    report: str = ""


@dataclass
class LiveFolder:
    """The pages of one reader's site, as a folder that follows the playbooks."""

    config: Config
    mkdocs_config: Path
    folder: Path
    audience: ReaderName
    engagements: tuple[str, ...] = ()
    _seen: tuple[tuple[str, int, int], ...] = ()
    _generated: tuple[str, ...] = ()

    @property
    def settings_file(self) -> Path:
        """The settings the engine serves: ``FOLDER/mkdocs.yml``."""
        return self.folder / SETTINGS

    def start(self) -> Refresh:
        """Write the folder the first time; the playbooks must be valid
        (:class:`~generator.selection.InvalidPlaybooksError` otherwise)."""
        self._seen = self._signature()
        return self._write(self._selected().require_valid())

    def changed(self) -> bool:
        """Whether a playbook (or the settings) changed since the last look."""
        now = self._signature()
        if now == self._seen:
            return False
        self._seen = now
        return True

    def refresh(self) -> Refresh:
        """Bring the folder in step with the playbooks, or show their errors on every
        generated page."""
        try:
            selection = self._selected()
        except PlaybookError as exc:  # the engagement previewed has gone
            return self._show_errors(f"error: {exc}\n")
        if selection.result.failed():
            return self._show_errors(REPORTERS["text"](selection.result, False))
        return self._write(selection)

    def _selected(self) -> Selection:
        result = validate((), self.config)
        return select(result, self.config, self.engagements, self.audience, output="site")

    def _write(self, selection: Selection) -> Refresh:
        sources = site_sources(selection, self.config)
        self._generated = tuple(p.path for p in sources.pages if p.path.endswith(".md"))
        fresh = self.folder.with_name(self.folder.name + ".next")
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            write_site_folder(self.mkdocs_config, fresh, sources)
            return _carry_over(fresh, self.folder)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)

    def _show_errors(self, report: str) -> Refresh:
        done = Refresh(report=report)
        for path in ("index.md", *self._generated):
            page = error_page(path, click.unstyle(report).rstrip())
            content = page.content if isinstance(page.content, str) else page.content.decode()
            if _replace(self.folder / DOCS / path, content.encode("utf-8"), self.folder.parent):
                done.written.append(f"{DOCS}/{path}")
        return done

    def _signature(self) -> tuple[tuple[str, int, int], ...]:
        """Path, modification time and size of every watched file under the root."""
        found = []
        for top, folders, files in os.walk(self.config.root):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in sorted(files):
                if name.endswith(WATCHED):
                    try:
                        stat = Path(top, name).stat()
                    except OSError:
                        continue
                    found.append((str(Path(top, name)), stat.st_mtime_ns, stat.st_size))
        for extra in (self.mkdocs_config, self.config.source):
            if extra is not None and extra.is_file():
                stat = extra.stat()
                found.append((str(extra), stat.st_mtime_ns, stat.st_size))
        return tuple(found)


def _carry_over(fresh: Path, folder: Path) -> Refresh:
    """Make ``folder`` hold what ``fresh`` holds, writing only the files that differ."""
    done = Refresh()
    wanted = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
    for relative in sorted(wanted):
        if _replace(folder / relative, (fresh / relative).read_bytes(), fresh.parent):
            done.written.append(relative)
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and relative not in wanted:
                path.unlink()
                done.removed.append(relative)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return done


def _replace(target: Path, data: bytes, scratch: Path) -> bool:
    """Write ``data`` to ``target`` unless it holds it already; whether it wrote."""
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    # written beside the served folder, so the engine never sees a half-written file
    with tempfile.NamedTemporaryFile(dir=scratch, delete=False) as partial:
        partial.write(data)
    Path(partial.name).replace(target)
    return True


def engine_command(engine: str, settings: Path, address: str) -> list[str]:
    """The command that serves ``settings`` with ``engine`` at ``address`` (host:port)."""
    return [sys.executable, "-m", engine, "serve", "-f", str(settings), "-a", address]
