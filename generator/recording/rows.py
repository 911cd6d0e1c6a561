"""Rows of an export read as the results of one checkpoint, each checked against the plan.

A row names its metric by id or by name, gives the value in the metric's unit (a
trailing `%`, `min`, `s`, `h` or `d` must agree with it), and may give the unit, the
period measured, the source system and a note. Every bad cell is a diagnostic at its
row and column; a row with a problem is left out, the others are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from generator.diagnostics import Diagnostic, Location, Severity, did_you_mean
from generator.loading.tables import Cell, Table, is_formula, shortened
from generator.models import Checkpoint, MetricDefinition
from generator.portfolio import Playbook
from generator.recording.dates import DateError, read_date
from generator.views.progress import review_date
from generator.views.text import long_date

#: The codes of problems with rows, registered in :mod:`generator.rules.imports`.
ROW_CODE: Final = "PB821"
COLUMN_CODE: Final = "PB822"
#: Accepted names of each column, the first being the one `results export` writes.
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "metric": ("metric", "metric_id", "kpi"),
    "value": ("value", "actual", "result"),
    "unit": ("unit",),
    "period_start": ("period_start", "start", "from"),
    "period_end": ("period_end", "end", "to"),
    "source": ("source", "system"),
    "note": ("note", "notes", "comment"),
}
REQUIRED: Final = ("metric", "value")
_PERCENT_MAX: Final = 100
#: Unit suffixes a value may carry, and the unit each means.
_SUFFIXES: Final = {
    "%": "percent",
    "min": "minutes",
    "mins": "minutes",
    "minutes": "minutes",
    "s": "seconds",
    "sec": "seconds",
    "seconds": "seconds",
    "h": "hours",
    "hours": "hours",
    "d": "days",
    "days": "days",
}
#: Only ASCII digits are numbers: a full-width or Arabic-Indic digit is a typing accident.
_VALUE: Final = re.compile(
    r"^(?P<number>[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?)\s*(?P<unit>[a-z%]*)$", re.ASCII
)
#: Digits a value may have: more than any measure needs, few enough to record exactly.
_MAX_DIGITS: Final = 15


@dataclass(frozen=True)
class Imported:
    """One row as a result: what `results.yaml` records for the metric."""

    metric: str
    value: float
    row: int
    unit: str | None = None
    period: tuple[date, date] | None = None
    source: str | None = None
    note: str | None = None
    #: A metric the checkpoint does not target: recorded as an observation, not judged.
    observed: bool = False
    #: How it was computed from contact exports (``computed:`` in results.yaml).
    computed: dict[str, Any] | None = None


@dataclass(frozen=True)
class Window:
    """The days a checkpoint's results may be measured over."""

    first: date
    last: date


def window(playbook: Playbook, checkpoint: Checkpoint) -> Window:
    """From the day after the previous checkpoint's review (or the start) to this review."""
    spec = playbook.engagement.model.spec
    first = spec.start
    plan = playbook.ramp.model.spec.checkpoints if playbook.ramp else ()
    for other in plan:
        when = review_date(playbook, other)
        if other.day < checkpoint.day and when + timedelta(days=1) > first:
            first = when + timedelta(days=1)
    return Window(first, review_date(playbook, checkpoint))


def results_of(
    table: Table, playbook: Playbook, checkpoint: Checkpoint, date_form: str | None = None
) -> tuple[list[Imported], list[Diagnostic]]:
    """The results ``table`` holds for ``checkpoint``, and the problems of its rows; its
    dates in the strftime ``date_form`` when one is given."""
    problems = list(table.problems)
    if table.problems and not table.header:
        return [], problems
    columns = _columns(table, problems)
    if columns is None:
        return [], problems
    targeted = {t.metric for t in checkpoint.targets}
    span = window(playbook, checkpoint)
    seen: dict[str, int] = {}
    found = []
    for row in table.rows:
        cells = {name: row[header] for name, header in columns.items()}
        reading = _Row(table.path, cells, playbook.metrics, problems, date_form)
        known = reading.lookup(cells["metric"].text)
        if known is not None and known.id in seen:
            reading.problem(
                cells["metric"],
                f"`{known.id}` is given twice: on row {seen[known.id]} and here",
                "keep one row per metric",
            )
            continue
        if known is not None:
            seen[known.id] = cells["metric"].row
        result = reading.result(targeted, span, checkpoint.day)
        if result is not None:
            found.append(result)
    return found, problems


def _columns(table: Table, problems: list[Diagnostic]) -> dict[str, str] | None:
    """Which header column holds each known column; None when a required one is missing."""
    found: dict[str, str] = {}
    for name, aliases in COLUMNS.items():
        header = next((alias for alias in aliases if alias in table.header), None)
        if header is not None:
            found[name] = header
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        names = ", ".join(f"`{m}`" for m in missing)
        problems.append(
            Diagnostic(
                COLUMN_CODE,
                Severity.ERROR,
                f"no {names} column: the header has {', '.join(table.header) or 'nothing'}",
                Location(table.path, 1, 1),
                hint="the columns are metric and value, and optionally unit, period_start, "
                "period_end, source and note",
            )
        )
        return None
    return found


