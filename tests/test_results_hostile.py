"""`playbook results import` and `export` against hostile spreadsheets: formulas either
way, zip bombs, huge sheets and cells, broken quoting and workbooks, digits that only
look like digits. Each is a located finding, and nothing is written."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import Invoke, findings, replace_in
from tests.test_results_import import ENGAGEMENT, recorded

FORMULAS = [
    '=HYPERLINK("http://x","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
]


@pytest.fixture
def results(examples: Path) -> Path:
    return examples / "northwind-support" / "results.yaml"


def _csv(folder: Path, text: str) -> Path:
    """An export named export.csv in ``folder``, holding ``text``."""
    table = folder / "export.csv"
    table.write_text(text, encoding="utf-8")
    return table


def _import(invoke: Invoke, table: Path, *extra: str) -> tuple[int, list[str], str]:
    result = invoke("results", "import", str(table), *ENGAGEMENT, *extra)
    assert "Traceback" not in result.stderr
    return result.exit_code, findings(result.stderr), result.stderr


def test_exported_text_that_a_spreadsheet_would_run_opens_as_text_and_imports_back(
    examples: Path, results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    replace_in(results, "source: computed from contacts-day-30.csv", f"source: '{FORMULAS[0]}'")
    replace_in(results, "note: 43 of the top", "note: =1+1 43 of the top")
    exported = invoke("results", "export", *ENGAGEMENT)
    assert exported.exit_code == 0, exported.stderr
    rows = {row[0]: row for row in csv.reader(io.StringIO(exported.stdout))}
    assert rows["csat"][5] == "'" + FORMULAS[0]
    assert rows["kb-coverage"][6].startswith("'=1+1 43 of the top")
    before = recorded(examples)
    table = tmp_path / "day-30.csv"
    table.write_text(exported.stdout)
    code, found, stderr = _import(invoke, table, "--replace")
    assert (code, found) == (0, []), stderr
    assert recorded(examples) == before  # the quote is taken off again


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_in_a_csv_cell_is_refused_at_its_cell(
    results: Path, invoke: Invoke, tmp_path: Path, formula: str
) -> None:
    table = tmp_path / "export.csv"
    with table.open("w", newline="") as handle:
        csv.writer(handle).writerows([["metric", "value", "source"], ["csat", "86", formula]])
    before = results.read_bytes()
    code, found, _ = _import(invoke, table, "--replace")
    assert code == 1
    assert len(found) == 1
    assert found[0].startswith("export.csv:2:9: PB820 the cell holds a formula (`")
    assert results.read_bytes() == before


def test_a_negative_number_is_a_number_not_a_formula(
    tmp_path: Path, invoke: Invoke, results: Path
) -> None:
    table = _csv(tmp_path, "metric,value\ncsat,-5\n")
    _code, found, _ = _import(invoke, table)
    assert found == ["export.csv:2:6: PB821 -5 for `csat` is not a percentage (0-100)"]


def test_a_zip_bomb_is_refused_from_its_directory(
    results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"\0" * 1_048_576
            for _ in range(60):
                part.write(block)
    assert bomb.stat().st_size < 200_000
    code, found, _ = _import(invoke, bomb)
    assert code == 1
    assert found == ["bomb.xlsx:1:1: PB820 the workbook inflates to 63 MB; at most 50 MB are read"]


def test_a_sheet_of_too_many_rows_is_refused_before_its_rows_are_checked(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    table = tmp_path / "huge.csv"
    table.write_text("metric,value\n" + "csat,84\n" * 200_000)
    code, found, stderr = _import(invoke, table)
    assert code == 1
    assert found == [
        "huge.csv:10002:1: PB820 the export has 200,001 lines; at most 10,000 rows are read"
    ]
    assert len(stderr) < 1_000


def test_findings_are_capped_per_file_as_in_validate(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    table = tmp_path / "many.csv"
    table.write_text("metric,value\n" + "".join(f"nope{i},84\n" for i in range(500)))
    code, found, _ = _import(invoke, table)
    assert code == 1
    assert len(found) == 101
    assert found[-1].startswith(
        "many.csv:102:1: PB016 and 400 more problems in this file (400 PB821)"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("\uff18\uff15", "expected a number for `csat`, found `\uff18\uff15`"),  # full-width 85
        ("\u0668\u0665", "expected a number for `csat`, found `\u0668\u0665`"),  # Arabic-Indic 85
        ("1" * 400, "the value for `csat` has 400 digits; at most 15"),
        ("x" * 4_000, f"expected a number for `csat`, found `{'x' * 37}...`"),
    ],
    ids=["full-width", "arabic-indic", "400-digits", "long-text"],
)
def test_only_plain_numbers_of_sane_length_are_values(
    invoke: Invoke, tmp_path: Path, examples: Path, value: str, message: str
) -> None:
    table = _csv(tmp_path, f"metric,value\ncsat,{value}\n")
    code, found, _ = _import(invoke, table)
    assert code == 1
    assert found == [f"export.csv:2:6: PB821 {message}"]


def test_an_unclosed_quote_is_located_and_swallows_nothing(
    results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    table = _csv(tmp_path, 'metric,value,note\ncsat,86,"slow week\nfcr,70,fine\n')
    before = results.read_bytes()
    code, found, _ = _import(invoke, table, "--replace")
    assert code == 1
    assert found == [
        "export.csv:2:9: PB820 this quote is never closed, so every row after it would be "
        "read into one cell"
    ]
    assert results.read_bytes() == before


@pytest.mark.parametrize("length", [6_000, 200_000])
def test_an_oversized_cell_is_a_finding(
    invoke: Invoke, tmp_path: Path, examples: Path, length: int
) -> None:
    table = _csv(tmp_path, f'metric,value,note\ncsat,86,"{"n" * length}"\n')
    code, found, _ = _import(invoke, table)
    assert code == 1
    assert len(found) == 1
    assert found[0].startswith("export.csv:2:")
    assert "5,000" in found[0]


def test_a_line_separator_inside_a_cell_keeps_the_quoted_line_right(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    table = _csv(tmp_path, "metric,value,note\nkb-coverage,86,a\u2028b\ncsat,eighty,x\n")
    _code, found, stderr = _import(invoke, table)
    assert found == ["export.csv:3:6: PB821 expected a number for `csat`, found `eighty`"]
    assert "3 | csat,eighty,x" in stderr


def _workbook(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["metric", "value"])
    sheet.append(["csat", 86])
    path = tmp_path / "day-30.xlsx"
    book.save(path)
    return path


def _rewrite(path: Path, change: dict[str, bytes | None]) -> None:
    """Replace (or drop, with None) parts of the workbook at ``path``."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in change.items():
        if data is None:
            parts.pop(name)
        else:
            parts[name] = data
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"},
            "PB820 the workbook is damaged (",
        ),
        (
            {
                "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheets/></workbook>'
            },
            "PB820 the workbook has no worksheet",
        ),
    ],
    ids=["malformed-sheet", "no-sheet"],
)
def test_a_broken_workbook_is_a_finding(
    results: Path, invoke: Invoke, tmp_path: Path, change: dict[str, bytes | None], message: str
) -> None:
    path = _workbook(tmp_path)
    _rewrite(path, change)
    before = results.read_bytes()
    code, found, _ = _import(invoke, path, "--replace")
    assert code == 1
    assert len(found) == 1
    assert found[0].startswith(f"day-30.xlsx:1:1: {message}")
    assert results.read_bytes() == before


