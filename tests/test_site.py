"""Acceptance: the site of the example playbooks, built once by the real `mkdocs build --strict`."""

from __future__ import annotations

import filecmp
import json
import re
from datetime import date
from pathlib import Path

import icalendar
import pytest

from generator.config import load_config
from generator.models.shapes import shapes
from generator.portfolio import Playbook, Portfolio
from generator.rules import RULES
from generator.validation import validate
from generator.views.context import events as timeline_events
from generator.views.text import person_label, target_in
from tests.examples import documents
from tests.sitekit import make_project, mkdocs, page_text, read, table_rows

TODAY = date(2026, 12, 1)  # the day the tests fix as today (PLAYBOOK_TODAY)
REPO = "https://git.example.com/cx/playbooks/"
PAGES = ("", "brief/", "escalation/", "certification/", "plan/")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="module")
def built(project: Path) -> tuple[int, str, Path]:
    done = mkdocs(project, "build", "--strict")
    return done.returncode, done.stderr, project / "build" / "site"


@pytest.fixture(scope="module")
def site(built: tuple[int, str, Path]) -> Path:
    code, stderr, folder = built
    assert code == 0, stderr
    return folder


@pytest.fixture(scope="module")
def portfolio(project: Path) -> Portfolio:
    result = validate((), load_config(project / "playbook.toml"))
    assert not result.diagnostics
    return result.portfolio


def engagement_text(site: Path, playbook: Playbook) -> str:
    return " ".join(page_text(read(site, f"engagements/{playbook.id}/{p}")) for p in PAGES)


def test_strict_build_passes_without_warnings(built: tuple[int, str, Path]) -> None:
    code, stderr, _ = built
    assert code == 0, stderr
    assert "WARNING" not in stderr


def test_every_person_named_in_a_document_appears_by_name(site: Path, portfolio: Portfolio) -> None:
    for playbook in portfolio.playbooks:
        text = engagement_text(site, playbook)
        for doc in playbook.documents():
            for path, target, person_id in doc.references:
                if target == "person":
                    name = playbook.people[person_id].name
                    assert name in text, (playbook.id, name, path)


def test_every_checkpoint_target_is_a_row_of_the_plan(site: Path, portfolio: Portfolio) -> None:
    for playbook in portfolio.playbooks:
        assert playbook.ramp is not None
        rows = table_rows(read(site, f"engagements/{playbook.id}/plan/"))
        for checkpoint in playbook.ramp.model.spec.checkpoints:
            for target in checkpoint.targets:
                expected = [
                    playbook.metrics[target.metric].name,
                    target_in(target, playbook.metrics),
                    " ".join((target.note or "").split()),
                ]
                assert expected in rows, (checkpoint.day, expected)


def test_escalation_receivers_and_backups_are_on_the_matrix(
    site: Path, portfolio: Portfolio
) -> None:
    for playbook in portfolio.playbooks:
        assert playbook.escalation is not None
        rows = table_rows(read(site, f"engagements/{playbook.id}/escalation/"))
        for level in playbook.escalation.model.spec.levels:
            receiver = playbook.people[level.receiver.person]
            assert [f"{level.id} {level.name}", receiver.name] == next(
                row[:2] for row in rows if row[0] == f"{level.id} {level.name}"
            )
            label = f"{person_label(receiver.id, playbook.people)}, {level.receiver.tier}"
            assert ["Receiver", label] in rows
            if level.receiver.backup:
                assert ["Backup", person_label(level.receiver.backup, playbook.people)] in rows


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    loads = re.compile(r"""(?:src|srcset)=["']?(https?:)?//|<link[^>]+href=["'](https?:)?//""")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not loads.search(html), page
        for href in re.findall(r"""<a [^>]*href=["'](https?://[^"']+)""", html):
            assert href.startswith(REPO.rstrip("/")), (page, href)  # only the edit and source links
    for sheet in site.rglob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css), sheet


