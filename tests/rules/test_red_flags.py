"""The red flags a reviewer looks for before signing: PB701-PB709."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, findings, replace_in, where


def _flags(result_stdout: str) -> list[str]:
    return [line for line in findings(result_stdout) if " PB7" in line]


def test_red_flags_are_warnings_that_fail_only_when_strict(examples: Path, invoke: Invoke) -> None:
    (examples / "summit-outbound" / "ramp.yaml").unlink()
    result = invoke("validate")
    assert result.exit_code == 0
    assert _flags(result.stdout) == [
        "playbooks/summit-outbound/engagement.yaml:3:7: PB704 warning: engagement "
        "`summit-outbound` has no 30/60/90-day plan"
    ]
    assert "Warnings do not fail the check without --strict." in result.stdout
    assert invoke("validate", "--strict").exit_code == 1


def test_missing_documents(examples: Path, invoke: Invoke) -> None:
    folder = examples / "summit-outbound"
    for name in ("brief.yaml", "certification.yaml", "escalation.yaml"):
        (folder / name).unlink()
    result = invoke("validate")
    assert [line.split(" warning: ")[1] for line in _flags(result.stdout)] == [
        "engagement `summit-outbound` has no engagement brief",
        "engagement `summit-outbound` has no certification checklist",
        "engagement `summit-outbound` has no escalation matrix",
    ]


def test_a_broken_document_is_not_reported_missing(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "  status: draft\n", "  status: drafty\n")
    result = invoke("validate")
    assert _flags(result.stdout) == []


def test_a_brief_that_is_not_yaml_is_reported_once(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "  status: approved\n", "  status: [approved\n")
    result = invoke("validate")
    # Its kind is read from its `kind:` line: not missing, and its milestones are unknown,
    # not absent, so the certification gate's `before: go-live-tier-1` is not blamed.
    assert [line.split(": ", 1)[1][:5] for line in findings(result.stdout)] == ["PB001"]
    assert findings(result.stdout)[0].startswith("playbooks/northwind-support/brief.yaml:")


def test_work_started_on_an_unsigned_brief(examples: Path, invoke: Invoke) -> None:
    engagement = examples / "summit-outbound" / "engagement.yaml"
    replace_in(engagement, "  phase: proposal\n", "  phase: onboarding\n")
    result = invoke("validate")
    brief = examples / "summit-outbound" / "brief.yaml"
    assert _flags(result.stdout) == [
        f"{where(brief, 'review')}: PB701 warning: the engagement is in its `onboarding` phase "
        "but the brief is `review`, not signed off by both sides"
    ]


def test_no_day_30_review(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "    - day: 30\n", "    - day: 35\n")
    result = invoke("validate")
    assert _flags(result.stdout) == [
        f"{where(ramp, '- day: 10')}: PB704 warning: no checkpoint with a review "
        "around day 30 (checkpoints on days 10, 14, 35, 45, 60, 90)"
    ]


def test_speed_only_service_levels(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    start = text.index("      - metric: fcr\n        comparator: at-least\n        value: 70\n")
    end = text.index("    fee_at_risk:")
    brief.write_text(text[:start] + text[end:], encoding="utf-8")
    result = invoke("validate")
    assert (
        f"{where(brief, '- metric: frt')}: PB705 warning: the service levels set speed "
        "targets but no quality minimum"
    ) in _flags(result.stdout)


def test_no_numeric_target_at_a_checkpoint(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(
        ramp,
        "        - metric: system-access\n          comparator: at-least\n          value: 100\n",
        "        - metric: system-access\n          comparator: trending-up\n",
    )
    result = invoke("validate")
    assert _flags(result.stdout) == [
        f"{where(ramp, '- metric: system-access')}: PB702 warning: the day-10 "
        "checkpoint has no numeric target"
    ]


def test_fee_at_risk_outside_the_usual_range(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      percent: 8\n", "      percent: 25\n")
    result = invoke("validate")
    assert _flags(result.stdout) == [
        f"{where(brief, 'percent: 25', offset=9)}: PB706 warning: fee at risk is 25% of the "
        "monthly invoice, outside "
        "the usual 5-15%"
    ]


def test_onboarding_is_measured_to_the_first_live_interaction(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    _unaccept(brief)
    result = invoke("validate")
    assert _flags(result.stdout) == [
        f"{where(brief, 'due: 2026-11-23', offset=5)}: PB707 warning: go-live `go-live-tier-1` "
        "comes after 21 days of onboarding, under four weeks"
    ]
    assert "record why it is acceptable under `accepted_risks` in the brief" in result.stdout


def test_a_phase_named_onboarding_does_not_hide_an_early_go_live(
    examples: Path, invoke: Invoke
) -> None:
    # The first phase says 30 days of onboarding; the go-live on day 15 is what counts.
    brief = examples / "northwind-support" / "brief.yaml"
    _unaccept(brief)
    replace_in(brief, "      due: 2026-11-23\n", "      day: 15\n")
    result = invoke("validate")
    assert (
        f"{where(brief, 'day: 15', offset=5)}: PB707 warning: go-live `go-live-tier-1` comes "
        "after 14 days of onboarding, under four weeks"
    ) in _flags(result.stdout)


def test_without_a_go_live_the_first_phase_is_measured(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    _unaccept(brief)
    replace_in(brief, "      type: go-live\n", "")
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(ramp, "      to_day: 30\n", "      to_day: 14\n")
    replace_in(ramp, "      from_day: 31\n", "      from_day: 15\n")
    result = invoke("validate")
    assert (
        f"{where(ramp, 'name: Onboarding')}: PB707 warning: onboarding phase `Onboarding and "
        "knowledge transfer` lasts 14 days, under four weeks"
    ) in _flags(result.stdout)


def _unaccept(brief: Path) -> None:
    """Take the accepted onboarding risk out of the Northwind brief."""
    text = brief.read_text(encoding="utf-8")
    start = text.index("  # Red flags both sides weighed")
    brief.write_text(text[:start] + text[text.index("signoffs:\n") :], encoding="utf-8")


def test_no_certification_gate(examples: Path, invoke: Invoke) -> None:
    cert = examples / "summit-outbound" / "certification.yaml"
    replace_in(cert, "    go_live: true\n", "    go_live: false\n")
    result = invoke("validate")
    assert _flags(result.stdout) == [
        f"{where(cert, 'false')}: PB703 warning: agents may go live without passing "
        "certification (`go_live: false`)"
    ]


def test_escalation_matrix_in_force_after_go_live(examples: Path, invoke: Invoke) -> None:
    matrix = examples / "summit-outbound" / "escalation.yaml"
    replace_in(matrix, "  effective_day: 8\n", "  effective_day: 20\n")
    result = invoke("validate")
    assert _flags(result.stdout) == [
        f"{where(matrix, '20')}: PB708 warning: the matrix takes effect on 2027-03-20, after "
        "go-live `launch` on 2027-03-11"
    ]


def test_all_tiers_at_once(examples: Path, invoke: Invoke) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(
        engagement,
        "      from_day: 64\n      milestone: go-live-tier-2\n",
        "      from_day: 22\n      milestone: go-live-tier-1\n",
    )
    result = invoke("validate")
    tier_2 = where(engagement, "22\n      milestone: go-live-tier-1\n      scope: Refunds")
    assert _flags(result.stdout) == [
        f"{tier_2}: PB709 warning: 2 tiers are handed to the vendor on the same day (day 22)"
    ]