def test_temporary_files_of_a_killed_import_are_removed_by_the_next(
    results: Path, invoke: Invoke, tmp_path: Path
) -> None:
    dead = results.with_name(f".{results.name}.999999999.k3j2.tmp")
    dead.write_text("half a file")
    older = results.with_name(f".{results.name}.ab12cd.tmp")  # named before process ids
    older.write_text("half a file")
    table = _csv(tmp_path, "metric,value\ncsat,86\n")
    code, _, stderr = _import(invoke, table, "--replace")
    assert code == 0, stderr
    assert sorted(p.name for p in results.parent.glob(".*.tmp")) == []


def test_a_stray_quote_in_an_unquoted_cell_is_part_of_the_cell(
    examples: Path, invoke: Invoke, tmp_path: Path
) -> None:
    table = _csv(
        tmp_path, 'metric,value,note\ncsat,86,"waits on 5"" screens"\nkb-coverage,86,5" screen\n'
    )
    code, found, stderr = _import(invoke, table, "--replace")
    assert (code, found) == (0, []), stderr
    values = recorded(examples)
    assert values["csat"][3] == 'waits on 5" screens'
    assert values["kb-coverage"][3] == '5" screen'


def test_an_unclosed_quote_after_other_bad_rows_is_found_with_them(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    table = _csv(tmp_path, 'metric,value,source\ncsat,86,=SUM(1)\nkb-coverage,86,"open\nfrt,5,x\n')
    code, found, _ = _import(invoke, table)
    assert code == 1
    assert [f.split(" PB")[0] for f in found] == ["export.csv:2:9:", "export.csv:3:16:"]
    assert "never closed" in found[1]


def test_the_caret_underlines_the_cell_not_the_rest_of_the_row(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    table = _csv(tmp_path, "metric,value,source,note\ncsat,eighty,x,y\nkb-coverage,86,=SUM(1),z\n")
    _, _, stderr = _import(invoke, table)
    assert "  2 | csat,eighty,x,y\n    |      ^^^^^^\n" in stderr
    assert "  3 | kb-coverage,86,=SUM(1),z\n    |                ^^^^^^^\n" in stderr


def test_a_sheet_whose_rows_pass_the_limit_is_refused_whatever_size_it_states(
    invoke: Invoke, tmp_path: Path, examples: Path
) -> None:
    path = _workbook(tmp_path)  # its <dimension> says A1:B2, as a tool may leave it
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    rows = "".join(f'<row r="{i}"><c r="B{i}"><v>1</v></c></row>' for i in range(3, 20_003))
    _rewrite(
        path,
        {"xl/worksheets/sheet1.xml": sheet.replace("</sheetData>", rows + "</sheetData>").encode()},
    )
    code, found, _ = _import(invoke, path)
    assert code == 1
    assert found == [
        "day-30.xlsx:10002:1: PB820 the sheet has more than 10,000 rows; at most that many are read"
    ]
