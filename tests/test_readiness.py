"""`playbook review`: each red flag passed or failed, with its reason and place."""

from __future__ import annotations

import json
from pathlib import Path

from generator.readiness import FLAGS, review
from generator.validation import validate
from tests.conftest import Invoke, replace_in, where


def _speed_only_without_day_30(examples: Path) -> tuple[Path, Path]:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "    - day: 30\n", "    - day: 35\n")
    brief = examples / "summit-outbound" / "brief.yaml"
    text = brief.read_text()
    quality = (
        "      - metric: qa-pass\n        comparator: at-least\n        value: 85\n"
        "      - metric: dnc-compliance\n        comparator: equals\n        value: 100\n"
    )
    assert quality in text
    brief.write_text(text.replace(quality, ""))
    return ramp, brief


def test_a_missing_day_30_review_and_a_speed_only_sla_are_the_flags_reported(
    examples: Path, invoke: Invoke
) -> None:
    ramp, brief = _speed_only_without_day_30(examples)
    result = invoke("review", "summit-outbound")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    failed = [line for line in lines if line.startswith("FAIL")]
    assert failed == [
        "FAIL 4. A formal day-30 review",
        "FAIL 5. Written numeric targets, with quality minimums next to speed",
    ]
    assert (
        f"       {where(ramp, '- day: 10')}: PB704 no checkpoint with a review around day 30 "
        "(checkpoints on days 10, 14, 35, 45, 60, 90)"
    ) in lines
    assert (
        f"       {where(brief, '- metric: speed-to-lead')}: PB705 the service levels set speed "
        "targets but no quality minimum"
    ) in lines
    assert lines[-1] == "7 of 9 checks pass; 2 red flags to fix."


def test_the_examples_pass_every_flag_with_a_reason_and_a_place(
    examples: Path, invoke: Invoke
) -> None:
    result = invoke("review", "northwind-support")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Readiness review of Northwind Outfitters customer care transition (northwind-support)"
    )
    # Every flag passes but the short onboarding, which the brief accepts.
    assert [line for line in lines if line.startswith("pass")] == [
        f"pass {flag.number}. {flag.title}" for flag in FLAGS if flag.number != 7
    ]
    brief = examples / "northwind-support" / "brief.yaml"
    at = lines.index("pass 1. A written engagement brief, signed off by both sides")
    assert lines[at + 1] == (
        "       Engagement brief 1.2 is approved by Dana Whitfield (client) and Sofia Marsh (vendor)."
    )
    assert lines[at + 2] == f"       {where(brief, 'approved')}"
    assert lines[-1] == "8 of 9 checks pass, 1 red flag accepted in the brief: no red flags to fix."


def test_onboarding_is_explained_from_the_first_live_interaction(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "      due: 2026-11-23\n", "      due: 2026-11-30\n")
    replace_in(
        examples / "northwind-support" / "engagement.yaml", "from_day: 22\n", "from_day: 29\n"
    )
    lines = invoke("review", "northwind-support").stdout.splitlines()
    at = lines.index("pass 7. At least four weeks of onboarding for a support team")
    assert lines[at + 1] == (
        "       The first live interaction (`go-live-tier-1`, 30 Nov 2026) comes after 28 days "
        "of onboarding."
    )
    assert lines[at + 2] == f"       {where(brief, 'id: go-live-tier-1')}"


def test_json_for_tools(examples: Path, invoke: Invoke) -> None:
    ramp, _ = _speed_only_without_day_30(examples)
    result = invoke("review", "summit-outbound", "--format", "json")
    data = json.loads(result.stdout)
    assert data["ready"] is False
    flag = data["flags"][3]
    assert flag["title"] == "A formal day-30 review"
    assert flag["passed"] is False
    assert flag["codes"] == ["PB704", "PB305"]
    assert f"{flag['path']}:{flag['line']}:{flag['column']}" == where(ramp, "- day: 10")
    finding = flag["findings"][0]
    assert finding["hint"] == "add a day-30 baseline checkpoint with its review and report"
    # every JSON output gives a problem the shape `validate --format json` gives it
    validated = json.loads(invoke("validate", "--format", "json").stdout)["diagnostics"]
    assert set(finding) == set(validated[0])
    assert data["version"] == 1


def test_missing_documents_fail_the_flags_that_read_them(examples: Path, invoke: Invoke) -> None:
    folder = examples / "summit-outbound"
    (folder / "brief.yaml").unlink()
    (folder / "ramp.yaml").unlink()
    result = invoke("review", "summit-outbound")
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert failed == [
        "FAIL 1. A written engagement brief, signed off by both sides",
        "FAIL 2. A dated timeline: every milestone with a named owner and a due date",
        "FAIL 4. A formal day-30 review",
        "FAIL 5. Written numeric targets, with quality minimums next to speed",
    ]
    engagement = where(folder / "engagement.yaml", "Engagement")
    assert (
        f"       {engagement}: PB701 engagement `summit-outbound` has no engagement brief"
    ) in result.stdout.splitlines()


