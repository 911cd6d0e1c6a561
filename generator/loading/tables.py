"""Spreadsheet exports read as rows of text, each cell with its row and column.

CSV files are read as UTF-8 (with or without a byte-order mark) or as UTF-16 with one,
which is what spreadsheet programs write; anything else is refused at its first bad
byte. XLSX workbooks are read with openpyxl from their first sheet; merged cells and
formulas are refused where they are, because neither says plainly which value a row
holds, and so is a cell a spreadsheet would run as a formula (``=...``, ``@...``,
``+cmd|...``). Every problem is a :class:`~generator.diagnostics.Diagnostic` at
``file:ROW:COL``, the first row being the header.

The limits are checked before the data is read: the file's size, a workbook's size
once inflated (a zip bomb is refused by its directory, not by inflating it), the rows
and the length of a cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from generator.diagnostics import Diagnostic, Location, Severity
from generator.inputs import InputError, read_input

#: Code of every problem with the file itself (PB820-PB829 are about its rows).
TABLE_CODE: Final = "PB820"
_MAX_BYTES: Final = 20_000_000
#: A workbook's parts once inflated; an export of thousands of rows is a few MB.
MAX_INFLATED_BYTES: Final = 50_000_000
#: Rows read from an export: one row per metric, so a checkpoint needs a few dozen.
MAX_ROWS: Final = 10_000
#: Characters in one cell: a note is at most 5,000 characters in results.yaml.
MAX_CELL_CHARS: Final = 5_000
#: What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_NUMBER: Final = re.compile(r"[-+]?[0-9][0-9,]*(\.[0-9]+)?\s*[a-z%]*", re.ASCII | re.IGNORECASE)
#: Line ends as the csv module counts them (not U+2028, VT or FF, which str.splitlines takes).
_LINE_END: Final = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    column: int


@dataclass
class Table:
    """A sheet: the header's column names (lower case) and each row's cells by name."""

    path: str
    header: dict[str, int] = field(default_factory=dict)
    rows: list[dict[str, Cell]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    def problem(
        self, row: int, column: int, message: str, hint: str | None = None, width: int = 1
    ) -> None:
        """A problem of the file at ``row``:``column``, spanning ``width`` characters."""
        where = Location(self.path, row, column, width)
        self.problems.append(Diagnostic(TABLE_CODE, Severity.ERROR, message, where, hint=hint))


def read_table(path: Path, shown: str) -> Table:
    """The rows of the CSV or XLSX file at ``path`` (named ``shown`` in messages)."""
    table = Table(shown)
    try:
        data = read_input(path, _MAX_BYTES, "the export", shown)
    except InputError as exc:
        table.problem(1, 1, str(exc).removeprefix(f"{shown}: "))
        return table
    if not data.strip():
        table.problem(1, 1, "the file is empty: expected a header row, then one row per metric")
        return table
    if zipfile.is_zipfile(io.BytesIO(data)):
        if _fits(data, table):
            _read_xlsx(data, table)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        table.problem(1, 1, "not an XLSX workbook: save it from the spreadsheet as .xlsx or .csv")
    else:
        _read_csv(data, table)
    return table


def _decode(data: bytes, table: Table) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        table.problem(
            line,
            column,
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text",
            "save the export as CSV UTF-8 (spreadsheet programs offer it under Save As)",
        )
        return None


def _read_csv(data: bytes, table: Table) -> None:
    text = _decode(data, table)
    if text is None:
        return
    table.lines = _LINE_END.split(text)
    if text.endswith(("\n", "\r")):
        table.lines.pop()
    if len(table.lines) > MAX_ROWS + 1:
        table.problem(
            MAX_ROWS + 2,
            1,
            f"the export has {len(table.lines):,} lines; at most {MAX_ROWS:,} rows are read",
            "an export holds one row per metric of one checkpoint",
        )
        return
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records, lines, last = _records(text, dialect, table.lines)
    except _Unreadable as exc:
        table.problem(exc.line, exc.column, exc.message, exc.hint)
        return
    quote = _unclosed_quote(table.lines, last, dialect)
    if quote is not None:
        table.problem(
            last,
            quote,
            "this quote is never closed, so every row after it would be read into one cell",
            'close it with another " (a quote inside a quoted cell is written "")',
        )
        records, lines = records[:-1], lines[:-1]  # the rows before it are still checked
    _rows(table, records, lines)


class _Unreadable(Exception):
    """A record that cannot be read at all, with its place."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, None


