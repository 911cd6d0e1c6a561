"""Reporters: a validation result as text, GitHub annotations, JSON or SARIF.

Each reporter is a function ``(result, strict) -> str``; the command line picks one
by name and prints what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from generator.diagnostics import Findings
from generator.reporting import github, json_report, sarif, text

Reporter = Callable[[Findings, bool], str]

REPORTERS: Final[dict[str, Reporter]] = {
    "text": text.render,
    "github": github.render,
    "json": json_report.render,
    "sarif": sarif.render,
}

__all__ = ["REPORTERS", "Reporter", "summary"]

summary = text.summary
