"""Typst compilation of the templates in ``templates/`` with JSON data.

Data reaches a template only through ``sys.inputs``: the template parses it as JSON and
places each value as text, so nothing a playbook says is ever read as Typst markup.
Only the fonts bundled with Typst are used, so every machine produces the same bytes.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import typst

from generator.errors import PlaybookError
from generator.styling import PdfStyle

TEMPLATES: Final = Path(__file__).parent / "templates"
#: PDF/A-3 allows the source YAML and the manifest as attachments; level "a" means tagged.
#: Each PDF claims both: PDF/A-3a (archivable, tagged) and PDF/UA-1 (accessible).
PDF_STANDARDS: Final = ("a-3a", "ua-1")

_compiler: typst.Compiler | None = None
log = logging.getLogger(__name__)


class PdfError(PlaybookError):
    """A PDF could not be produced."""


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the PDF."""

    name: str
    text: str
    description: str = "The playbook file this PDF was built from"

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "text": self.text, "description": self.description}


def compiler() -> typst.Compiler:
    """This process's compiler; fonts are loaded once and reused for every document."""
    global _compiler  # noqa: PLW0603 - one per process, created on first use
    if _compiler is None:
        _compiler = typst.Compiler(root=str(TEMPLATES), ignore_system_fonts=True)
    return _compiler


#: A run this long without a break opportunity (a space, hyphen or slash) would run off
#: the page or into the next column: it gets one, a zero-width space, every
#: ``_BREAK_EVERY`` characters. Shorter words and paths are left as written.
_LONG_WORD_MIN: Final = 40
_LONG_WORD: Final = re.compile(rf"[^\s\u200b/-]{{{_LONG_WORD_MIN},}}")
_BREAK_EVERY: Final = 20


def breakable(value: Any) -> Any:
    """``value`` with every very long word in its text given places to break."""
    if isinstance(value, str):
        if len(value) < _LONG_WORD_MIN or not _LONG_WORD.search(value):
            return value
        return _LONG_WORD.sub(_split_word, value)
    if isinstance(value, dict):
        return {key: breakable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [breakable(item) for item in value]
    return value


def _split_word(found: re.Match[str]) -> str:
    word = found.group()
    return "\u200b".join(word[i : i + _BREAK_EVERY] for i in range(0, len(word), _BREAK_EVERY))


def canonical_json(data: Any) -> str:
    """JSON with sorted keys, so the same data always gives the same text."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


#: Paper sizes, by the name the settings use, as Typst names them.
PAPERS: Final = {"a4": "a4", "us-letter": "us-letter"}


#: The style of a PDF without the vendor's colour or logo.
PLAIN: Final = PdfStyle()


def compile_pdf(
    template: str,
    data: dict[str, Any],
    manifest: dict[str, Any],
    sources: Sequence[Attachment],
    timestamp: datetime,
    style: PdfStyle = PLAIN,
) -> bytes:
    """Compile ``templates/<template>`` into PDF bytes.

    ``sources`` are attached next to the manifest; ``style.accent`` (``#rrggbb``) replaces
    the templates' heading and rule colour.
    """
    inputs = {
        "data": canonical_json(breakable(data)),
        "manifest": canonical_json(manifest),
        "sources": canonical_json([source.as_json() for source in sources]),
    }
    if style.accent is not None:
        inputs["accent"] = style.accent
    inputs["paper"] = PAPERS[style.paper]
    if style.logo is not None:
        inputs["logo"] = canonical_json(
            {
                "bytes": list(style.logo.data),
                "format": style.logo.format,
                "alt": f"{style.vendor} logo".strip(),
            }
        )
    try:
        pdf, warnings = compiler().compile_with_warnings(
            input=str(TEMPLATES / template),
            sys_inputs=inputs,
            pdf_standards=list(PDF_STANDARDS),
            timestamp=int(timestamp.timestamp()),
        )
    except typst.TypstError as exc:
        message = " ".join(str(getattr(exc, "message", exc)).split())
        raise PdfError(f"cannot typeset {template}: {message}") from None
    if not isinstance(pdf, bytes):  # only a multi-page image format returns a list
        raise PdfError(f"cannot typeset {template}: the compiler returned no PDF")
    for warning in warnings:
        # A layout that did not settle may print wrong page numbers: said, not hidden.
        log.warning("%s: %s", template, " ".join(str(warning.message).split()))
    return pdf


def typeset_plain(template: str, data: dict[str, Any]) -> bytes:
    """Compile ``templates/<template>`` with ``data`` alone: a part placed into another
    PDF (a visible signature), which carries no manifest, sources or PDF/A claim."""
    try:
        pdf = compiler().compile(
            input=str(TEMPLATES / template), sys_inputs={"data": canonical_json(data)}
        )
    except typst.TypstError as exc:
        message = " ".join(str(getattr(exc, "message", exc)).split())
        raise PdfError(f"cannot typeset {template}: {message}") from None
    if not isinstance(pdf, bytes):
        raise PdfError(f"cannot typeset {template}: the compiler returned no PDF")
    return pdf


def for_paper(style: PdfStyle, paper: str | None) -> PdfStyle:
    """``style`` on ``paper`` (an engagement's own size), or as it is without one."""
    return style if paper is None or paper == style.paper else replace(style, paper=paper)
