"""`playbook results import`: spreadsheet exports recorded in results.yaml, bad input located."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.config import load_config
from generator.models.scorecard import Scorecard
from generator.validation import validate
from tests.conftest import Invoke, findings
from tests.test_person_pages import pages_for

ENGAGEMENT = ("--engagement", "northwind-support", "--day", "30")


@pytest.fixture
def results(examples: Path) -> Path:
    return examples / "northwind-support" / "results.yaml"


def without_day_30_results(results: Path) -> None:
    text = results.read_text()
    start, end = text.index("      results:\n"), text.index("  series:\n")
    results.write_text(text[:start] + text[end:])


def recorded(examples: Path) -> dict[str, tuple[object, ...]]:
    """Each day-30 result as (value, period, source, note), read back through the model."""
    playbook = validate((), load_config(start=examples.parent)).portfolio.get("northwind-support")
    assert playbook is not None
    card = playbook.member(Scorecard.KIND)
    assert isinstance(card.model if card else None, Scorecard)
    assert card is not None
    day_30 = next(c for c in card.model.spec.checkpoints if c.day == 30)  # type: ignore[attr-defined]
    return {r.metric: (r.value, r.period, r.source, r.note) for r in day_30.results}


def test_an_export_of_the_examples_results_imports_back_to_the_same_values(
    examples: Path, results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    before = recorded(examples)
    exported = invoke("results", "export", *ENGAGEMENT)
    assert exported.exit_code == 0, exported.stderr
    table = tmp_path / "day-30.csv"
    table.write_text(exported.stdout)
    assert (
        exported.stdout.splitlines()[0] == "metric,value,unit,period_start,period_end,source,note"
    )
    # importing it over itself changes nothing, and says so
    same = invoke("results", "import", str(table), *ENGAGEMENT)
    assert same.exit_code == 0, same.stderr
    assert "Recorded 0 of 5 results" in same.stdout
    assert same.stdout.count("unchanged `") == 5
    without_day_30_results(results)
    comment = "# What was measured against the 30/60/90-day plan."
    assert comment in results.read_text()
    again = invoke("results", "import", str(table), *ENGAGEMENT)
    assert again.exit_code == 0, again.stderr
    assert "added `csat`: 84" in again.stdout
    assert recorded(examples) == before
    assert comment in results.read_text()  # comments kept
    # the two misses now need their root cause and actions again, and it says so
    assert "PB802 Customer satisfaction missed its day-30 target" in again.stderr


def test_recorded_values_stay_unless_replaced_and_root_causes_always_stay(
    examples: Path, results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    table = tmp_path / "csat.csv"
    table.write_text("metric,value\nCustomer satisfaction,86\n")
    kept = invoke("results", "import", str(table), *ENGAGEMENT)
    assert kept.exit_code == 0
    assert "kept `csat`: 84 is recorded, the file says 86 (--replace overwrites it)" in kept.stdout
    assert recorded(examples)["csat"][0] == 84
    replaced = invoke("results", "import", str(table), *ENGAGEMENT, "--replace")
    assert "replaced `csat`: 84 -> 86" in replaced.stdout
    assert recorded(examples)["csat"][0] == 86
    assert "Chat waits over 10 minutes" in results.read_text()
    assert "chat-concurrency" in results.read_text()


def test_a_dry_run_writes_nothing(results: Path, invoke: Invoke, tmp_path: Path) -> None:
    table = tmp_path / "csat.csv"
    table.write_text("metric,value\ncsat,86\n")
    before = results.read_bytes()
    result = invoke("results", "import", str(table), *ENGAGEMENT, "--replace", "--dry-run")
    assert "Would record 1 of 1 results" in result.stdout
    assert results.read_bytes() == before


def test_a_workbook_imports_like_a_csv(
    examples: Path, results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    without_day_30_results(results)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Metric", "Value", "Source"])
    sheet.append(["csat", 84, "Zendesk CSAT survey"])
    sheet.append(["Knowledge-base coverage", 86.0, "Guru"])
    path = tmp_path / "day-30.xlsx"
    book.save(path)
    result = invoke("results", "import", str(path), *ENGAGEMENT)
    assert result.exit_code == 0, result.stderr
    values = recorded(examples)
    assert values["csat"][:3] == (84, None, "Zendesk CSAT survey")
    assert values["kb-coverage"][0] == 86


BAD_CSV = [
    (
        "missing column",
        "metric,amount\ncsat,84\n",
        "1:1",
        "PB822 no `value` column: the header has metric, amount",
    ),
    (
        "unknown metric",
        "metric,value\nCustomer satisfction,84\n",
        "2:1",
        "PB821 no metric is called `Customer satisfction`",
    ),
    (
        "wrong unit",
        "metric,value\nfrt,85%\n",
        "2:5",
        "PB821 `85%` is in percent, but `frt` is measured in minutes",
    ),
    (
        "not a number",
        "metric,value\ncsat,eighty\n",
        "2:6",
        "PB821 expected a number for `csat`, found `eighty`",
    ),
    (
        "duplicated row",
        "metric,value\ncsat,84\ncsat,85\n",
        "3:1",
        "PB821 `csat` is given twice: on row 2 and here",
    ),
    (
        "date outside the checkpoint",
        "metric,value,period_start,period_end\ncsat,84,2026-10-01,2026-11-30\n",
        "2:9",
        "PB821 2026-10-01 lies outside the days the day-30 checkpoint measures "
        "(2 Nov 2026 to 1 Dec 2026)",
    ),
    (
        "a date that reads two ways",
        "metric,value,period_start,period_end\ncsat,84,11/08/2026,11/10/2026\n",
        "2:9",
        "PB821 `11/08/2026` reads two ways: 8 November 2026 (month first) or 11 August 2026 "
        "(day first)",
    ),
    (
        "not a day of any month",
        "metric,value,period_start,period_end\ncsat,84,2026-11-23,31/11/2026\n",
        "2:20",
        "PB821 `31/11/2026` is not a date: no month has those days",
    ),
    (
        "out of range",
        "metric,value\ncsat,184\n",
        "2:6",
        "PB821 184 for `csat` is not a percentage (0-100)",
    ),
    (
        "empty file",
        "",
        "1:1",
        "PB820 the file is empty: expected a header row, then one row per metric",
    ),
    (
        "semicolons",
        "metric;value\ncsat;eighty\n",
        "2:6",
        "PB821 expected a number for `csat`, found `eighty`",
    ),
]


@pytest.mark.parametrize(("case", "text", "place", "message"), BAD_CSV, ids=[c[0] for c in BAD_CSV])
def test_every_bad_row_is_reported_at_its_cell_and_nothing_is_written(
    results: Path, invoke: Invoke, tmp_path: Path, case: str, text: str, place: str, message: str
) -> None:
    table = tmp_path / "export.csv"
    table.write_text(text)
    before = results.read_bytes()
    result = invoke("results", "import", str(table), *ENGAGEMENT)
    assert result.exit_code == 1, case
    assert findings(result.stderr) == [f"{table.name}:{place}: {message}"]
    assert "Nothing was recorded: fix the rows above first." in result.stderr
    assert "Traceback" not in result.stderr
    assert results.read_bytes() == before


def test_another_encoding_is_refused_at_its_first_bad_byte(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    table = tmp_path / "export.csv"
    table.write_bytes("metric,value,note\ncsat,84,Qualit\u00e9 en baisse\n".encode("latin-1"))
    result = invoke("results", "import", str(table), *ENGAGEMENT)
    assert result.exit_code == 1
    assert findings(result.stderr) == [f"{table.name}:2:15: PB820 byte 0xe9 is not UTF-8 text"]
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes("metric,value\ncsat,84\n".encode("utf-16"))
    assert invoke("results", "import", str(utf16), *ENGAGEMENT).exit_code == 0


def test_merged_cells_and_formulas_are_refused_where_they_are(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["metric", "value"])
    sheet.append(["csat", "=B3+1"])
    sheet.append(["kb-coverage", 86])
    sheet.append(["frt", 300])
    sheet.merge_cells("A4:B4")
    path = tmp_path / "day-30.xlsx"
    book.save(path)
    result = invoke("results", "import", str(path), *ENGAGEMENT)
    assert result.exit_code == 1
    found = findings(result.stderr)
    assert f"{path.name}:2:2: PB820 cell B2 holds a formula (=B3+1), not a value" in found
    assert (
        f"{path.name}:4:1: PB820 cells A4:B4 are merged: a merged cell does not say which row it is for"
        in found
    )


def test_a_checkpoint_the_plan_does_not_have_is_a_usage_error(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    table = tmp_path / "export.csv"
    table.write_text("metric,value\ncsat,84\n")
    result = invoke(
        "results", "import", str(table), "--engagement", "northwind-support", "--day", "45"
    )
    assert result.exit_code == 2
    assert "the plan has no checkpoint on day 45 (days: 30, 60, 90)" in result.stderr


def test_dates_in_the_forms_exports_write_them(
    results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    without_day_30_results(results)
    table = tmp_path / "export.csv"
    table.write_text(
        "metric,value,period_start,period_end\n"
        'csat,84,23 Nov 2026,"Nov 30, 2026"\n'
        "kb-coverage,86,11/23/2026,30/11/2026\n"  # only one reading fits each
        "frt,300,2026/11/23,2026-11-30\n"
    )
    done = invoke("results", "import", str(table), *ENGAGEMENT)
    assert done.exit_code == 0, done.output
    periods = {metric: values[1] for metric, values in recorded(results.parent.parent).items()}
    assert {str(p) for p in periods.values()} == {
        "start=datetime.date(2026, 11, 23) end=datetime.date(2026, 11, 30)"
    }
    # a date that reads two ways, in the export's declared form
    ambiguous = tmp_path / "us.csv"
    ambiguous.write_text("metric,value,period_start,period_end\ncsat,85,11/08/2026,11/10/2026\n")
    said = invoke("results", "import", str(ambiguous), *ENGAGEMENT, "--replace")
    assert said.exit_code == 1
    assert "--date-format %m/%d/%Y or --date-format %d/%m/%Y" in said.stderr
    declared = invoke(
        "results", "import", str(ambiguous), *ENGAGEMENT, "--replace", "--date-format", "%m/%d/%Y"
    )
    assert declared.exit_code == 0, declared.output
    assert str(recorded(results.parent.parent)["csat"][1]) == (
        "start=datetime.date(2026, 11, 8) end=datetime.date(2026, 11, 10)"
    )


def test_a_metric_the_checkpoint_does_not_target_is_recorded_as_an_observation(
    results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    table = tmp_path / "export.csv"
    table.write_text("metric,value,source\nAverage handle time,9,Zendesk Explore\ncsat,84,\n")
    done = invoke("results", "import", str(table), *ENGAGEMENT)
    assert done.exit_code == 0, done.output
    assert "observed `aht`: 9 (not targeted: shown, not judged)" in done.stdout
    text = results.read_text()
    assert "      observations:\n        - metric: aht\n          value: 9\n" in text
    assert invoke("validate", "--strict").exit_code == 0  # shown, not judged
    pages = pages_for("internal")
    page = str(pages["engagements/northwind-support/results.md"])
    assert "**Also measured** (not targeted at this checkpoint: shown, not judged):" in page
    assert "Average handle time 9 min (Zendesk Explore)." in page
