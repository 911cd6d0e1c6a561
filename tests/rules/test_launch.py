"""Rules on the order of the launch: PB304-PB309, each on a copy of the examples."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, findings, replace_in, where


def _codes(output: str, *codes: str) -> list[str]:
    return [line for line in findings(output) if any(f" {code} " in line for code in codes)]


def test_going_live_before_training_and_readiness(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(
        brief,
        "      owner: epetrova\n      due: 2026-11-23",
        "      owner: epetrova\n      due: 2026-11-15",
    )
    result = invoke("validate")
    assert result.exit_code == 1
    at = where(brief, "due: 2026-11-15", offset=5)
    assert _codes(result.stdout, "PB304") == [
        f"{at}: PB304 go-live `go-live-tier-1` on 15 Nov 2026 (day 14) comes before the end "
        "of training (`training`, 18 Nov 2026 (day 17)): agents would go live before it",
        f"{at}: PB304 go-live `go-live-tier-1` on 15 Nov 2026 (day 14) comes before the "
        "launch-readiness sign-off (`readiness`, 20 Nov 2026 (day 19)): agents would go live "
        "before it",
    ]


def test_a_baseline_review_before_go_live(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(
        brief,
        "      owner: epetrova\n      due: 2026-11-23",
        "      owner: epetrova\n      due: 2026-12-05",
    )
    result = invoke("validate")
    ramp = examples / "northwind-support" / "ramp.yaml"
    assert _codes(result.stdout, "PB305") == [
        f"{where(ramp, '- day: 30', offset=7)}: PB305 the 30-day baseline review on 1 Dec 2026 "
        "(day 30) comes before go-live `go-live-tier-1` on 5 Dec 2026 (day 34): there are no "
        "live results to review yet"
    ]


def test_resolution_sooner_than_response(examples: Path, invoke: Invoke) -> None:
    matrix = examples / "northwind-support" / "escalation.yaml"
    replace_in(matrix, "      resolution: 4h", "      resolution: 10m")
    result = invoke("validate")
    assert _codes(result.stdout, "PB306") == [
        f"{where(matrix, 'resolution: 10m', offset=12)}: PB306 level `P1` is to be resolved "
        "in 10m, sooner than its response target of 15m"
    ]


def test_a_review_on_a_sunday_is_a_warning(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(
        ramp,
        "        title: 30-day baseline review\n",
        "        title: 30-day baseline review\n        date: 2026-12-06\n",
    )
    result = invoke("validate")
    assert _codes(result.stdout, "PB307") == [
        f"{where(ramp, '2026-12-06')}: PB307 warning: the 30-day baseline review falls on a "
        "Sunday (6 Dec 2026 (day 35))"
    ]


def test_a_review_on_a_holiday_of_the_engagement(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(
        ramp,
        "        title: 30-day baseline review\n",
        "        title: 30-day baseline review\n        date: 2026-11-26\n",
    )
    result = invoke("validate")
    assert _codes(result.stdout, "PB307") == [
        f"{where(ramp, '2026-11-26')}: PB307 warning: the 30-day baseline review falls on "
        "Thanksgiving (26 Nov 2026 (day 25))"
    ]


def test_go_live_moved_past_the_baseline_review_and_the_tier_handover(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "      due: 2026-11-23\n", "      day: 33\n")
    result = invoke("validate")
    engagement = examples / "northwind-support" / "engagement.yaml"
    ramp = examples / "northwind-support" / "ramp.yaml"
    assert _codes(result.stdout, "PB305", "PB309") == [
        f"{where(engagement, 'from_day: 22', offset=10)}: PB309 Tier 1 is handed over from day "
        "22, but its go-live `go-live-tier-1` is on 4 Dec 2026 (day 33)",
        f"{where(ramp, '- day: 30', offset=7)}: PB305 the 30-day baseline review on 1 Dec 2026 "
        "(day 30) comes before go-live `go-live-tier-1` on 4 Dec 2026 (day 33): there are no "
        "live results to review yet",
    ]
    assert "= hint: set `from_day: 33`, or move `go-live-tier-1` to day 22" in result.stdout


def test_a_tier_without_a_milestone_may_not_start_before_go_live(
    examples: Path, invoke: Invoke
) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(
        engagement, "      from_day: 22\n      milestone: go-live-tier-1\n", "      from_day: 15\n"
    )
    result = invoke("validate")
    assert _codes(result.stdout, "PB309") == [
        f"{where(engagement, 'from_day: 15', offset=10)}: PB309 Tier 1 is handed over from day "
        "15, before the first go-live `go-live-tier-1` on 23 Nov 2026 (day 22)"
    ]


def test_a_tier_names_a_milestone_of_the_timeline(examples: Path, invoke: Invoke) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(engagement, "milestone: go-live-tier-1\n", "milestone: go-live-tier1\n")
    result = invoke("validate")
    assert _codes(result.stdout, "PB206", "PB309") == [
        f"{where(engagement, 'go-live-tier1')}: PB206 milestone `go-live-tier1` is not in the "
        "brief's timeline"
    ]
    assert "= hint: did you mean `go-live-tier-1`?" in result.stdout


def test_a_review_only_the_vendor_attends(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(
        ramp,
        "attendees: [dwhitfield, malvarez, praman, smarsh, jokafor, rmenon]",
        "attendees: [smarsh, jokafor, rmenon]",
    )
    result = invoke("validate")
    assert _codes(result.stdout, "PB308") == [
        f"{where(ramp, 'attendees: [smarsh', offset=11)}: PB308 the 30-day baseline review "
        "has no attendee from the client"
    ]


def test_the_examples_pass_every_launch_rule(examples: Path, invoke: Invoke) -> None:
    result = invoke("validate")
    assert _codes(result.stdout, "PB304", "PB305", "PB306", "PB307", "PB308", "PB309") == []
