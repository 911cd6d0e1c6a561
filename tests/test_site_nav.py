"""The navigation stays small: engagements are grouped past the configured group size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import load_config
from generator.site.build import build_site
from generator.site.nav import outline
from generator.validation import validate
from tests.examples import pages as listed
from tests.examples import people_pages
from tests.sitekit import make_project, read


def pages(engagement: str) -> list[object]:
    """The navigation lists the page of every kind (a missing one is left out later),
    then the engagement's people."""
    return [*listed(engagement, every_kind=True), {"People": people_pages(engagement)}]


NORTHWIND = "Northwind Outfitters customer care transition"
SUMMIT = "Summit Analytics outbound demo campaign"


def test_outline_lists_engagements_by_title_with_pages_in_reading_order(examples: Path) -> None:
    portfolio = validate((), load_config(start=examples.parent)).portfolio
    assert outline(portfolio, "engagements", 40) == [
        "engagements/index.md",
        {NORTHWIND: pages("northwind-support")},
        {SUMMIT: pages("summit-outbound")},
    ]


def test_outline_groups_engagements_past_the_group_size(examples: Path) -> None:
    portfolio = validate((), load_config(start=examples.parent)).portfolio
    assert outline(portfolio, "engagements", 1) == [
        "engagements/index.md",
        {
            "Northwind Outfitters cu… – Northwind Outfitters cu…": [
                {NORTHWIND: pages("northwind-support")}
            ]
        },
        {
            "Summit Analytics outbou… – Summit Analytics outbou…": [
                {SUMMIT: pages("summit-outbound")}
            ]
        },
    ]


def test_pages_carry_only_their_own_group_of_engagements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - playbooks\n", "  - playbooks:\n      group_size: 1\n")
    )
    site, _ = build_site(config, project / "out")
    html = read(site, "engagements/summit-outbound/plan/")
    sidebar = html[html.index("md-nav--primary") :]
    assert "Summit Analytics outbou… – Summit Analytics outbou…" in sidebar
    assert "Northwind Outfitters cu… – Northwind Outfitters cu…" in sidebar
    # The other group is pruned: one link stands for it, none of its pages are listed.
    nav = sidebar.split('class="md-content"')[0]
    assert re.findall(r'href="([^"]*northwind-support/[^"]*)"', nav) == ["../../northwind-support/"]
    for own in ("../", "../brief/", "../escalation/", "../certification/"):
        assert f'href="{own}"' in nav