def test_edit_links_point_at_the_yaml_each_page_comes_from(site: Path) -> None:
    def edit_link(page: str) -> str:
        found = re.search(r'<a href="([^"]+)"[^>]*title="Edit this page"', read(site, page))
        assert found, page
        return found.group(1)

    base = f"{REPO}edit/main/"
    assert edit_link("engagements/northwind-support/brief/") == (
        f"{base}playbooks/northwind-support/brief.yaml"
    )
    assert edit_link("engagements/summit-outbound/") == (
        f"{base}playbooks/summit-outbound/engagement.yaml"
    )
    assert edit_link("guides/reading/") == f"{base}site/guides/reading.md"


def test_each_document_page_shows_its_own_version_and_status(
    site: Path, portfolio: Portfolio
) -> None:
    for playbook in portfolio.playbooks:
        for page, doc in zip(
            PAGES,
            (
                playbook.engagement,
                playbook.brief,
                playbook.escalation,
                playbook.certification,
                playbook.ramp,
            ),
            strict=True,
        ):
            assert doc is not None
            status = doc.model.metadata.status.capitalize()
            line = f"{status} Version {doc.model.metadata.version} ·"
            assert line in page_text(read(site, f"engagements/{playbook.id}/{page}"))


def test_overview_shows_sign_off_state_of_each_document(site: Path) -> None:
    rows = table_rows(read(site, "engagements/northwind-support/"))
    assert ["Engagement brief", "1.2", "Approved", "Approved by both parties"] in rows
    assert ["30/60/90-day plan", "1.0", "Review", "Awaiting client sign-off"] in rows


def test_charts_are_inline_svg_with_one_marker_per_timeline_entry(
    site: Path, portfolio: Portfolio
) -> None:
    for playbook in portfolio.playbooks:
        html = read(site, f"engagements/{playbook.id}/")
        chart = re.search(r'<figure class="pb-chart pb-timeline".*?</figure>', html, re.S)
        assert chart is not None
        drawn = chart.group(0)
        markers = drawn.count('class="pb-chart-milestone"') + drawn.count('class="pb-chart-review"')
        assert markers == len(timeline_events(playbook))
        # a re-planned milestone also gets a hollow marker at its new date
        moved = drawn.count('class="pb-chart-moved"')
        assert moved == (1 if playbook.id == "northwind-support" else 0)
        assert 'class="pb-chart pb-ramp"' in html
        assert "<script" not in chart.group(0)


def test_calendar_is_linked_from_the_overview_and_reads_back(
    site: Path, portfolio: Portfolio
) -> None:
    for playbook in portfolio.playbooks:
        assert f'href="{playbook.id}.ics"' in read(site, f"engagements/{playbook.id}/")
        data = (site / "engagements" / playbook.id / f"{playbook.id}.ics").read_bytes()
        events = icalendar.Calendar.from_ical(data).walk("VEVENT")
        assert [str(e["SUMMARY"]) for e in events] == [e.title for e in timeline_events(playbook)]


def test_upcoming_lists_the_next_30_days_and_the_overdue_milestones(site: Path) -> None:
    text = page_text(read(site, "upcoming/"))
    assert "As of 1 Dec 2026" in text
    assert "Nothing is overdue." in text  # every milestone due so far is done
    rows = table_rows(read(site, "upcoming/"))
    northwind = "Northwind Outfitters customer care transition"
    assert [(row[0], row[1], row[3]) for row in rows if row[2] == northwind] == [
        (
            "3 Dec 2026",
            "in 2 days",
            "Publish the holiday returns policy article and macro (action)",
        ),
        ("4 Dec 2026", "in 3 days", "Raise certified agents to three concurrent chats (action)"),
        (
            "8 Dec 2026",
            "in 7 days",
            "Calibrate both QA teams on 20 holiday-return tickets (action)",
        ),
        (
            "11 Dec 2026",
            "in 10 days",
            "Coach the six agents with the lowest CSAT on delivery-delay contacts (action)",
        ),
        ("11 Dec 2026", "in 10 days", "Voice overflow queue live (re-planned +4 days)"),
        (
            "28 Dec 2026",
            "in 27 days",
            "Tier 2 agents certified on refunds, warranty and carrier cases",
        ),
        ("31 Dec 2026", "in 30 days", "60-day optimisation review (review)"),
    ]
    # the proposal starts in March: nothing of it is due within 30 days
    assert not [row for row in rows if row[2].startswith("Summit")]


