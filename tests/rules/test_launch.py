"""Rules on the order of the launch: PB304-PB308, each on a copy of the examples."""

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
    assert _codes(result.stdout, "PB304", "PB305", "PB306", "PB307", "PB308") == []
