"""User text in GitHub-flavoured Markdown, such as a pull-request comment.

Whatever a playbook says (a milestone titled ``<script>``, a trigger with ``| pipes |``,
a note that mentions ``@someone``) must print as the words it is: no HTML, no table
cell split, no emphasis, no link, no math, and no notification sent to anyone.
"""

from __future__ import annotations

import re
from typing import Final


class Safe(str):
    """Text that is already Markdown, produced by these filters; printed as it is."""

    __slots__ = ()


#: Characters that start inline Markdown: code, emphasis, links, HTML, entities,
#: strikethrough, table cells, math; and the backslash that escapes them.
_INLINE: Final = re.compile(r"([\\`*_\[\]<>|~&$])")
#: What makes a line a heading, quote, list item or rule when it starts a line.
_LINE_START: Final = re.compile(r"^(\s*)([#>+=-])")
_NUMBERED: Final = re.compile(r"^(\s*\d+)([.)])")
#: A zero-width space after `@` keeps GitHub from mentioning (and notifying) anyone.
_NO_MENTION: Final = "@\u200b"


def inline(value: object) -> Safe:
    """``value`` as one line of Markdown that shows exactly its text.

    Line breaks become spaces, so the text cannot end a table row or start a block.
    """
    if isinstance(value, Safe):
        return value
    text = " ".join(str(value).split())
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _NUMBERED.sub(r"\1\\\2", text)
    return Safe(text.replace("@", _NO_MENTION))


def code(value: object) -> Safe:
    """``value`` in a code span, or escaped text when a code span cannot hold it.

    In a table a code span cannot hold `|`, and backticks inside it would end it.
    """
    text = " ".join(str(value).split())
    if not text or any(char in text for char in "`|"):
        return inline(text)
    return Safe(f"`{text}`")


def plain(value: object) -> str:
    """``value`` on one line, for plain-text reports."""
    return " ".join(str(value).split())
