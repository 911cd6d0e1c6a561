"""The rule registry: every diagnostic code, its default severity and its documentation.

Codes raised while reading and shaping files (PB0xx, PB1xx) are registered with
:func:`describe`; checks across fields and files are functions registered with
:func:`rule`. A rule's docstring is its page in the rule reference: the first line
says what it checks, the rest why it matters and how to fix it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Severity

if TYPE_CHECKING:
    from generator.config import Config
    from generator.loading.composer import Path as DataPath
    from generator.portfolio import Loaded, Portfolio


@dataclass(frozen=True)
class Finding:
    """What a rule found: in which document, at which path, and what it means."""

    document: Loaded[Any]
    path: DataPath
    message: str
    hint: str | None = None
    key: bool = False


@dataclass(frozen=True)
class Context:
    """What a rule can look at."""

    portfolio: Portfolio
    config: Config
    #: The day the rules treat as today (``Config.today``, given by the caller).
    today: date


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Check | None = None

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]

    @property
    def details(self) -> str:
        parts = self.doc.split("\n", 1)
        return parts[1].strip() if len(parts) > 1 else ""

    @property
    def group(self) -> str:
        return GROUPS.get(self.code[:3], "Other")


GROUPS = {
    "PB0": "Reading files",
    "PB1": "Document shape",
    "PB2": "Engagements and references",
    "PB3": "Dates and order",
    "PB4": "Targets",
    "PB5": "Completeness",
    "PB6": "Sign-off",
    "PB7": "Red flags before signing",
    "PB8": "Results and progress",
}

RULES: dict[str, Rule] = {}


def describe(code: str, name: str, doc: str, severity: Severity = Severity.ERROR) -> None:
    """Register a code raised by the loader or the model checks."""
    _add(Rule(code, name, severity, inspect.cleandoc(doc)))


def rule(code: str, name: str, severity: Severity = Severity.ERROR) -> Callable[[Check], Check]:
    """Register ``check`` as the rule ``code``; its docstring documents it."""

    def register(check: Check) -> Check:
        _add(Rule(code, name, severity, inspect.cleandoc(check.__doc__ or name), check))
        return check

    return register


def _add(entry: Rule) -> None:
    if entry.code in RULES:
        raise ValueError(f"rule code {entry.code} registered twice")
    RULES[entry.code] = entry
