"""A catalog metric names the method its number is computed by, with its parameters: said
in words wherever the metric is defined, covered by the sign-offs of every document that
targets it, and refused at its place when it is not one of the known methods."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.approved import changes, shown
from generator.config import load_config
from generator.models.methods import (
    AbandonmentMethod,
    AnyMethod,
    CountMethod,
    HandleTimeMethod,
    PromoterMethod,
    QualityMethod,
    ResolutionMethod,
    SatisfactionMethod,
    ServiceLevelMethod,
    SpeedOfAnswerMethod,
)
from generator.pdf.packet.contents import metric_rows
from generator.pdf.reports import report_data, reports
from generator.validation import validate
from generator.views.methods import method_words
from generator.views.progress import standing
from tests.conftest import Invoke, findings, replace_in
from tests.test_person_pages import pages_for

CATALOG = "playbooks/metrics.yaml"


@pytest.mark.parametrize(
    ("method", "words"),
    [
        (
            ServiceLevelMethod(
                name="service-level", variant="offered", threshold=20, short_abandon=5
            ),
            "Contacts answered within 20 s / contacts offered; abandons within 5 s left out",
        ),
        (
            ServiceLevelMethod(name="service-level", variant="answered", threshold=30),
            "Contacts answered within 30 s / contacts answered (abandons not counted)",
        ),
        (
            ServiceLevelMethod(
                name="service-level", variant="abandoned-after-threshold", threshold=20
            ),
            "Contacts answered within 20 s / contacts answered and those abandoned after 20 s",
        ),
        (
            ServiceLevelMethod(name="service-level", variant="abandons-within-met", threshold=20),
            "Contacts answered or abandoned within 20 s / contacts offered",
        ),
        (
            ServiceLevelMethod(
                name="service-level", variant="all-offered", threshold=20, short_abandon=5
            ),
            "Contacts answered within 20 s / all contacts offered",  # short abandons count
        ),
        (
            AbandonmentMethod(name="abandonment", short_abandon=5),
            "Contacts abandoned before an answer / contacts offered; abandons within 5 s left "
            "out of both",
        ),
        (
            SpeedOfAnswerMethod(name="speed-of-answer", scope="queue-and-ring"),
            "Average seconds answered contacts waited in the queue and ringing",
        ),
        (
            HandleTimeMethod(name="handle-time", includes=("talk", "after-contact-work")),
            "Average of talk + after-contact work, over answered contacts",
        ),
        (
            ResolutionMethod(name="first-contact-resolution", window_days=14),
            "Contacts with no other contact from the same customer within 14 days / contacts "
            "resolved",
        ),
        (
            ResolutionMethod(name="first-contact-resolution", by="survey"),
            "Surveys saying the issue was solved / surveys answered",
        ),
        (SatisfactionMethod(name="top-box"), "Surveys scoring 4 to 5 / surveys answered"),
        (
            SatisfactionMethod(name="top-box", scale=10, top=3),
            "Surveys scoring 8 to 10 / surveys answered",
        ),
        (
            PromoterMethod(name="net-promoter"),
            "Share of scores 9-10 less share of scores 0-6, in points",
        ),
        (
            QualityMethod(name="qa-pass", pass_mark=85),
            "Scored contacts at or above 85 / scored contacts",
        ),
        (QualityMethod(name="qa-score"), "Average score of scored contacts"),
        (
            CountMethod(name="reopen-rate", window_days=7),
            "Tickets reopened within 7 days of solving / tickets solved",
        ),
        (CountMethod(name="show-rate"), "Meetings held / meetings booked"),
    ],
)
def test_each_method_is_said_with_its_parameters(method: AnyMethod, words: str) -> None:
    assert method_words(method) == words


def test_the_catalog_page_says_how_each_metric_is_computed(examples: Path) -> None:
    catalog = str(pages_for("client")["metrics.md"])
    assert (
        "| Computed by | Surveys scoring 4 to 5 / surveys answered (method <code>top-box</code>) |"
        in catalog
    )


def test_a_changed_method_makes_the_sign_offs_of_its_targets_stale(
    examples: Path, invoke: Invoke
) -> None:
    playbook = validate((), load_config()).portfolio.get("northwind-support")
    assert playbook is not None
    assert playbook.brief is not None
    before = shown(playbook, playbook.brief, "client")
    replace_in(
        examples / "metrics.yaml",
        "{name: top-box, scale: 5, top: 2}",
        "{name: top-box, scale: 5, top: 1}",
    )
    lines = findings(invoke("validate").output)
    stale = [line for line in lines if "brief.yaml" in line and "PB602" in line]
    assert len(stale) == 2  # both parties' sign-offs of the brief, which targets CSAT
    after = validate((), load_config()).portfolio.get("northwind-support")
    assert after is not None
    assert after.brief is not None
    assert changes(before, after, shown(after, after.brief, "client")) == [
        f"the method of `csat` changed (top 2 → 1) in {CATALOG}"
    ]


@pytest.mark.parametrize(
    ("method", "said"),
    [
        ("{name: top-box-share}", "`name`"),
        ("{name: service-level, variant: offered}", "`threshold`"),
        ("{name: service-level, variant: sometimes, threshold: 20}", "`variant`"),
        ("{name: top-box, scale: 5, top: 2, colour: red}", "`colour`"),
    ],
)
def test_a_method_not_known_is_refused_at_its_place(
    examples: Path, invoke: Invoke, method: str, said: str
) -> None:
    replace_in(examples / "metrics.yaml", "{name: top-box, scale: 5, top: 2}", method)
    done = invoke("validate")
    assert done.exit_code == 1
    errors = [line for line in findings(done.output) if line.startswith(CATALOG)]
    assert errors, done.output
    assert said in errors[0]


def test_the_report_and_the_packet_say_how_their_numbers_are_computed(examples: Path) -> None:
    playbook = validate((), load_config()).portfolio.get("northwind-support")
    assert playbook is not None
    (report,) = reports(playbook)
    held = report.recorded.review.held_on if report.recorded.review else None
    assert held is not None
    data = report_data(playbook, report, held, standing(playbook, held))
    assert data["methods"] == [
        {"metric": "Customer satisfaction", "words": "Surveys scoring 4 to 5 / surveys answered"}
    ]
    rows = {row["name"]: row for row in metric_rows(playbook)}
    assert rows["Service level"]["method"] == "Contacts answered within 30 s / all contacts offered"
    assert rows["Customer satisfaction"]["formula"] == (
        "Surveys rated 4 or 5 out of 5 / all surveys answered"
    )
