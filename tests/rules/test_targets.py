"""Rules on targets: PB401-PB404."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, findings, replace_in, where


def test_percent_out_of_range(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "          value: 70\n", "          value: 170\n")
    result = invoke("validate")
    assert f"{where(ramp, '170')}: PB401 target on `show-rate` is 170%, outside 0-100%" in (
        findings(result.stdout)
    )


def test_pass_threshold_out_of_range(examples: Path, invoke: Invoke) -> None:
    cert = examples / "summit-outbound" / "certification.yaml"
    replace_in(cert, "          pass_threshold: 85\n", "          pass_threshold: 850\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(cert, '850')}: PB401 pass threshold of `pitch-quiz` is 850%, outside 0-100%"
    ]


def test_a_ceiling_on_a_higher_is_better_metric(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(
        ramp,
        "        - metric: contact-rate\n          comparator: at-least\n          value: 25\n",
        "        - metric: contact-rate\n          comparator: at-most\n          value: 25\n",
    )
    result = invoke("validate")
    assert result.exit_code == 0
    at = where(ramp, "at-most\n          value: 25")
    assert findings(result.stdout) == [
        f"{at}: PB402 warning: `at-most` sets a ceiling on `contact-rate`, where higher is better"
    ]
    assert "= hint: for Contact rate, use `at-least`" in result.stdout


def test_a_looser_target_later_in_the_plan(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "          value: 88\n", "          value: 82\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(ramp, '82')}: PB403 warning: day-60 target on `qa-pass` (82) is looser than "
        "the day-30 one (85)"
    ]


def test_a_unit_that_differs_from_the_metric(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(
        ramp,
        "        - metric: speed-to-lead\n          comparator: at-most\n          value: 5\n",
        "        - metric: speed-to-lead\n          comparator: at-most\n          value: 5\n"
        "          unit: seconds\n",
    )
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(ramp, 'seconds')}: PB404 target on `speed-to-lead` is in seconds, but the "
        "metric is measured in minutes"
    ]


def test_a_numeric_comparator_needs_a_value(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(
        ramp,
        "        - metric: system-access\n          comparator: at-least\n          value: 100\n",
        "        - metric: system-access\n          comparator: at-least\n",
    )
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(ramp, 'metric: system-access')}: PB104 item 1 of `targets`: target on "
        "`system-access` says `at-least` but gives no `value`"
    ]


def test_a_plan_that_ends_below_the_service_level_is_an_error_at_its_last_target(
    examples: Path, invoke: Invoke
) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    text = ramp.read_text()
    day_90 = text.index("    - day: 90")
    old = "        - metric: csat\n          comparator: at-least\n          value: 88"
    at = text.index(old, day_90)
    ramp.write_text(text[:at] + old.replace("88", "85") + text[at + len(old) :])
    result = invoke("validate")
    assert result.exit_code == 1
    line = text.count("\n", 0, at) + 3
    assert (
        f"playbooks/northwind-support/ramp.yaml:{line}:18: PB405 the plan ends with `csat` at "
        "85% on day 90, weaker than the service level of 88% in the brief"
    ) in findings(result.stdout)
