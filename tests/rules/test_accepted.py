"""Red flags accepted in the brief: PB710, PB711, and what validation and the review show."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, findings, replace_in, where


def _codes(output: str, *codes: str) -> list[str]:
    return [line for line in findings(output) if any(f" {code} " in line for code in codes)]


def test_an_accepted_red_flag_is_not_reported(examples: Path, invoke: Invoke) -> None:
    # Northwind goes live on day 22; its brief accepts the short onboarding, with a reason.
    result = invoke("validate", "--strict")
    assert result.exit_code == 0, result.stdout
    assert _codes(result.stdout, "PB707", "PB710", "PB711") == []


def test_the_review_shows_the_accepted_risk_with_its_reason(invoke: Invoke) -> None:
    result = invoke("review", "northwind-support")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    flag = lines.index("risk 7. At least four weeks of onboarding for a support team")
    assert lines[flag + 1].startswith(
        "       go-live `go-live-tier-1` comes after 21 days of onboarding, under four weeks; "
        "accepted by Dana Whitfield and Sofia Marsh: Tier 1 goes live on day 22 in supervised "
        "nesting"
    )
    assert lines[flag + 2].startswith("       playbooks/northwind-support/brief.yaml:")
    assert lines[-1] == "8 of 9 checks pass, 1 red flag accepted in the brief: no red flags to fix."


def test_an_acceptance_no_longer_needed_is_a_warning(examples: Path, invoke: Invoke) -> None:
    # Go-live moves to day 29 (and training, readiness and the hand-over with it).
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "      due: 2026-11-23\n", "      due: 2026-11-30\n")
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(engagement, "      from_day: 22\n", "      from_day: 29\n")
    result = invoke("validate")
    assert _codes(result.stdout, "PB707", "PB711") == [
        f"{where(brief, 'rule: PB707', offset=6)}: PB711 warning: `PB707` "
        "(onboarding-too-short) is accepted but no longer raised"
    ]


def test_only_red_flags_can_be_accepted_and_the_client_accepts_them(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "      accepted_by: [dwhitfield, smarsh]\n", "      accepted_by: [smarsh]\n")
    replace_in(
        brief,
        "  accepted_risks:\n",
        "  accepted_risks:\n    - rule: PB304\n      reason: Training runs late.\n"
        "      accepted_by: [dwhitfield]\n",
    )
    result = invoke("validate")
    assert _codes(result.stdout, "PB710") == [
        f"{where(brief, 'rule: PB304', offset=6)}: PB710 `PB304` (go-live-before-gate) is not "
        "a red flag that can be accepted",
        f"{where(brief, 'accepted_by: [smarsh]', offset=13)}: PB710 `PB707` is accepted by "
        "nobody from the client",
    ]
    # Accepted by the vendor alone, the flag still counts as accepted: PB710 blocks instead.
    assert _codes(result.stdout, "PB707") == []


def test_the_acceptance_rules_themselves_cannot_be_accepted(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(
        brief,
        "  accepted_risks:\n",
        "  accepted_risks:\n    - rule: PB711\n      reason: Keep it.\n"
        "      accepted_by: [dwhitfield]\n",
    )
    result = invoke("validate")
    assert _codes(result.stdout, "PB710", "PB711") == [
        f"{where(brief, 'rule: PB711', offset=6)}: PB710 `PB711` (accepted-risk-not-raised) "
        "is not a red flag that can be accepted"
    ]


def test_a_rule_code_is_checked_for_its_form(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "    - rule: PB707\n", "    - rule: onboarding\n")
    result = invoke("validate")
    assert (
        f"{where(brief, 'rule: onboarding', offset=6)}: PB104 `rule`: "
        "expected a rule code such as `PB707` (`playbook rules` lists them), found 'onboarding'"
    ) in findings(result.stdout)