class _Skip(Exception):
    """The row has a problem, already recorded: it is left out."""


@dataclass
class _Row:
    path: str
    cells: dict[str, Cell]
    metrics: dict[str, MetricDefinition]
    problems: list[Diagnostic]
    date_form: str | None = None

    def problem(self, cell: Cell, message: str, hint: str | None = None) -> _Skip:
        """Record a problem of ``cell``; the returned exception leaves the row out."""
        where = Location(self.path, cell.row, cell.column, max(len(cell.text), 1))
        self.problems.append(Diagnostic(ROW_CODE, Severity.ERROR, message, where, hint=hint))
        return _Skip()

    def result(self, targeted: set[str], span: Window, day: int) -> Imported | None:
        cell = self.cells["metric"]
        try:
            metric = self._metric(cell)
            value = self._value(metric)
            unit = self._unit(metric)
            period = self._period(span, day)
        except _Skip:
            return None
        return Imported(
            metric.id,
            value,
            cell.row,
            unit=unit,
            period=period,
            source=self._text("source"),
            note=self._text("note"),
            observed=metric.id not in targeted,
        )

    def lookup(self, text: str) -> MetricDefinition | None:
        """The metric ``text`` names by id or by name, in any case."""
        wanted = text.casefold()
        return next(
            (m for m in self.metrics.values() if wanted in (m.id.casefold(), m.name.casefold())),
            None,
        )

    def _metric(self, cell: Cell) -> MetricDefinition:
        if not cell.text:
            raise self.problem(cell, "no metric: give its id or its name")
        metric = self.lookup(cell.text)
        if metric is not None:
            return metric
        options = [*self.metrics, *(m.name for m in self.metrics.values())]
        raise self.problem(
            cell,
            f"no metric is called `{_quoted(cell.text)}`",
            did_you_mean(cell.text[:100], options),
        )

    def _value(self, metric: MetricDefinition) -> float:
        cell = self.cells["value"]
        if not cell.text:
            raise self.problem(cell, f"no value for `{metric.id}`")
        match = _VALUE.match(cell.text.lower())
        if match is None:
            raise self.problem(
                cell,
                f"expected a number for `{metric.id}`, found `{_quoted(cell.text)}`",
                f"write the value alone, in ASCII digits, in {metric.unit}",
            )
        digits = sum(char.isdigit() for char in match["number"])
        if digits > _MAX_DIGITS:
            raise self.problem(
                cell,
                f"the value for `{metric.id}` has {digits:,} digits; at most {_MAX_DIGITS}",
            )
        suffix = match["unit"]
        if suffix and _SUFFIXES.get(suffix) != metric.unit:
            raise self.problem(
                cell,
                f"`{cell.text}` is in {_SUFFIXES.get(suffix, suffix)}, but `{metric.id}` is "
                f"measured in {metric.unit}",
                f"convert it to {metric.unit}",
            )
        value = float(match["number"].replace(",", ""))
        if metric.unit == "percent" and not 0 <= value <= _PERCENT_MAX:
            raise self.problem(cell, f"{cell.text} for `{metric.id}` is not a percentage (0-100)")
        if value < 0 and metric.unit != "score":
            raise self.problem(cell, f"{cell.text} for `{metric.id}` cannot be negative")
        return value

    def _unit(self, metric: MetricDefinition) -> str | None:
        cell = self.cells.get("unit")
        if cell is None or not cell.text:
            return None
        given = _SUFFIXES.get(cell.text.lower(), cell.text.lower())
        if given != metric.unit:
            raise self.problem(
                cell,
                f"`{metric.id}` is measured in {metric.unit}, not {_quoted(cell.text)}",
                f"convert the value to {metric.unit}",
            )
        return given

    def _period(self, span: Window, day: int) -> tuple[date, date] | None:
        start, end = self.cells.get("period_start"), self.cells.get("period_end")
        given = [cell for cell in (start, end) if cell is not None and cell.text]
        if not given:
            return None
        if start is None or end is None or len(given) == 1:
            raise self.problem(given[0], "a period needs both its first and its last day")
        first, last = self._date(start), self._date(end)
        if last < first:
            raise self.problem(end, f"the period ends on {last} before it starts on {first}")
        if first < span.first or last > span.last:
            cell = start if first < span.first else end
            raise self.problem(
                cell,
                f"{cell.text} lies outside the days the day-{day} checkpoint measures "
                f"({long_date(span.first)} to {long_date(span.last)})",
            )
        return first, last

    def _date(self, cell: Cell) -> date:
        try:
            return read_date(cell.text[:100], self.date_form)
        except DateError as exc:
            raise self.problem(cell, str(exc), exc.hint) from None

    def _text(self, name: str) -> str | None:
        cell = self.cells.get(name)
        if cell is None or not cell.text:
            return None
        # `results export` guards a text a spreadsheet would run with a leading quote.
        guarded = cell.text.startswith("'") and is_formula(cell.text[1:])
        return cell.text[1:] if guarded else cell.text


def _quoted(text: str) -> str:
    """A cell's text as a message quotes it."""
    return shortened(text, 40)
