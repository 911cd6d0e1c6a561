"""Rules on dates: PB301-PB303."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, findings, replace_in, where


def test_a_milestone_after_the_engagement_ends(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      day: 88\n", "      day: 120\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(brief, '120')}: PB301 milestone `forward-plan` is due 2027-06-28, after the "
        "engagement ends on 2027-05-29 (day 90)"
    ]


def test_a_milestone_before_the_engagement_starts(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "      due: 2026-11-04\n", "      due: 2025-11-04\n")
    result = invoke("validate")
    assert (
        f"{where(brief, '2025-11-04')}: PB301 milestone `brief-signed` is due 2025-11-04, before "
        "the engagement starts on 2026-11-02"
    ) in findings(result.stdout)


def test_a_review_date_outside_the_window(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "        date: 2027-05-27\n", "        date: 2028-05-27\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(ramp, '2028-05-27')}: PB301 the day-90 review is on 2028-05-27, after the "
        "engagement ends on 2027-05-29 (day 90)",
        f"{where(ramp, '2028-05-27')}: PB307 warning: the 90-day strategic review falls on a "
        "Saturday (27 May 2028 (day 454))",
    ]


def test_timeline_out_of_order_is_a_warning(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(
        brief, "      owner: cdubois\n      day: 8\n", "      owner: cdubois\n      day: 4\n"
    )
    result = invoke("validate")
    assert result.exit_code == 0
    at = where(brief, "id: scripts-final")
    assert findings(result.stdout) == [
        f"{at}: PB302 warning: milestone `scripts-final` (2027-03-04) is listed after "
        "`scripts-reviewed` (2027-03-07) but is due earlier"
    ]
    assert invoke("validate", "--strict").exit_code == 1


def test_checkpoint_days_must_ascend(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "    - day: 45\n", "    - day: 25\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(ramp, 'day: 25', offset=5)}: PB303 checkpoint day 25 comes after day 30: "
        "days must ascend"
    ]


def test_phases_must_not_overlap(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(ramp, "      from_day: 31\n", "      from_day: 29\n")
    result = invoke("validate")
    assert (
        f"{where(ramp, '29')}: PB303 phase `Stabilisation and QA alignment` starts on day 29, "
        "inside the previous phase (which ends on day 30)"
    ) in findings(result.stdout)


def test_engagement_ending_before_it_starts(examples: Path, invoke: Invoke) -> None:
    engagement = examples / "summit-outbound" / "engagement.yaml"
    replace_in(engagement, "  start: 2027-03-01\n", "  start: 2027-03-01\n  end: 2027-01-01\n")
    result = invoke("validate")
    errors = [line for line in findings(result.stdout) if " PB208 " not in line]
    assert errors == [
        f"{where(engagement, 'client:')}: PB104 `spec`: the engagement ends (2027-01-01) before "
        "it starts (2027-03-01)"
    ]
