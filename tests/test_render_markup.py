"""Escaping user text: what Python-Markdown makes of it is the literal text."""

from __future__ import annotations

import random

import jinja2
import markdown
import pytest
from markupsafe import Markup

from generator.render.environment import environment
from generator.render.markup import attribute, code, inline, link, paragraphs
from tests.sitekit import page_text

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]

HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[[wiki]]",
    "*bold* __strong__ `code` ~~gone~~",
    "a | b | c",
    "{: .attr #id }",
    "# heading",
    "- item",
    "+ item",
    "1. first",
    "2026. a year",
    "!!! note",
    "> quoted",
    "back\\slash \\*",
    "&lt; already an entity &amp;",
    "![image](x.png)",
]


def to_html(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", HOSTILE)
def test_text_in_a_paragraph_reads_literally(text: str) -> None:
    html = to_html(f"Before {inline(text)} after")
    assert page_text(html) == f"Before {text} after"
    assert "<a " not in html
    assert "<em>" not in html
    assert "<code>" not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_text_at_the_start_of_a_line_reads_literally(text: str) -> None:
    html = to_html(f"{inline(text)}\n\n- {inline(text)}\n\n# {inline(text)}")
    assert page_text(html).split() == f"{text} {text} {text}".split()
    assert html.count("<li>") == 1
    assert html.count("<h1") == 1


@pytest.mark.parametrize("text", HOSTILE)
def test_text_in_a_table_cell_stays_in_its_cell(text: str) -> None:
    html = to_html(f"| a | b |\n| --- | --- |\n| {inline(text)} | x |\n")
    assert html.count("<td>") == 2
    assert page_text(html).split() == ["a", "b", *text.split(), "x"]


def test_line_breaks_inside_inline_text_become_spaces() -> None:
    assert inline("one\ntwo\n\nthree  four") == "one two three four"


def test_paragraphs_keep_blank_lines_and_line_breaks() -> None:
    html = to_html(paragraphs("first line\n- not a list\n\nsecond <b>para</b>"))
    assert html == "<p>first line<br>\n- not a list</p>\n<p>second &lt;b&gt;para&lt;/b&gt;</p>"


def test_markup_built_by_code_passes_through() -> None:
    assert inline(Markup("<b>ok</b>")) == "<b>ok</b>"
    assert link("Q&A [draft]", "qa.md") == "[Q&amp;A \\[draft\\]](qa.md)"
    assert to_html(code("a_b*c*")) == "<p><code>a_b*c*</code></p>"


def test_attribute_escapes_for_raw_html_slots_of_the_theme() -> None:
    assert attribute('Acme "<Corp>" & co\n') == "Acme &quot;&lt;Corp&gt;&quot; &amp; co"


def test_templates_escape_every_value_they_print() -> None:
    template = environment().from_string("{{ value }} | {{ value | link('x.md') }}")
    assert template.render(value="{{ 7*7 }}") == "\\{\\{ 7\\*7 \\}\\} | [\\{\\{ 7\\*7 \\}\\}](x.md)"


def test_templates_refuse_undefined_names() -> None:
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        environment().from_string("{{ missing }}").render()


def test_random_text_with_special_characters_reads_literally() -> None:
    alphabet = "ab1 #-+!.*_`[](){}|&<>\\~=:\n\t"
    chooser = random.Random(20261118)
    for _ in range(2000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 14)))
        html = to_html(f"x {inline(text)} y")
        assert page_text(html) == " ".join(f"x {text} y".split()), repr(text)
        assert "<a " not in html
        assert "<code>" not in html
