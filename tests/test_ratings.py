"""The client rates each milestone once it is done: only the client's people, on or after
the day it was done; the ratings show on the overview, the dashboard, the checkpoint
report and in the diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import load_config
from generator.pdf.reports import report_data, reports
from generator.validation import validate
from generator.views.progress import standing
from tests.conftest import Invoke, findings, replace_in, where
from tests.test_person_pages import pages_for

RATED = "      rating: {score: 4, by: malvarez, on: 2026-11-19}\n"


@pytest.mark.parametrize(
    ("new", "needle", "code", "said"),
    [
        (
            "      rating: {score: 4, by: smarsh, on: 2026-11-19}\n",
            "smarsh",
            "PB811",
            "Sofia Marsh (Account Director) is on the vendor's side: only the client's people "
            "rate milestones",
        ),
        (
            "      rating: {score: 4, by: malvarez, on: 2026-11-17}\n",
            "2026-11-17",
            "PB812",
            "rated on 17 Nov 2026, before the milestone was done on 18 Nov 2026",
        ),
        (
            "      rating: {score: 4, by: malvarez, on: 2027-01-05}\n",
            "2027-01-05",
            "PB808",
            "5 Jan 2027 is after today (1 Dec 2026)",
        ),
        (
            "      rating: {score: 4, by: malvarz, on: 2026-11-19}\n",
            "malvarz",
            "PB201",
            "`malvarz`",
        ),
        (
            "      rating: {score: 6, by: malvarez, on: 2026-11-19}\n",
            "6",
            "PB1",
            "5",
        ),
    ],
)
def test_a_rating_the_client_did_not_give_is_found_at_its_place(
    examples: Path, invoke: Invoke, new: str, needle: str, code: str, said: str
) -> None:
    results = examples / "northwind-support" / "results.yaml"
    replace_in(results, RATED, new)
    lines = findings(invoke("validate").output)
    place = where(results, new.strip(), offset=new.strip().index(needle))
    found = [line for line in lines if line.startswith(f"{place}: {code}")]
    assert found, lines
    assert said in found[0]


def test_a_milestone_not_done_cannot_be_rated(examples: Path, invoke: Invoke) -> None:
    replace_in(
        examples / "northwind-support" / "results.yaml",
        "    - milestone: voice-overflow\n",
        "    - milestone: voice-overflow\n      rating: {score: 2, by: malvarez, on: 2026-11-30}\n",
    )
    lines = findings(invoke("validate").output)
    assert any(
        "PB812 milestone `voice-overflow` is rated but not done" in line for line in lines
    ), lines


def test_the_ratings_show_on_the_overview_the_dashboard_and_the_report(
    examples: Path, invoke: Invoke
) -> None:
    pages = pages_for("client")
    overview = str(pages["engagements/northwind-support/index.md"])
    assert "**The client's ratings**: 4 of 5 on average, over 3 milestones." in overview
    assert "rated 5 of 5 by Dana Whitfield" in overview
    assert "| 4 of 5 (3) |" in str(pages["engagements/index.md"])
    playbook = validate((), load_config()).portfolio.get("northwind-support")
    assert playbook is not None
    (report,) = reports(playbook)
    data = report_data(
        playbook,
        report,
        report.recorded.review.held_on,
        standing(playbook, report.recorded.review.held_on),
    )  # type: ignore[union-attr]
    assert [(r["milestone"], r["score"]) for r in data["ratings"]] == [
        ("Systems access provisioned and tested for every agent", "3 of 5"),
        ("Agent training (days 12-17)", "4 of 5"),
        ("Tier 1 e-mail and chat go live (supervised)", "5 of 5"),
    ]


def test_the_diff_says_each_rating_in_words(examples: Path, invoke: Invoke) -> None:
    old = examples.parent / "old"
    shutil.copytree(examples, old)
    replace_in(old / "northwind-support" / "results.yaml", RATED, "")
    replace_in(old / "northwind-support" / "results.yaml", "score: 3", "score: 2")
    done = invoke("diff", str(old), str(examples))
    assert "* Marco Alvarez rated “Agent training (days 12-17)” 4 of 5\n" in done.stdout
    assert (
        "* Marco Alvarez rated “Systems access provisioned and tested for every agent” 3 of 5 "
        "(was 2 of 5): “Two agents lost a training day waiting for their Okta accounts.”"
    ) in done.stdout
