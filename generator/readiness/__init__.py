"""Readiness review: an engagement scored against the red flags a reviewer looks for.

The flags are those of an outsourcing engagement likely to fail: no signed brief, a
vague timeline, no certification gate, no day-30 review, no numeric or only speed
targets, no escalation matrix before go-live, onboarding under four weeks, every tier
handed over at once, and a fee at risk outside the usual range. Each is checked by the
rules that report it during validation, so a vendor sees its gaps before a prospect
does. :func:`review` returns typed results any output can show.
"""

from generator.readiness.checks import FLAGS, RedFlag
from generator.readiness.review import (
    AcceptedFlag,
    FlagResult,
    Readiness,
    accepted_flags,
    review,
)

__all__ = [
    "FLAGS",
    "AcceptedFlag",
    "FlagResult",
    "Readiness",
    "RedFlag",
    "accepted_flags",
    "review",
]
