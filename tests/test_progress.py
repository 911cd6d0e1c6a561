"""Where an engagement stands: every status of targets, milestones and the engagement."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.config import load_config
from generator.models import Checkpoint, MetricDefinition, Target
from generator.models.scorecard import Measurement, Point, Series
from generator.portfolio import Playbook
from generator.validation import validate
from generator.views.progress import judge, standing
from generator.views.tracking import tracked
from tests.conftest import EXAMPLES, replace_in

CHECKPOINT = Checkpoint.model_validate(
    {
        "day": 30,
        "title": "Baseline",
        "focus": "Where it stands",
        "targets": [{"metric": "csat", "comparator": "at-least", "value": 85}],
        "review": {"title": "Review", "owner": "a", "attendees": ["a"], "agenda": ["KPIs"]},
        "deliverable": {"title": "Report", "owner": "a"},
    }
)
REVIEW = date(2026, 12, 1)


def target(comparator: str, value: float | None = None) -> Target:
    return Target(metric="csat", comparator=comparator, value=value)  # type: ignore[arg-type]


def weekly(*values: float) -> Series:
    days = [date(2026, 11, 8 + 7 * i) for i in range(len(values))]
    return Series(
        metric="csat",
        points=tuple(Point(date=d, value=v) for d, v in zip(days, values, strict=True)),
    )


def measured(value: float) -> Measurement:
    return Measurement(metric="csat", value=value)


@pytest.mark.parametrize(
    ("comparator", "goal", "value", "state", "words"),
    [
        ("at-least", 85, 84, "missed", "Missed by 1 point"),
        ("at-least", 85, 85, "met", "Met"),
        ("at-most", 240, 250, "missed", "Missed by 10 minutes"),
        ("below", 8, 8, "missed", "Missed by 0 points"),
        ("above", 80, 80.5, "met", "Met"),
    ],
)
def test_a_recorded_value_is_met_or_missed_by_how_much(
    comparator: str, goal: float, value: float, state: str, words: str
) -> None:
    unit = "minutes" if goal == 240 else "percent"
    metric = MetricDefinition(
        id="csat",
        name="CSAT",
        unit=unit,
        direction="higher",
        category="quality",  # type: ignore[arg-type]
        formula="f",
        source="s",
    )
    status = judge(
        CHECKPOINT, target(comparator, goal), REVIEW, measured(value), None, metric, REVIEW
    )
    assert (status.state, status.words) == (state, words)


def test_before_the_review_a_target_is_not_yet_due_or_at_risk() -> None:
    early = date(2026, 11, 25)
    assert (
        judge(CHECKPOINT, target("at-least", 85), REVIEW, None, None, None, early).state
        == "not-yet-due"
    )
    falling = judge(
        CHECKPOINT, target("at-least", 85), REVIEW, None, weekly(90, 88, 86), None, early
    )
    assert falling.state == "at-risk"
    assert falling.actual_text == "on course for 83.4"  # 86 on 22 Nov, falling 2 a week
    steady = judge(
        CHECKPOINT, target("at-least", 85), REVIEW, None, weekly(90, 90, 91), None, early
    )
    assert steady.state == "not-yet-due"
    two_points = judge(
        CHECKPOINT, target("at-least", 85), REVIEW, None, weekly(90, 80), None, early
    )
    assert two_points.state == "not-yet-due"  # two values are a change, not a trend


def test_after_the_review_without_a_value_there_is_no_data() -> None:
    status = judge(CHECKPOINT, target("at-least", 85), REVIEW, None, None, None, REVIEW)
    assert (status.state, status.words) == ("no-data", "No data")


def test_a_trend_is_judged_from_the_weekly_series() -> None:
    down = target("trending-down")
    assert judge(CHECKPOINT, down, REVIEW, None, weekly(5, 4, 3), None, REVIEW).state == "met"
    rising = judge(CHECKPOINT, down, REVIEW, None, weekly(3, 4, 5), None, REVIEW)
    assert (rising.state, rising.actual_text) == ("missed", "+1 a week")
    assert judge(CHECKPOINT, down, REVIEW, None, weekly(5), None, REVIEW).state == "no-data"
    early = date(2026, 11, 20)
    assert judge(CHECKPOINT, down, REVIEW, None, weekly(3, 4), None, early).state == "at-risk"


@pytest.fixture
def northwind(tmp_path: Path) -> Playbook:
    return _northwind(EXAMPLES)


def _northwind(root: Path) -> Playbook:
    result = validate((), load_config(start=root.parent))
    playbook = result.portfolio.get("northwind-support")
    assert playbook is not None
    return playbook


def test_the_example_on_its_day_30_review(northwind: Playbook) -> None:
    state = standing(northwind, date(2026, 12, 1))
    assert state.rag == "red"
    assert state.reasons[:2] == (
        "Process error rate missed on day 30",
        "Customer satisfaction missed on day 30",
    )
    words = {m.milestone.id: m.words for m in state.milestones}
    assert words["kickoff"] == "Done"
    assert words["access-ready"] == "Done 1 day late"
    assert words["voice-overflow"] == "Planned (re-planned +4 days)"
    assert words["tier-2-certified"] == "Planned"
    assert [a.action.id for a in state.open_actions] == [
        "returns-article",
        "returns-calibration",
        "chat-concurrency",
        "csat-coaching",
    ]


def test_milestones_run_late_then_overdue(northwind: Playbook) -> None:
    state = standing(northwind, date(2026, 12, 8))
    words = {m.milestone.id: m.words for m in state.milestones}
    assert words["voice-overflow"] == "Due soon (re-planned +4 days)"
    later = standing(northwind, date(2026, 12, 20))
    overdue = {m.milestone.id: m for m in later.milestones}["voice-overflow"]
    assert (overdue.state, overdue.late_by) == ("overdue", 9)
    assert overdue.words == "Overdue by 9 days (re-planned +4 days)"
    assert "Voice overflow queue live overdue by 9 days" in later.reasons


def test_a_review_past_without_results_is_late(northwind: Playbook) -> None:
    items = tracked(northwind, standing(northwind, date(2027, 1, 4)))
    day_60 = next(i for i in items if i.entry.id == "day-60")
    assert (day_60.state, day_60.words) == ("results-due", "Results due (4 days late)")
    day_30 = next(i for i in items if i.entry.id == "day-30")
    assert day_30.words == "Held"


def test_green_once_every_miss_is_behind_and_nothing_is_late(tmp_path: Path) -> None:
    root = tmp_path / "playbooks"
    shutil.copytree(EXAMPLES, root)
    (tmp_path / "playbook.toml").write_text('[tool.playbook]\nroot = "playbooks"\n')
    results = root / "northwind-support" / "results.yaml"
    replace_in(results, "          value: 84\n", "          value: 86\n")
    replace_in(results, "{date: 2026-11-29, value: 3.6}", "{date: 2026-11-29, value: 2.6}")
    replace_in(results, "{date: 2026-11-29, value: 84}", "{date: 2026-11-29, value: 88}")
    playbook = _northwind(root)
    state = standing(playbook, date(2026, 12, 2))
    assert (state.rag, state.reasons) == ("green", ())
    amber = standing(playbook, date(2026, 12, 5))  # two actions now past their dates
    assert (amber.rag, amber.reasons) == ("amber", ("2 corrective actions overdue",))