def test_engagements_index_lists_each_engagement_with_its_status(
    site: Path, portfolio: Portfolio
) -> None:
    rows = table_rows(read(site, "engagements/"))
    by_title = {row[0]: row[1:] for row in rows}
    assert by_title["Northwind Outfitters customer care transition"] == [
        "Onboarding",
        "Red",
        "",
        "4",
        "$6,111",  # the service credits due so far
        f"5 of {documents('northwind-support')}",  # all but the plan and the scorecard, in review
        "4 of 5 (3)",  # the client's ratings: their average, over how many milestones
        "31 Dec 2026 (day 60)",
    ]
    assert by_title["Summit Analytics outbound demo campaign"] == [
        "Proposal",
        "Not started",
        "",
        "",
        "",
        f"0 of {documents('summit-outbound')}",
        "",
        "10 Mar 2027 (day 10)",
    ]
    assert len(rows) == 1 + len(portfolio.playbooks)  # the header row, then one each


def test_metric_catalog_defines_every_metric(site: Path, portfolio: Portfolio) -> None:
    text = page_text(read(site, "metrics/"))
    for catalog in portfolio.catalogs:
        for metric in catalog.model.spec.metrics:
            assert f"{metric.name}¶ Id {metric.id}" in text


def test_schema_reference_lists_every_field_of_every_shape(site: Path) -> None:
    rows: list[list[str]] = []
    for page in (site / "reference" / "schema").glob("*/index.html"):
        rows += table_rows(page.read_text(encoding="utf-8"))
    documented = {row[0] for row in rows}
    for name, model in shapes().items():
        for field, info in model.model_fields.items():
            assert (info.alias or field) in documented, f"{name}.{field}"
    owner = next(r for r in rows if r[0] == "owner" and r[3].startswith("The one person"))
    assert owner[2] == "yes"


def test_rule_reference_has_every_code_with_its_summary(site: Path) -> None:
    text = page_text(read(site, "reference/rules/"))
    for entry in RULES.values():
        assert f"{entry.code} {entry.name}" in text
        assert " ".join(entry.summary.replace("`", "").split()) in text


def test_search_index_holds_clients_people_and_metrics(site: Path, portfolio: Portfolio) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    for playbook in portfolio.playbooks:
        assert playbook.engagement.model.spec.client.name in text
        assert all(person.name in text for person in playbook.people.values())
        assert all(metric.name in text for metric in playbook.metrics.values())


def test_pages_are_tagged_by_client_vendor_channel_and_status(site: Path) -> None:
    text = page_text(read(site, "tags/"))
    for tag in (
        "client: Northwind Outfitters",
        "vendor: Harbor CX",
        "channel: chat",
        "status: proposal",
        "status: onboarding",
    ):
        assert tag in text


def test_navigation_shows_sections_in_reading_order(site: Path) -> None:
    tabs = re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', read(site, "metrics/"))
    assert tabs == [
        "Engagement playbooks",
        "Upcoming",
        "Engagements",
        "Metric catalog",
        "Reference",
        "Guides",
        "Tags",
    ]
    html = read(site, "engagements/northwind-support/plan/")
    sidebar = html[html.index("md-nav--primary") :]
    titles = (
        "Northwind Outfitters customer care transition",
        "Engagement brief:",
        "Escalation matrix:",
        "Agent certification checklist:",
        "30/60/90-day plan:",
        "Summit Analytics",
    )
    order = [sidebar.index(title) for title in titles]
    assert order == sorted(order)


def test_same_playbooks_build_the_same_bytes(project: Path, site: Path) -> None:
    again = project / "build" / "again"
    done = mkdocs(project, "build", "--site-dir", str(again))
    assert done.returncode == 0, done.stderr
    compared = filecmp.dircmp(site, again)
    pending = [compared]
    while pending:
        current = pending.pop()
        _, mismatch, errors = filecmp.cmpfiles(
            current.left, current.right, current.common_files, shallow=False
        )
        assert not mismatch, (current.left, mismatch)
        assert not errors, (current.left, errors)
        assert not current.left_only
        assert not current.right_only
        pending.extend(current.subdirs.values())


