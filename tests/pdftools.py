"""Reading PDFs back in tests with poppler's command-line tools and pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader
from pypdf.generic import StreamObject

from generator.cli import cli
from tests.conftest import EXAMPLES, in_ci


def require(tool: str, package: str = "poppler-utils") -> str:
    """The tool's path; fails in CI (and skips elsewhere) when it is not installed."""
    found = shutil.which(tool)
    if found is None:
        message = f"`{tool}` is not installed (apt-get install {package})"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


def pdf_text(
    path: Path, *, first: int | None = None, last: int | None = None, layout: bool = False
) -> str:
    """The text of ``path`` as pdftotext extracts it (pages ``first``-``last``), in reading
    order or, with ``layout``, line by line as the page sets it."""
    args = [require("pdftotext"), "-enc", "UTF-8", *(["-layout"] if layout else [])]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def pages_text(path: Path, count: int) -> list[str]:
    return [pdf_text(path, first=n, last=n) for n in range(1, count + 1)]


def pdfsig(path: Path) -> str:
    """poppler's independent report on the PDF's signatures."""
    out = subprocess.run(
        [require("pdfsig"), str(path)], capture_output=True, text=True, check=False
    )
    return out.stdout


def flat(text: str) -> str:
    """Text with line breaks and repeated spaces folded, so wrapped phrases can be found."""
    return " ".join(text.split())


def compact(text: str) -> str:
    """Text without any whitespace: a phrase wrapped at any point still matches."""
    return "".join(text.split())


#: The time the tests' PDFs are stamped with (18 Nov 2026).
EPOCH = "1795000000"


def typeset_examples(base: Path, out: str, *engagements: str) -> Result:
    """Copy the example playbooks into ``base`` and run `playbook pdf` into ``base/out``."""
    if not (base / "playbooks").exists():
        shutil.copytree(EXAMPLES, base / "playbooks")
        (base / "playbook.toml").write_text('root = "playbooks"\n')
    return CliRunner().invoke(
        cli,
        ["pdf", *engagements, "-o", str(base / out), "--config", str(base / "playbook.toml")],
        env={"SOURCE_DATE_EPOCH": EPOCH},
        catch_exceptions=False,
    )


def outline_titles(reader: PdfReader) -> list[str]:
    """Every bookmark title of the PDF, nested ones included."""

    def walk(items: list[Any]) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield str(item.title)

    return list(walk(reader.outline))


def everything(path: Path) -> str:
    """All a reader of ``path`` could get at: its text, attachments, bookmarks, metadata,
    and every object and stream in the file, decoded."""
    reader = PdfReader(path)
    found = [pdf_text(path), *outline_titles(reader)]
    for name, contents in reader.attachments.items():
        found.append(name)
        found.extend(data.decode("utf-8", errors="replace") for data in contents)
    numbers = {n for entries in reader.xref.values() for n in entries} | set(reader.xref_objStm)
    for number in sorted(numbers):
        obj = reader.get_object(number)
        if isinstance(obj, StreamObject):
            data = obj.get_data()
            found.append(data.decode("latin-1"))
            found.append(data.decode("utf-16-be", errors="ignore"))
        found.append(str(obj))
    return "\n".join(found)


#: A word's box on a page: left, top, right, bottom in points, and the word.
WordBox = tuple[float, float, float, float, str]
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def word_boxes(path: Path) -> list[list[WordBox]]:
    """Every word of each page of ``path`` with its box, as pdftotext places them."""
    out = subprocess.run(
        [require("pdftotext"), "-enc", "UTF-8", "-bbox", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return [
        [(float(a), float(b), float(c), float(d), word) for a, b, c, d, word in _WORD.findall(page)]
        for page in out.split("<page ")[1:]
    ]


def colliding(words: list[WordBox], tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than ``tolerance`` points both ways."""
    found = []
    for index, a in enumerate(words):
        for b in words[index + 1 :]:
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3], b[3]) - max(a[1], b[1])
            if across > tolerance and down > tolerance:
                found.append((a[4], b[4]))
    return found
