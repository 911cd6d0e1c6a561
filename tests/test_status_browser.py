"""Where engagements stand, as a CX director reads it in Chromium on a laptop and a phone.

The site is built as it stands on 20 December 2026: the day-30 misses are still red,
the corrective actions of early December are overdue, and the re-planned voice
overflow is nine days late.
"""

from __future__ import annotations

import functools
import os
import subprocess

import pytest
from playwright.sync_api import Browser, Page

from tests.sitekit import EPOCH, MKDOCS, make_project
from tests.test_site_browser import browser, serve  # noqa: F401  (fixtures)

WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve: functools.partial[str]) -> str:  # noqa: F811
    project = make_project(tmp_path_factory.mktemp("status"))
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PLAYBOOK_TODAY="2026-12-20")
    done = subprocess.run(
        [MKDOCS, "build"], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return serve(project / "build" / "site")


def open_page(browser: Browser, url: str, width: int) -> Page:  # noqa: F811
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def no_sideways_page(page: Page) -> None:
    """Nothing but a table's own scroll box may be wider than the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] if page.viewport_size else True


def rows(page: Page, table: int = 0) -> list[list[str]]:
    found: list[list[str]] = (
        page.locator("article table")
        .nth(table)
        .evaluate(
            "t => [...t.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.innerText.trim()))"
        )
    )
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_the_overview_opens_with_the_status_and_the_scorecard(
    browser: Browser,  # noqa: F811
    site: str,
    width: int,
) -> None:
    page = open_page(browser, f"{site}/engagements/northwind-support/", width)
    status = page.locator("article .admonition").first
    assert status.inner_text().startswith("Status: Red (as of 20 Dec 2026)")
    assert "Customer satisfaction missed on day 30" in status.inner_text()
    late = page.locator("article .pb-standing").inner_text()
    assert "Voice overflow queue live: overdue by 9 days (re-planned +4 days)" in late
    assert "Publish the holiday returns policy article and macro: overdue by 17 days" in late
    scorecard = page.locator("article table:has(th:text('Day 30'))")
    text = scorecard.inner_text()
    assert "84%" in text
    assert "Missed by 1 point" in text
    assert "Met" in text
    # the status is in words; its colour differs from the text around it
    missed = scorecard.locator(".pb-result--missed").first
    met = scorecard.locator(".pb-result--met").first
    colour = "e => getComputedStyle(e).color"
    assert missed.evaluate(colour) != met.evaluate(colour)
    no_sideways_page(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dashboard_lists_each_engagement_with_its_status(
    browser: Browser,  # noqa: F811
    site: str,
    width: int,
) -> None:
    page = open_page(browser, f"{site}/engagements/", width)
    by_title = {row[0]: row for row in rows(page)}
    northwind = by_title["Northwind Outfitters customer care transition"]
    # overdue: the voice overflow milestone and the four actions the Upcoming page lists
    assert northwind[1:5] == ["Onboarding", "Red", "5", "4"]
    summit = by_title["Summit Analytics outbound demo campaign"]
    assert summit[1:3] == ["Proposal", "Not started"]
    assert page.locator("article p").first.inner_text().startswith("2 engagements as of")
    if width >= 1280:  # every column in view, "Next review" whole
        table = page.locator("article table").first
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
        assert northwind[5:9] == ["$6,111", "5 of 7", "4 of 5 (3)", "31 Dec 2026 (day 60)"]
        cell = table.locator("tbody tr td:nth-child(9)").first.bounding_box()
        assert cell is not None
        assert cell["x"] + cell["width"] <= width
    no_sideways_page(page)


def test_a_phone_shows_each_open_action_whole(browser: Browser, site: str) -> None:  # noqa: F811
    page = open_page(browser, f"{site}/engagements/northwind-support/", 390)
    actions = page.locator("article .pb-actions table")
    assert actions.locator("thead").is_hidden()  # each row a card, each cell labelled
    cards = actions.locator("tbody tr")
    assert cards.count() == 4
    for index in range(cards.count()):
        for cell in cards.nth(index).locator("td").all():
            box = cell.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= 390, cell.inner_text()
    labels = cards.first.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert labels == ["none", '"For: "', '"Owner: "', '"Due: "', '"Status: "']
    assert cards.first.locator("td").nth(4).inner_text() == "Overdue by 17 days"
    no_sideways_page(page)


def test_the_charts_draw_each_result_against_its_target(browser: Browser, site: str) -> None:  # noqa: F811
    page = open_page(browser, f"{site}/engagements/northwind-support/", 1280)
    csat = page.locator("figure.pb-ramp svg[aria-label^='Customer satisfaction']")
    assert csat.get_attribute("aria-label") == (
        "Customer satisfaction: target and result at each checkpoint"
    )
    target = csat.locator("rect.pb-chart-target").first.bounding_box()
    result = csat.locator("circle.pb-chart-result--missed").bounding_box()
    assert target is not None
    assert result is not None
    # 84% drawn clearly below its target of 85%, in another colour
    assert result["y"] - target["y"] >= 10
    fills = csat.evaluate(
        "s => ['rect.pb-chart-target', 'circle.pb-chart-result']"
        ".map(q => getComputedStyle(s.querySelector(q)).fill)"
    )
    assert fills[0] != fills[1]
    ticks = csat.locator("text.pb-chart-tick").all_text_contents()
    assert ticks[:5] == ["84%", "85%", "86%", "87%", "88%"]  # every step labelled
    trend = open_page(browser, f"{site}/engagements/northwind-support/results/", 1280)
    weekly = trend.locator("figure.pb-trend svg[aria-label^='Customer satisfaction']")
    step = weekly.locator("line.pb-chart-line").bounding_box()
    assert step is not None
    assert step["width"] > 100  # the target's line runs across the weeks before its review
    assert weekly.locator("circle.pb-chart-point").count() == 3


@pytest.mark.parametrize("width", WIDTHS)
def test_upcoming_says_how_late_each_overdue_item_is_and_fits(
    browser: Browser,  # noqa: F811
    site: str,
    width: int,
) -> None:
    page = open_page(browser, f"{site}/upcoming/", width)
    overdue = rows(page, 0)
    late = {row[3]: row[1] for row in overdue}
    assert late["Voice overflow queue live"] == "9 days late"
    assert late["Publish the holiday returns policy article and macro"] == "17 days late"
    assert all(cell.endswith(" late") for cell in late.values())
    assert not any(cell.startswith("in ") or cell == "tomorrow" for cell in late.values())
    if width >= 1280:  # every column in view, no scrolling
        for index in range(2):
            table = page.locator("article table").nth(index)
            fits = table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
            assert fits, f"table {index} scrolls at {width} px"
    no_sideways_page(page)


def test_the_scorecard_page_shows_each_checkpoint_with_its_misses(
    browser: Browser,  # noqa: F811
    site: str,
) -> None:
    page = open_page(browser, f"{site}/engagements/northwind-support/results/", 1280)
    text = page.locator("article").inner_text()
    assert "Reviewed on 1 Dec 2026 with Dana Whitfield" in text
    assert "Root cause: Chat waits over 10 minutes" in text
    assert "Overdue by 9 days" in text  # the chat concurrency action, due 4 Dec
    assert page.locator("figure.pb-trend svg g.pb-chart-panel").count() == 3  # one image each


@pytest.mark.parametrize("width", WIDTHS)
def test_the_overview_says_under_its_status_what_waits_for_a_sign_off(
    browser: Browser,  # noqa: F811
    site: str,
    width: int,
) -> None:
    page = open_page(browser, f"{site}/engagements/northwind-support/", width)
    lines = page.locator("article .pb-awaiting")
    assert lines.all_inner_texts() == [
        "2 documents await the client's sign-off: 30/60/90-day plan, Scorecard",
        "1 document awaits the vendor's sign-off: Scorecard",
    ]
    status = page.locator("article .admonition").first.bounding_box()
    first = lines.first.bounding_box()
    late = page.locator("article .pb-standing").bounding_box()
    assert status is not None
    assert first is not None
    assert late is not None
    assert status["y"] < first["y"] < late["y"]  # under the status, before what is late
    assert first["x"] + first["width"] <= width
    lines.first.locator("a", has_text="30/60/90-day plan").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/engagements/northwind-support/plan/")
    no_sideways_page(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_persons_page_says_what_is_theirs(
    browser: Browser,  # noqa: F811
    site: str,
    width: int,
) -> None:
    page = open_page(browser, f"{site}/engagements/northwind-support/", width)
    page.locator("article table a", has_text="Marco Alvarez").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/engagements/northwind-support/people/malvarez/")
    text = page.locator("article").inner_text()
    assert "Support Operations Manager (main contact), Client (Northwind Outfitters)" in text
    overdue = text.split("Overdue\n", 1)[1].split("Due in the next 30 days", 1)[0]
    assert "Publish the holiday returns policy article and macro (action): overdue by 17 days" in (
        overdue
    )
    assert "30/60/90-day plan: version 1.0, awaiting the client's sign-off" in text
    assert "31 Dec 2026: 60-day optimisation review (attends): planned" in text
    feed = page.locator("article a", has_text="calendar (.ics)")
    assert feed.get_attribute("href") == "../malvarez.ics"
    ics = page.request.get(f"{site}/engagements/northwind-support/people/malvarez.ics").text()
    assert "X-WR-CALNAME:Marco Alvarez: Northwind Outfitters customer care transition" in ics
    assert "SUMMARY:Action: Publish the holiday returns policy article and macro" in ics
    assert ics.count("BEGIN:VEVENT") == 5  # the macros milestone, three reviews, the action
    no_sideways_page(page)
