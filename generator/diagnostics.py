"""Diagnostics: what is wrong, where, and what would fix it.

A diagnostic is data. Nothing below the command line prints one; reporters in
:mod:`generator.reporting` turn a list of them into text, annotations, JSON or SARIF.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Severity(StrEnum):
    """How much a finding matters: errors fail a check, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` and ``column`` count from 1."""

    path: str
    line: int = 1
    column: int = 1
    #: How many characters the place spans, where the finder knows (a spreadsheet cell);
    #: 0 lets the text report measure the token at the column.
    width: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the playbooks.

    ``field`` is the dotted path of the value inside the document
    (``spec.timeline[2].owner``); ``expected`` and ``found`` repeat, as data,
    what the message says in words.
    """

    code: str
    severity: Severity
    message: str
    location: Location
    field: str = ""
    expected: str | None = None
    found: str | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code)

    def __str__(self) -> str:
        return f"{self.location}: {self.code} {self.message}"


class Findings(Protocol):
    """What reporters need of a check: its diagnostics, what it read, its source lines."""

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]: ...

    @property
    def files(self) -> int: ...

    def count(self, severity: Severity) -> int: ...

    def failed(self, *, strict: bool = False) -> bool: ...

    def quote(self, path: str, line: int) -> str:
        """The text of ``line`` of the file shown as ``path``, or '' when unknown."""
        ...


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for diag in diagnostics if diag.severity is severity)


def failed(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> bool:
    """Errors always fail a check; warnings only when ``strict``."""
    return any(diag.severity is Severity.ERROR or strict for diag in diagnostics)


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """``did you mean `EngagementBrief`?`` for the option closest to ``word``, if one is."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


#: Most problems listed for one file; past this they are counted, so that a file of
#: 50,000 unknown keys gives a report a person can read.
MAX_PROBLEMS_PER_FILE = 100


def bounded(problems: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
    """The first :data:`MAX_PROBLEMS_PER_FILE` problems of one file by place, and one
    PB016 that counts the rest by code."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return tuple(problems)
    ordered = sorted(problems, key=Diagnostic.sort_key)
    shown, rest = ordered[:MAX_PROBLEMS_PER_FILE], ordered[MAX_PROBLEMS_PER_FILE:]
    codes: dict[str, int] = {}
    for diag in rest:
        codes[diag.code] = codes.get(diag.code, 0) + 1
    counted = ", ".join(f"{count:,} {code}" for code, count in sorted(codes.items()))
    summary = Diagnostic(
        "PB016",
        Severity.ERROR,
        f"and {len(rest):,} more problems in this file ({counted}), not listed",
        rest[0].location,
        hint=f"fix the first {MAX_PROBLEMS_PER_FILE} and check again",
    )
    return (*shown, summary)
