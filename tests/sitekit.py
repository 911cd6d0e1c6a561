"""Helpers for tests of the site: a project folder like this one, and reading built HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
#: 2026-11-18 12:00 UTC: a build date inside the examples' timelines.
EPOCH = "1795003200"


def make_project(folder: Path, playbooks: Path | None = None) -> Path:
    """The site shell, mkdocs.yml, settings and a copy of the playbooks in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT / "site", folder / "site")
    shutil.copy(PROJECT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(playbooks or PROJECT / "playbooks", folder / "playbooks")
    (folder / "playbook.toml").write_text('[tool.playbook]\nroot = "playbooks"\n')
    return folder


def mkdocs(folder: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs`` command in ``folder`` with a fixed build date."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [MKDOCS, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


_BLOCKS = frozenset(
    {"p", "div", "li", "td", "th", "tr", "table", "ul", "ol", "dl", "dt", "dd", "br"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "nav", "header", "footer", "section", "article"}
    | {"figure", "figcaption", "label", "input", "button"}
)


class _Text(HTMLParser):
    """Visible text of a page, and the rows of its tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")
        if tag in {"script", "style", "svg"}:
            self._skip += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")
        if tag in {"script", "style", "svg"}:
            self._skip -= 1
        elif tag in {"td", "th"} and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def page_text(html: str) -> str:
    """The text a reader sees (scripts, styles and charts left out), spaces collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def table_rows(html: str) -> list[list[str]]:
    """Every table row of the page as its cells' text."""
    parser = _Text()
    parser.feed(html)
    return parser.rows


def read(site: Path, page: str) -> str:
    """The HTML of ``page`` (``engagements/acme/brief/``) in a built site."""
    return (site / page / "index.html").read_text(encoding="utf-8")
