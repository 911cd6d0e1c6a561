"""Escaping user text for Markdown pages, so it always reads as the literal text written.

Playbook text goes through Python-Markdown and then into HTML. Every character either
could give meaning to (``<``, ``&``, ``*``, ``_``, brackets, backticks, braces, pipes,
``#``, ``:``...) becomes a numeric character reference: Markdown leaves references
alone, the browser shows the character, and nothing the user wrote can become a tag,
a link, emphasis, a table cell break or an attribute list. Values that code built
(links between pages, charts) are :class:`~markupsafe.Markup` and pass through.
"""

from __future__ import annotations

import html
import re
from typing import Final

from markupsafe import Markup

# Characters with a meaning in Markdown, its extensions or HTML, as references.
_REFERENCES: Final = {
    ord(char): f"&#{ord(char)};"
    for char in "\\`*_{}[]()<>#+-!|~^=:\"'$%"
} | {ord("&"): "&amp;"}
_BLANK_LINES: Final = re.compile(r"\n\s*\n")
_SPACES: Final = re.compile(r"\s+")


def inline(value: object) -> Markup:
    """Text for one line of Markdown (a table cell, a list item, a heading).

    Line breaks become spaces; every meaningful character is neutralised.
    """
    if isinstance(value, Markup):
        return value
    text = _SPACES.sub(" ", str(value)).strip()
    return Markup(text.translate(_REFERENCES))


def paragraphs(value: object) -> Markup:
    """Text that may hold several paragraphs: blank lines separate them, single line
    breaks the user wrote are kept as line breaks."""
    if isinstance(value, Markup):
        return value
    blocks = [block.strip() for block in _BLANK_LINES.split(str(value)) if block.strip()]
    rendered = ["<br>\n".join(inline(line) for line in block.splitlines()) for block in blocks]
    return Markup("\n\n".join(rendered))


def attribute(value: object) -> str:
    """Text for places the theme prints as raw HTML: page titles, tags, nav sections."""
    return html.escape(_SPACES.sub(" ", str(value)).strip(), quote=True)


def link(label: object, href: str) -> Markup:
    """A Markdown link to a page of the site; ``href`` is built by code, never by users."""
    return Markup(f"[{inline(label)}]({href})")


def trusted(value: str) -> Markup:
    """The project's own documentation (docstrings), kept as Markdown on one line.

    Never for playbook text: this does not escape.
    """
    return Markup(_SPACES.sub(" ", value).strip().replace("|", "\\|"))
