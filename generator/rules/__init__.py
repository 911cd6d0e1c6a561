"""Every check, registered by code. Importing this package registers them all."""

from __future__ import annotations

from generator.rules import (  # noqa: F401  (imported to register their rules)
    accepted,
    commercials,
    completeness,
    computed,
    dates,
    imports,
    launch,
    ratings,
    reading,
    red_flags,
    references,
    results,
    signoffs,
    staffing,
    targets,
)
from generator.rules.registry import RULES, Context, Finding, Rule

# Report and list rules in code order, whatever order the modules registered them in.
_by_code = dict(sorted(RULES.items()))
RULES.clear()
RULES.update(_by_code)

__all__ = ["RULES", "Context", "Finding", "Rule"]
