"""Escaping user text for Markdown pages, so it always reads as the literal text written.

Playbook text goes through Python-Markdown (with the tables, attr_list, md_in_html,
admonition and toc extensions) and then into HTML. ``&``, ``<`` and ``>`` become
entities; the characters Markdown gives a meaning anywhere in a line (backticks,
emphasis marks, brackets, braces, pipes, backslashes) get Markdown's backslash escape;
a list, heading or admonition marker at the start of the text is escaped too. Nothing
the user wrote can then become a tag, a link, emphasis, a table cell break or an
attribute list. Values that code built (links between pages, charts) are
:class:`~markupsafe.Markup` and pass through.

Backslash escapes rather than numeric references everywhere: Python-Markdown keeps each
reference aside in its HTML stash, which made large sites measurably slower to build.
"""

from __future__ import annotations

import html
import re
from typing import Final

from markupsafe import Markup

_ESCAPES: Final = str.maketrans(
    {char: "\\" + char for char in "\\`*_{}[]|"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
# What makes a line a heading, list item or admonition when it starts the text.
_LINE_START: Final = re.compile(r"[#+!-]|[0-9]+(?=[.])")
# Text that needs no escaping: no special character, single spaces inside, no marker
# at the start.
_PLAIN: Final = re.compile(
    r"(?![#+!\s-]|[0-9]+[.])[^\\`*_{}\[\]|&<>\s]*(?: [^\\`*_{}\[\]|&<>\s]+)*"
)
_BLANK_LINES: Final = re.compile(r"\n\s*\n")
_SPACES: Final = re.compile(r"\s+")


def inline(value: object) -> Markup:
    """Text for one line of Markdown (a table cell, a list item, a heading).

    Line breaks become spaces; every meaningful character is neutralised.
    """
    if isinstance(value, Markup):
        return value
    return Markup(escape(str(value)))


def escape(text: str) -> str:
    """:func:`inline` without the :class:`~markupsafe.Markup` mark, for template output."""
    if _PLAIN.fullmatch(text):
        return text  # most values: nothing to escape, nothing to collapse
    text = _SPACES.sub(" ", text).strip().translate(_ESCAPES)
    start = _LINE_START.match(text)
    if start is not None:
        cut = start.end() if start.group(0)[0].isdigit() else 0
        text = text[:cut] + "\\" + text[cut:]
    return text


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


def code(value: object) -> Markup:
    """Text shown as code, such as an id: escaped like any text, never a Markdown code span
    (inside backticks, Markdown would show the escapes themselves)."""
    return Markup(f"<code>{inline(value)}</code>")


def link(label: object, href: str) -> Markup:
    """A Markdown link to a page of the site; ``href`` is built by code, never by users."""
    return Markup(f"[{inline(label)}]({href})")


def trusted(value: str) -> Markup:
    """The project's own documentation (docstrings), kept as Markdown on one line.

    Never for playbook text: this does not escape.
    """
    return Markup(_SPACES.sub(" ", value).strip().replace("|", "\\|"))