def _records(
    text: str, dialect: Any, source: list[str]
) -> tuple[list[list[tuple[str, int]]], list[int], int]:
    """Each record's cells with the column each starts at, the line each ends on, and the
    line the last record starts on.

    The reading is the csv module's lenient one, as spreadsheet programs read: a stray
    quote inside an unquoted cell (`5" screen`) is part of the cell.
    """
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    records: list[list[tuple[str, int]]] = []
    lines: list[int] = []
    first = 1
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return records, lines, first
        except csv.Error:  # the one error a lenient reading raises: a cell past its limit
            message = f"a cell of this row is longer than {MAX_CELL_CHARS:,} characters"
            raise _Unreadable(start, 1, message) from None
        first = start
        line = source[reader.line_num - 1] if reader.line_num <= len(source) else ""
        starts = _cell_starts(line, dialect.delimiter)
        records.append(
            [(value, starts[i] if i < len(starts) else i + 1) for i, value in enumerate(record)]
        )
        lines.append(reader.line_num)


def _unclosed_quote(source: list[str], last: int, dialect: Any) -> int | None:
    """The column of a quote opened in the last record (from line ``last``) and never
    closed: a lenient reading takes every line after it into that one cell."""
    rest = "\n".join(source[last - 1 :])
    try:
        for _ in csv.reader(io.StringIO(rest, newline=""), dialect, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return _open_quote(source[last - 1], dialect.delimiter) or 1
    return None


def _open_quote(line: str, delimiter: str) -> int | None:
    """The column (from 1) of the quote that opens the cell left open at the line's end."""
    opened, quoted = None, False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
            opened = index + 1 if quoted else opened
    return opened if quoted else None


def _cell_starts(line: str, delimiter: str) -> list[int]:
    """The character column (from 1) where each cell of a CSV line starts."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(index + 2)
    return starts


def _read_xlsx(data: bytes, table: Table) -> None:
    try:
        rows = _streamed_rows(data)
        if rows > MAX_ROWS + 1:
            table.problem(
                MAX_ROWS + 2,
                1,
                f"the sheet has more than {MAX_ROWS:,} rows; at most that many are read",
            )
            return
        book = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile) as exc:
        table.problem(1, 1, f"not a workbook openpyxl can read: {shortened(str(exc))}")
        return
    except Exception as exc:  # a damaged part fails deep inside openpyxl, with any type
        table.problem(
            1,
            1,
            f"the workbook is damaged ({type(exc).__name__}: {shortened(str(exc))})",
            "open it in the spreadsheet and save it again as .xlsx, or as CSV",
        )
        return
    if not book.worksheets:
        table.problem(1, 1, "the workbook has no worksheet", "save the results on a worksheet")
        return
    sheet = book.worksheets[0]
    for merged in sheet.merged_cells.ranges:
        table.problem(
            merged.min_row,
            merged.min_col,
            f"cells {merged.coord} are merged: a merged cell does not say which row it is for",
            "unmerge them and give each row its own value",
        )
    records: list[list[tuple[str, int]]] = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            value = cell.value
            if cell.data_type == "f":
                table.problem(
                    cell.row,
                    cell.column,
                    f"cell {cell.coordinate} holds a formula ({value}), not a value",
                    "paste the column as values, then import again",
                )
                value = None
            cells.append((_cell_text(value), cell.column))
        records.append(cells)
    _rows(table, records)


def _streamed_rows(data: bytes) -> int:
    """The rows of the first sheet, counted as they stream by and no further than one
    past the limit: the whole workbook is loaded only once it is known to be small."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if not book.worksheets:
            return 0
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the size a sheet states may be wrong: count what it holds
        count = 0
        for _ in sheet.iter_rows(values_only=True):
            count += 1
            if count > MAX_ROWS + 1:
                break
        return count
    finally:
        book.close()


def _fits(data: bytes, table: Table) -> bool:
    """Whether a workbook's parts, once inflated, stay within :data:`MAX_INFLATED_BYTES`:
    read from the zip's directory, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        table.problem(1, 1, f"not a workbook openpyxl can read: {shortened(str(exc))}")
        return False
    if inflated > MAX_INFLATED_BYTES:
        table.problem(
            1,
            1,
            f"the workbook inflates to {inflated / 1_000_000:,.0f} MB; at most "
            f"{MAX_INFLATED_BYTES // 1_000_000} MB are read",
            "export only the checkpoint's rows, or save them as CSV",
        )
        return False
    return True


def shortened(text: str, limit: int = 120) -> str:
    """A message part cut to ``limit`` characters, so a huge cell is never quoted whole."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` (as written in a cell) as a formula.

    A leading ``-`` or ``+`` is a formula unless the whole cell is a number.
    """
    if not text.startswith(FORMULA_STARTS):
        return False
    return not (text[0] in "+-" and _NUMBER.fullmatch(text.strip()) is not None)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(
    table: Table, records: list[list[tuple[str, int]]], lines: list[int] | None = None
) -> None:
    """The header from the first non-empty record, then each non-empty row by column name.

    Cells are matched to the header by position; each keeps the column it is shown at
    (a CSV line's character column, a sheet's column number). ``lines`` is the line each
    CSV record ends on; a sheet's rows are numbered as the sheet numbers them.
    """
    numbers = lines or list(range(1, len(records) + 1))
    numbered = [
        (n, r) for n, r in zip(numbers, records, strict=True) if any(v.strip() for v, _ in r)
    ]
    if not numbered:
        table.problem(1, 1, "the file is empty: expected a header row, then one row per metric")
        return
    header_row, header = numbered[0]
    positions: dict[str, int] = {}
    for index, (value, column) in enumerate(header):
        name = value.strip().lower().replace(" ", "_")
        if not name:
            continue
        if name in positions:
            table.problem(header_row, column, f"the column `{name}` appears twice")
            continue
        positions[name] = index
        table.header[name] = column
    for number, record in numbered[1:]:
        row = {}
        for name, index in positions.items():
            value, column = record[index] if index < len(record) else ("", _after(record))
            row[name] = Cell(value.strip(), number, column)
        refused = [_refused(table, value, number, column) for value, column in record]
        if not any(refused):  # a refused cell's row is left out, with that one finding
            table.rows.append(row)


def _refused(table: Table, value: str, row: int, column: int) -> bool:
    """Record why a cell cannot be taken: too long, or a formula a spreadsheet would run."""
    if len(value) > MAX_CELL_CHARS:
        table.problem(
            row, column, f"the cell has {len(value):,} characters; at most {MAX_CELL_CHARS:,}"
        )
        return True
    if is_formula(value.lstrip(" ")):
        table.problem(
            row,
            column,
            f"the cell holds a formula (`{shortened(value, 40)}`), not a value",
            "a spreadsheet would run it; write the value itself (a text may not start with "
            "=, +, -, @, a tab or a line break)",
            width=len(value),
        )
        return True
    return False


def _after(record: list[tuple[str, int]]) -> int:
    """The column just past a short row's last cell, where a missing cell would be."""
    if not record:
        return 1
    value, column = record[-1]
    return column + len(value) + 1
