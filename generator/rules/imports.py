"""Codes for problems found in spreadsheet exports read by `playbook results import`."""

from __future__ import annotations

from generator.rules.registry import describe

describe(
    "PB820",
    "import-file",
    """
    The export cannot be read as a table: it is empty, not UTF-8 or UTF-16 text, not a
    workbook, or its workbook has merged cells or formulas.

    Save it from the spreadsheet as CSV UTF-8 or as .xlsx, with one header row and one
    row per metric. Merged cells do not say which row they are for, and a formula's
    value is not stored in every file: paste such columns as values first.
""",
)
describe(
    "PB821",
    "import-row",
    """
    A row of the export cannot be recorded: its metric is unknown or not targeted by
    the checkpoint, its value is not a number in the metric's unit, it is out of range,
    its period lies outside the checkpoint's days, or the metric is given twice.

    The location points at the cell. The other rows are still recorded.
""",
)
describe(
    "PB822",
    "import-columns",
    """
    The export has no `metric` or no `value` column.

    The first row names the columns: `metric` (an id or a name from the metric
    catalog) and `value` are required; `unit`, `period_start`, `period_end`, `source`
    and `note` are optional.
""",
)