def test_no_markdown_syntax_shows_on_any_page(site: Path) -> None:
    for path in site.rglob("*.html"):
        text = page_text(path.read_text(encoding="utf-8"))
        for leak in ("{:", "!!!", "| ---", "](", "\\_", "\\*", "\\[", "&amp;", "&lt;", "{{", "{%"):
            assert leak not in text, (path, leak)


def test_checklist_prints_a_form_line_that_the_screen_hides(site: Path) -> None:
    html = read(site, "engagements/northwind-support/certification/")
    assert '<p class="pb-print-only">Agent: ___' in html
    css = (site / "stylesheets" / "playbook.css").read_text()
    assert ".pb-print-only { display: none; }" in css
    assert "@media print" in css


def test_readiness_page_lists_every_flag_with_its_result_and_place(site: Path) -> None:
    html = read(site, "engagements/summit-outbound/readiness/")
    assert "9 of 9 hold." in page_text(html)
    rows = table_rows(html)
    assert rows[0] == ["Red flag", "Result", "Why", "Where"]
    assert [row[0] for row in rows[1:4]] == [
        "1. A written engagement brief, signed off by both sides",
        "2. A dated timeline: every milestone with a named owner and a due date",
        "3. A certification gate before agents go live",
    ]
    assert {row[1] for row in rows[1:]} == {"✓ Passed"}
    # Places are given inside the engagement's folder: brief.yaml, not the whole path.
    assert rows[1][3] == "brief.yaml:7:11"
    assert rows[4][3] == "ramp.yaml:72:7"


def test_an_accepted_risk_shows_in_the_review_and_the_brief(site: Path) -> None:
    review = read(site, "engagements/northwind-support/readiness/")
    assert "8 of 9 hold; 1 is a risk both sides accepted in the brief." in page_text(review)
    rows = table_rows(review)
    assert rows[7][:2] == [
        "7. At least four weeks of onboarding for a support team",
        "! Accepted risk",
    ]
    assert "accepted by Dana Whitfield and Sofia Marsh" in rows[7][2]
    brief = page_text(read(site, "engagements/northwind-support/brief/"))
    assert (
        "Risks accepted¶ Both sides weighed these warning signs and accepted them, for the "
        "reasons given. A support transition compresses onboarding below four weeks (PB707). "
        "Tier 1 goes live on day 22 in supervised nesting"
    ) in brief
    assert "Accepted by Dana Whitfield and Sofia Marsh." in brief


def test_no_page_shows_unrendered_markup(site: Path) -> None:
    leftovers = re.compile(r"\+\+\w+\+\+|\{\{|\{%|\]\(|<span|<div")
    for html in site.rglob("*.html"):
        text = page_text(html.read_text(encoding="utf-8"))
        found = leftovers.search(text)
        assert found is None, f"{html.relative_to(site)}: {text[max(0, found.start() - 40) :][:90]}"


def test_an_unversioned_build_asks_for_no_version_list(site: Path) -> None:
    # versions.json exists only beside builds mike makes; without it every page would
    # request it and log a 404. The selector of published versions is tested in
    # tests/test_site_browser.py.
    pages = sorted(site.rglob("*.html"))
    assert pages
    assert not any('"provider": "mike"' in page.read_text(encoding="utf-8") for page in pages)


def test_labels_and_people_read_as_words(site: Path) -> None:
    brief = page_text(read(site, "engagements/northwind-support/brief/"))
    assert "Crm" not in brief
    assert " CRM " in f" {brief} "
    assert " QA " in f" {brief} "
    # a role with brackets of its own is not wrapped in another pair (the sign-offs)
    assert "(VP Customer Experience (executive sponsor))" not in brief
    assert "Dana Whitfield, VP Customer Experience (executive sponsor)" in brief
