"""Shared fixtures: the example playbooks copied into a temporary folder, and the CLI."""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLES = PROJECT / "playbooks"
#: The day every test, and every command a test runs, sees as today: the examples' day-30
#: review of Northwind. Statuses (late, due, overdue) count from it, whatever the clock says.
TODAY = "2026-12-01"
os.environ["PLAYBOOK_TODAY"] = TODAY


@pytest.fixture
def examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example playbooks copied to ``tmp_path/playbooks``, working in ``tmp_path``."""
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "playbooks"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


Write = Callable[[str, str], Path]


@pytest.fixture
def write(workdir: Path) -> Write:
    """Write dedented text to a file under the working folder and return its path."""

    def _write(relative: str, text: str) -> Path:
        path = workdir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run the `playbook` command in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def _invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return _invoke


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file in a test: replace ``old`` (which must be there) by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def findings(output: str) -> list[str]:
    """The ``path:line:col: CODE message`` lines of a text report."""
    return [line for line in output.splitlines() if re.match(r"^\S+:\d+:\d+: PB\d{3} ", line)]


def example_key(playbooks: Path, person: str) -> Path:
    """The examples' throw-away SSH key of ``person`` in a copy of the playbooks, made
    private as ssh-keygen wants it (a clone gives it the mode of any file)."""
    key = playbooks / "example-keys" / f"{person}-EXAMPLE-ONLY"
    key.chmod(0o600)
    return key


def where(path: Path, needle: str, *, offset: int = 0, root: Path | None = None) -> str:
    """``path:line:col`` of the first ``needle`` in ``path`` (plus ``offset`` columns)."""
    text = path.read_text(encoding="utf-8")
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1 + offset
    shown = path.relative_to(root or Path.cwd()).as_posix()
    return f"{shown}:{line}:{column}"
