"""Dates as exports write them: ISO, written out (8 Feb 2027, Feb 8, 2027), or with
slashes, dots or dashes, where 02/08/2027 is 8 February in the United States and
2 August elsewhere. A date only one reading fits is read; one two readings fit is refused
with both, unless the export's form is declared (``--date-format``)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

_NUMERIC: Final = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_FIRST: Final = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_WRITTEN: Final = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y")


class DateError(ValueError):
    """Not a date, or one that reads two ways; the message says which and how to fix it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def read_date(text: str, form: str | None = None) -> date:
    """The date ``text`` writes, in the declared strftime ``form`` when one is given."""
    text = text.strip()
    if form is not None:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            example = date(2026, 11, 30).strftime(form)
            raise DateError(
                f"expected a date in the form {form} (such as {example}), found `{text}`"
            ) from None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return _made(text, year, month, day)
    if match := _NUMERIC.fullmatch(text):
        return _either(text, *(int(part) for part in match.groups()))
    for written in _WRITTEN:
        try:
            return datetime.strptime(text, written).date()
        except ValueError:
            continue
    raise DateError(
        f"expected a date such as 2026-11-30, found `{text}`",
        "write it as 2026-11-30, or give the export's form with --date-format",
    )


def _either(text: str, first: int, second: int, year: int) -> date:
    """``first/second/year``: month first or day first, whichever the numbers allow."""
    readings = {
        reading
        for reading in (_maybe(year, first, second), _maybe(year, second, first))
        if reading is not None
    }
    if len(readings) == 1:
        return readings.pop()
    if not readings:
        raise DateError(f"`{text}` is not a date: no month has those days")
    month_first, day_first = sorted(readings, key=lambda d: (d.month != first, d))
    separator = re.search(r"[/.-]", text)
    mark = separator.group(0) if separator else "/"
    raise DateError(
        f"`{text}` reads two ways: {_long(month_first)} (month first) or {_long(day_first)} "
        "(day first)",
        f"give the export's form: --date-format %m{mark}%d{mark}%Y or "
        f"--date-format %d{mark}%m{mark}%Y",
    )


def _maybe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _made(text: str, year: int, month: int, day: int) -> date:
    found = _maybe(year, month, day)
    if found is None:
        raise DateError(f"`{text}` is not a date: no month has those days")
    return found


def _long(when: date) -> str:
    return f"{when.day} {when:%B %Y}"
