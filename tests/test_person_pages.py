"""Each person's page and calendar, and the overview's line on what waits for a sign-off,
as each reader's site has them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from generator.audience import for_audience
from generator.config import load_config
from generator.render.page import SiteOptions
from generator.render.pages import render_site
from generator.validation import validate
from tests.conftest import replace_in

BASE = "engagements/northwind-support"


def pages_for(audience: str) -> dict[str, str | bytes]:
    portfolio = validate((), load_config()).portfolio
    mine = for_audience(portfolio, audience, ("northwind-support",))  # type: ignore[arg-type]
    options = SiteOptions(
        today=date(2026, 12, 20),
        stamp=datetime(2026, 12, 1, tzinfo=UTC),
        audience=audience,
    )
    return {page.path: page.content for page in render_site(mine, options)}


def test_a_client_site_says_only_what_waits_for_the_client(examples: Path) -> None:
    client = str(pages_for("client")[f"{BASE}/index.md"])
    assert (
        "**2 documents await the client's sign-off: [30/60/90-day plan](plan.md), "
        "[Scorecard](results.md)**{: .pb-awaiting }" in client
    )
    assert "the vendor's sign-off" not in client
    internal = str(pages_for("internal")[f"{BASE}/index.md"])
    assert "**1 document awaits the vendor's sign-off: [Scorecard](results.md)**" in internal


def test_every_person_has_a_page_and_a_calendar_holding_nothing_internal(
    examples: Path,
) -> None:
    replace_in(
        examples / "northwind-support" / "results.yaml",
        "            - id: returns-calibration\n",
        "            - id: fee-floor\n"
        "              title: Rework the fee floor before the day-60 review\n"
        "              owner: malvarez\n"
        "              due: 2026-12-22\n"
        "              audience: internal\n"
        "            - id: returns-calibration\n",
    )
    internal, client = pages_for("internal"), pages_for("client")
    roster = [p for p in internal if p.startswith(f"{BASE}/people/") and p.endswith(".md")]
    assert len(roster) == 13  # the index and twelve people
    assert sorted(p for p in client if p.startswith(f"{BASE}/people/")) == sorted(
        p for p in internal if p.startswith(f"{BASE}/people/")
    )
    assert "Rework the fee floor" in str(internal[f"{BASE}/people/malvarez.md"])
    assert "Rework the fee floor" in bytes(internal[f"{BASE}/people/malvarez.ics"]).decode()
    assert "Rework the fee floor" not in str(client[f"{BASE}/people/malvarez.md"])
    feed = bytes(client[f"{BASE}/people/malvarez.ics"]).decode().replace("\r\n ", "")
    assert "Rework the fee floor" not in feed
    assert (
        "X-WR-CALNAME:Marco Alvarez: Northwind Outfitters customer care transition (client copy)"
        in feed
    )
    index = str(client[f"{BASE}/people/index.md"])
    assert (
        "| [Marco Alvarez](malvarez.md) | Support Operations Manager (main contact) | Client | 1 | 2 |"
        in index
    )
