"""Whether a change asks more or less of the team, and how values read."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from generator.diffing.wording import Names, moved_note, scalar_verdict, target_verdict, value_text
from generator.models import MetricDefinition, Target
from generator.models.certification import CertificationItem, Gate
from generator.models.escalation import SeverityLevel

CSAT = MetricDefinition(
    id="csat",
    name="Customer satisfaction",
    unit="percent",
    direction="higher",
    category="quality",
    formula="satisfied / surveyed",
    source="survey",
)
AHT = CSAT.model_copy(update={"id": "aht", "name": "Handle time", "direction": "lower"})


def target(comparator: str, value: float | None = None) -> Target:
    return Target(metric="csat", comparator=comparator, value=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "metric", "verdict"),
    [
        (target("at-least", 80), target("at-least", 85), CSAT, "tightened"),
        (target("at-least", 85), target("at-least", 80), CSAT, "loosened"),
        (target("above", 80), target("above", 81), CSAT, "tightened"),
        (target("at-most", 240), target("at-most", 300), AHT, "loosened"),
        (target("below", 8), target("below", 6), AHT, "tightened"),
        (target("equals", 5), target("equals", 6), CSAT, "tightened"),
        (target("equals", 5), target("equals", 6), AHT, "loosened"),
        (target("equals", 5), target("equals", 6), None, ""),
        (target("at-least", 80), target("trending-up"), CSAT, "loosened"),
        (target("trending-down"), target("at-most", 12), AHT, "tightened"),
        (target("at-least", 80), target("at-most", 80), CSAT, ""),
        (target("at-least", 80), target("at-least", 80), CSAT, ""),
    ],
)
def test_target_verdict_follows_the_comparator_and_the_metric(
    old: Target, new: Target, metric: MetricDefinition | None, verdict: str
) -> None:
    assert target_verdict(old, new, metric) == verdict


@pytest.mark.parametrize(
    ("shape", "field", "old", "new", "verdict"),
    [
        (SeverityLevel, "response", 15, 30, "loosened"),
        (SeverityLevel, "response", 60, 15, "tightened"),
        (SeverityLevel, "resolution", 240, None, "loosened"),
        (SeverityLevel, "resolution", None, 240, "tightened"),
        (CertificationItem, "pass_threshold", 85.0, 90.0, "tightened"),
        (CertificationItem, "required", True, False, "loosened"),
        (Gate, "go_live", True, False, "loosened"),
        (Gate, "go_live", False, True, "tightened"),
        (SeverityLevel, "hours", "24/7", "Mon-Fri", ""),
    ],
)
def test_scalar_verdicts(shape: Any, field: str, old: Any, new: Any, verdict: str) -> None:
    assert scalar_verdict(shape, field, old, new) == verdict


def test_values_read_as_people_durations_and_dated_days() -> None:
    names = Names(start=date(2026, 11, 2))
    assert value_text(SeverityLevel, "response", 240, names) == "4h"
    assert value_text(CertificationItem, "pass_threshold", 85.0, names) == "85%"
    assert value_text(CertificationItem, "assessor", "gkim", names) == "gkim"  # not in roster
    assert value_text(CertificationItem, "required", False, names) == "no"
    assert value_text(Gate, "audience", "internal", names) == "vendor team only"
    assert names.dated(date(2026, 12, 7)) == "7 Dec 2026 (day 36)"
    assert Names().dated(date(2026, 12, 7)) == "7 Dec 2026"


def test_moved_note_says_how_far_and_which_way() -> None:
    assert moved_note(7) == "7 days later"
    assert moved_note(-1) == "1 day earlier"