def test_a_brief_that_is_not_yaml_fails_the_flags_that_read_it(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "  status: review\n", "  status: [review\n")
    result = invoke("review", "summit-outbound")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    failed = [line for line in lines if line.startswith("FAIL")]
    assert failed == [
        "FAIL 1. A written engagement brief, signed off by both sides",
        "FAIL 2. A dated timeline: every milestone with a named owner and a due date",
    ]
    assert lines[lines.index(failed[0]) + 1].startswith(
        "       playbooks/summit-outbound/brief.yaml:8:8: PB001 invalid YAML"
    )


def test_a_timeline_without_an_owner_fails_the_timeline_flag_at_that_line(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      owner: ohaddad\n      day: 7\n", "      day: 7\n")
    result = invoke("review", "summit-outbound")
    lines = result.stdout.splitlines()
    at = lines.index("FAIL 2. A dated timeline: every milestone with a named owner and a due date")
    assert lines[at + 1] == (
        f"       {where(brief, 'id: systems-tested', offset=0)}: PB102 milestone "
        "`systems-tested` is missing required field `owner`"
    )
    assert "FAIL 1. A written engagement brief, signed off by both sides" in lines


def test_a_flag_ignored_by_the_settings_is_still_reviewed(
    examples: Path, invoke: Invoke, workdir: Path
) -> None:
    (workdir / "playbook.toml").write_text('root = "playbooks"\nignore = ["PB7"]\n')
    _speed_only_without_day_30(examples)
    assert invoke("validate").exit_code == 0
    assert invoke("review", "summit-outbound").exit_code == 1


def test_review_returns_typed_results_for_other_outputs(examples: Path) -> None:
    result = validate()
    readiness = review(result, "summit-outbound")
    assert readiness.ready
    assert [r.flag.number for r in readiness.results] == list(range(1, 10))
    day_30 = readiness.results[3]
    assert day_30.passed
    assert day_30.reason == (
        "Day 30: 30-day baseline review, run by Leo Grant, with 6 targets and a written "
        "30-day baseline report."
    )
    assert str(day_30.location) == where(
        examples / "summit-outbound" / "ramp.yaml", "- day: 30", offset=2
    )


def test_an_unknown_engagement_is_a_usage_error(examples: Path, invoke: Invoke) -> None:
    result = invoke("review", "acme")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown engagement `acme`")


def test_the_order_of_the_launch_fails_the_flags_it_breaks(examples: Path, invoke: Invoke) -> None:
    # Go-live on day 15: before training, the readiness sign-off, the escalation matrix
    # and the tier's hand-over (and the edit makes the brief's sign-offs stale).
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "      due: 2026-11-23\n", "      due: 2026-11-16\n")
    result = invoke("review", "northwind-support")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("FAIL")] == [
        "FAIL 1. A written engagement brief, signed off by both sides",
        "FAIL 3. A certification gate before agents go live",
        "FAIL 6. An escalation matrix in force before go-live",
        "FAIL 8. Support tiers handed over one at a time",
    ]
    at = where(brief, "due: 2026-11-16", offset=5)
    assert (
        f"       {at}: PB304 go-live `go-live-tier-1` on 16 Nov 2026 (day 15) comes before the "
        "end of training (`training`, 18 Nov 2026 (day 17)): agents would go live before it"
    ) in lines
    engagement = examples / "northwind-support" / "engagement.yaml"
    assert (
        f"       {where(engagement, 'from_day: 22', offset=10)}: PB309 Tier 1 is handed over "
        "from day 22, but its go-live `go-live-tier-1` is on 16 Nov 2026 (day 15)"
    ) in lines
    # The short onboarding stays accepted in the brief.
    assert "risk 7. At least four weeks of onboarding for a support team" in lines


def test_a_baseline_review_before_go_live_fails_the_day_30_flag(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "      due: 2026-11-23\n", "      day: 33\n")
    lines = invoke("review", "northwind-support").stdout.splitlines()
    assert "FAIL 4. A formal day-30 review" in lines
    ramp = examples / "northwind-support" / "ramp.yaml"
    assert (
        f"       {where(ramp, '- day: 30', offset=7)}: PB305 the 30-day baseline review on "
        "1 Dec 2026 (day 30) comes before go-live `go-live-tier-1` on 4 Dec 2026 (day 33): there "
        "are no live results to review yet"
    ) in lines
