"""The merge gate on the scorecard: each rule on a copy of the examples, located exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke, findings, replace_in, where

CSAT_CAUSE = (
    "          root_cause: >-\n"
    "            Chat waits over 10 minutes on the Black Friday weekend, when the supervised agents\n"
    "            were capped at two chats each; 61% of the low scores cite the wait.\n"
)


@pytest.fixture
def results(examples: Path) -> Path:
    return examples / "northwind-support" / "results.yaml"


def test_the_examples_validate_clean(examples: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--strict")
    assert result.exit_code == 0, result.stdout


def test_a_miss_that_loses_its_root_cause_fails_at_its_metric(
    results: Path, invoke: Invoke
) -> None:
    replace_in(results, CSAT_CAUSE, "")
    result = invoke("validate")
    assert result.exit_code == 1
    assert findings(result.stdout) == [
        f"{where(results, 'csat', offset=0)}: PB802 Customer satisfaction missed its day-30 "
        "target (by 1 point) and has no root cause"
    ]


def test_a_miss_without_actions_fails(results: Path, invoke: Invoke) -> None:
    text = results.read_text()
    start = text.index("          actions:\n            - id: chat-concurrency")
    end = text.index("  series:")
    results.write_text(text[:start] + text[end:])
    result = invoke("validate")
    assert result.exit_code == 1
    assert findings(result.stdout) == [
        f"{where(results, 'csat')}: PB803 Customer satisfaction missed its day-30 target and "
        "has no corrective action"
    ]


def test_an_action_that_loses_its_owner_fails_at_that_action(results: Path, invoke: Invoke) -> None:
    replace_in(
        results,
        "              owner: epetrova\n              due: 2026-12-04\n",
        "              due: 2026-12-04\n",
    )
    result = invoke("validate")
    assert result.exit_code == 1
    assert findings(result.stdout) == [
        f"{where(results, '- id: chat-concurrency', offset=2)}: PB102 action "
        "`chat-concurrency` is missing "
        "required field `owner`"
    ]


def test_people_and_milestones_must_be_known(results: Path, invoke: Invoke) -> None:
    replace_in(results, "attendees: [dwhitfield,", "attendees: [dwhitfeld,")
    replace_in(results, "    - milestone: kickoff\n", "    - milestone: kick-off\n")
    result = invoke("validate")
    codes = {line.split(": ")[1].split()[0] for line in findings(result.stdout)}
    assert codes == {"PB201", "PB206"}
    assert f"{where(results, 'dwhitfeld')}: PB201 `dwhitfeld` is not in the roster" in result.stdout


def test_results_for_a_checkpoint_the_plan_does_not_have(results: Path, invoke: Invoke) -> None:
    replace_in(results, "    - day: 30\n", "    - day: 31\n")
    result = invoke("validate")
    assert f"{where(results, '31')}: PB804 the plan has no checkpoint on day 31" in result.stdout


def test_a_result_the_checkpoint_does_not_target_or_in_another_unit(
    results: Path, invoke: Invoke
) -> None:
    replace_in(
        results,
        "        - metric: system-access\n",
        "        - metric: aht\n          value: 7\n        - metric: system-access\n          unit: minutes\n",
    )
    result = invoke("validate")
    found = findings(result.stdout)
    assert f"{where(results, 'aht')}: PB805 the day-30 checkpoint has no target on `aht`" in found
    assert (
        f"{where(results, 'minutes')}: PB806 `system-access` is measured in percent, not minutes"
        in found
    )


def test_impossible_values(results: Path, invoke: Invoke) -> None:
    replace_in(results, "          value: 86\n", "          value: 186\n")
    replace_in(results, "{date: 2026-11-08, value: 410}", "{date: 2026-11-08, value: -410}")
    result = invoke("validate")
    found = findings(result.stdout)
    assert (
        f"{where(results, '186')}: PB807 186 for `kb-coverage` is a percentage above 100" in found
    )
    assert f"{where(results, '-410')}: PB807 -410 for `frt` cannot be negative" in found


def test_dates_still_to_come(results: Path, invoke: Invoke) -> None:
    replace_in(results, "      done_on: 2026-12-01\n", "      done_on: 2026-12-09\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(results, '2026-12-09')}: PB808 9 Dec 2026 is after today (1 Dec 2026)"
    ]


def test_a_replan_needs_a_reason(results: Path, invoke: Invoke) -> None:
    replace_in(
        results,
        "          reason: Northwind's telephony provider moved the SIP trunk cut-over to 10 December.\n",
        "",
    )
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(results, '- due: 2026-12-11', offset=2)}: PB102 replan is missing required "
        "field `reason`"
    ]


def test_later_the_overdue_actions_and_the_missing_day_60_results_warn(
    examples: Path, invoke: Invoke
) -> None:
    result = invoke("validate", env={"PLAYBOOK_TODAY": "2027-01-04"})
    assert result.exit_code == 0  # warnings: the gate still opens
    found = findings(result.stdout)
    results = examples / "northwind-support" / "results.yaml"
    ramp = examples / "northwind-support" / "ramp.yaml"
    assert (
        f"{where(results, 'due: 2026-12-03', offset=5)}: PB809 warning: action `returns-article` "
        "was due on 3 Dec 2026 and is still open (32 days late)"
    ) in found
    assert (
        f"{where(ramp, '- day: 60', offset=7)}: PB801 warning: the day-60 review was due on "
        "31 Dec 2026 and no results are recorded for it"
    ) in found
    assert invoke("validate", "--strict", env={"PLAYBOOK_TODAY": "2027-01-04"}).exit_code == 1


def test_a_proposal_owes_no_results(examples: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--strict", env={"PLAYBOOK_TODAY": "2027-06-30"})
    summit = [line for line in findings(result.stdout) if "summit-outbound" in line]
    assert summit == []


def test_an_unreadable_date_for_today_is_a_clear_error(invoke: Invoke, examples: Path) -> None:
    result = invoke("validate", env={"PLAYBOOK_TODAY": "1 December"})
    assert result.exit_code == 2
    assert "PLAYBOOK_TODAY='1 December' is not a date: expected YYYY-MM-DD" in result.stderr


def test_a_milestone_past_its_date_and_not_done_warns_at_its_date(
    examples: Path, invoke: Invoke
) -> None:
    result = invoke("validate", env={"PLAYBOOK_TODAY": "2027-01-15"})
    assert result.exit_code == 0  # a warning: the gate still opens
    found = [line for line in findings(result.stdout) if " PB810 " in line]
    brief = examples / "northwind-support" / "brief.yaml"
    results = examples / "northwind-support" / "results.yaml"
    assert (
        f"{where(brief, 'due: 2027-01-04', offset=5)}: PB810 warning: milestone `go-live-tier-2` "
        "was due on 4 Jan 2027 and is not done (11 days late)"
    ) in found
    # re-planned in the scorecard: found at the latest re-plan, naming the brief's date too
    assert (
        f"{where(results, '- due: 2026-12-11', offset=7)}: PB810 warning: milestone "
        "`voice-overflow` was due on 11 Dec 2026 (re-planned from 7 Dec 2026) and is not done "
        "(35 days late)"
    ) in found
    assert invoke("validate", "--strict", env={"PLAYBOOK_TODAY": "2027-01-15"}).exit_code == 1


def test_a_milestone_done_late_is_no_longer_overdue(examples: Path, invoke: Invoke) -> None:
    results = examples / "northwind-support" / "results.yaml"
    text = results.read_text()
    line = "    - milestone: voice-overflow\n"
    results.write_text(text.replace(line, line + "      done_on: 2027-01-10\n"))
    result = invoke("validate", env={"PLAYBOOK_TODAY": "2027-01-15"})
    assert not [line for line in findings(result.stdout) if "`voice-overflow`" in line]
