"""User text in a pull-request comment shows as the words it is."""

from __future__ import annotations

import pytest

from generator.views.gfm import Safe, code, inline, plain


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("| pipe |", "\\| pipe \\|"),
        ("*bold* _it_ `code` ~~gone~~", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~"),
        ("[click](https://example.com)", "\\[click\\](https://example.com)"),
        ("&lt; is an entity", "\\&lt; is an entity"),
        ("costs $5 to $10", "costs \\$5 to \\$10"),
        ("back\\slash", "back\\\\slash"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("> not a quote", "\\> not a quote"),
        ("1. not numbered", "1\\. not numbered"),
        ("ask @dwhitfield", "ask @\u200bdwhitfield"),
        ("two\nlines\n\n| and a row |", "two lines \\| and a row \\|"),
        ("Order 2026 (day 36), 85%", "Order 2026 (day 36), 85%"),
    ],
)
def test_inline_escapes_what_markdown_would_interpret(text: str, shown: str) -> None:
    assert inline(text) == shown


def test_safe_text_is_not_escaped_twice() -> None:
    once = inline("a|b")
    assert inline(once) == "a\\|b"
    assert isinstance(once, Safe)


def test_code_spans_hold_plain_paths_but_not_pipes_or_backticks() -> None:
    assert code("playbooks/acme/brief.yaml") == "`playbooks/acme/brief.yaml`"
    assert code("@dwhitfield") == "`@dwhitfield`"  # a code span mentions nobody
    assert code("odd|name.yaml") == "odd\\|name.yaml"
    assert code("a`b") == "a\\`b"


def test_plain_keeps_text_on_one_line() -> None:
    assert plain("Tier 2\n  cases  move") == "Tier 2 cases move"
