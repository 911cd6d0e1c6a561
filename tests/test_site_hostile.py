"""Bad input: text that looks like HTML, template code, links or wiki syntax stays literal text.

The examples are edited so that fields of every document kind, titles and names hold
hostile text; the real site is built from them and read back as HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import replace_in
from tests.sitekit import make_project, mkdocs, page_text, read, table_rows

SCRIPT = "<script>alert(1)</script>"
TEMPLATE = "{{ 7*7 }}"
RAW = "{% raw %}"
JS_LINK = "[click me](javascript:alert(2))"
WIKI = "[[wiki page]]"
MARKS = "*bold* _slanted_ `code` | pipe {: .attr }"
IMAGE = "<img src=x onerror=alert(3)>"

ENGAGEMENT = "engagements/northwind-support/"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"))
    folder = project / "playbooks" / "northwind-support"
    engagement, brief = folder / "engagement.yaml", folder / "brief.yaml"
    # Edited documents are set back to review: their sign-offs are now stale (a warning).
    for name in ("engagement", "brief", "escalation", "certification"):
        replace_in(folder / f"{name}.yaml", "  status: approved\n", "  status: review\n")
    replace_in(
        engagement,
        "  title: Northwind Outfitters customer care transition",
        f"  title: {_quoted('Northwind ' + SCRIPT + ' ' + TEMPLATE)}",
    )
    replace_in(engagement, "  summary: >-\n", f"  summary: {_quoted(JS_LINK + ' ' + IMAGE)}\n")
    replace_in(
        engagement, "    Harbor CX takes over Northwind's", "  internal_notes: >-\n    Harbor"
    )
    replace_in(engagement, "role: Tier 2 Support Lead", f"role: {_quoted(WIKI + ' lead')}")
    replace_in(brief, "title: Working kickoff", f"title: {_quoted(RAW + ' kickoff')}")
    replace_in(
        brief,
        "    - Answer every e-mail",
        f"    - {_quoted(JS_LINK)}\n    - {_quoted('- ' + MARKS)}\n    - Answer every e-mail",
    )
    escalation = folder / "escalation.yaml"
    replace_in(
        escalation,
        "        - Checkout or payment outage",
        f"        - {_quoted(TEMPLATE + ' outage')}\n        - Checkout or payment outage",
    )
    replace_in(
        folder / "certification.yaml",
        "title: Product range, sizing and materials quiz",
        f"title: {_quoted(SCRIPT + ' quiz')}",
    )
    replace_in(folder / "ramp.yaml", "note: Week over week\n", f"note: {_quoted(IMAGE)}\n")
    done = mkdocs(project, "build")
    assert done.returncode == 0, done.stderr
    return project / "build" / "site"


@pytest.mark.parametrize(
    ("page", "literal"),
    [
        ("", "Northwind " + SCRIPT + " " + TEMPLATE),
        ("", JS_LINK + " " + IMAGE),
        ("", WIKI + " lead"),
        ("brief/", RAW + " kickoff"),
        ("brief/", JS_LINK),
        ("brief/", "- " + MARKS),
        ("escalation/", TEMPLATE + " outage"),
        ("certification/", SCRIPT + " quiz"),
        ("plan/", IMAGE),
    ],
)
def test_hostile_text_reads_literally(site: Path, page: str, literal: str) -> None:
    assert literal in page_text(read(site, ENGAGEMENT + page))


def test_nothing_becomes_markup_anywhere(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert not re.search(r"""href=["']?javascript:""", html, re.I), path
        assert "49 outage" not in html
        assert '<a href="wiki' not in html
        assert "<em>bold</em>" not in html, path
        assert "<code>code</code>" not in html, path
        assert 'class="attr"' not in html


def test_titles_and_navigation_escape_the_engagement_title(site: Path) -> None:
    html = read(site, ENGAGEMENT)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert title.group(1).startswith("Northwind &lt;script&gt;alert(1)&lt;/script&gt;")
    assert "&lt;script&gt;" in html[html.index("md-nav--primary") :]


def test_search_index_keeps_hostile_text_inert(site: Path) -> None:
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script" not in index
    assert "<img" not in index


def test_stale_approvals_are_flagged_on_the_page_and_the_overview(site: Path) -> None:
    brief = page_text(read(site, ENGAGEMENT + "brief/"))
    assert "Stale approval" in brief
    assert "approved a different content" in brief
    rows = table_rows(read(site, ENGAGEMENT))
    stale = "Approval stale: content changed since sign-off"
    assert ["Engagement brief", "1.2", "Review", stale] in rows
    assert ["Agent certification checklist", "1.0", "Review", stale] in rows
