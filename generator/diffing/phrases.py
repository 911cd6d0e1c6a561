"""Filters the change-summary templates print with: counts, remarks, sign-off lists.

They return plain text; the Markdown template escapes whatever they return.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from generator.diffing.changes import (
    Change,
    Comparison,
    DocumentDiff,
    EngagementDiff,
    SignoffChange,
)

_ACTION_WORDS: Final = {"added": "added", "removed": "removed", "reordered": "reordered"}
_ENGAGEMENT_WORDS: Final = {
    "added": "new engagement",
    "removed": "engagement removed",
    "unreadable": "could not be compared",
    "changed": "changed",
}
_STATUS_WORDS: Final = {
    "added": "new",
    "removed": "removed",
    "unreadable": "could not be compared",
    "changed": "changed",
}


def count(number: int, one: str, many: str | None = None) -> str:
    """``1 change``, ``3 changes``; ``many`` for plurals not made with an `s`."""
    return f"{number} {one if number == 1 else (many or one + 's')}"


def remark(change: Change) -> str:
    """What to notice about a change: ``added``, ``tightened``, ``7 days later``."""
    parts = [_ACTION_WORDS.get(change.action, ""), change.verdict, change.note]
    return "; ".join(part for part in parts if part)


def sentence(change: Change) -> str:
    """A change as one plain sentence, old and new value included."""
    what = change.what
    extra = [change.verdict, change.note]
    if change.action == "added":
        text = f"{what} added" + (f": {change.new}" if change.new else "")
    elif change.action == "removed":
        text = f"{what} removed"
        extra.insert(0, f"was: {change.old}" if change.old else "")
    elif change.action == "reordered":
        text = f"{what} reordered"
    else:
        text = f"{what}: {change.old} → {change.new}"
    shown = [part for part in extra if part]
    return text + (f" ({'; '.join(shown)})" if shown else "")


def marker(change: Change) -> str:
    """``+`` added, ``-`` removed, ``~`` anything else."""
    return {"added": "+", "removed": "-"}.get(change.action, "~")


def people(signoffs: Iterable[SignoffChange]) -> str:
    """``Dana Whitfield (client, 4 Nov 2026); Sofia Marsh (vendor, 4 Nov 2026)``."""
    return "; ".join(
        f"{s.person} ({s.party}, {s.date})" if s.party else f"{s.person} ({s.date})"
        for s in signoffs
    )


def of_action(signoffs: Iterable[SignoffChange], action: str) -> list[SignoffChange]:
    return [s for s in signoffs if s.action == action]


def status_words(document: DocumentDiff) -> str:
    """``new``, ``removed``, ``could not be compared``."""
    return _STATUS_WORDS[document.status]


def engagement_status(engagement: EngagementDiff) -> str:
    """``new engagement``, ``engagement removed``, ``could not be compared``."""
    return _ENGAGEMENT_WORDS[engagement.status]


def headline(comparison: Comparison) -> list[str]:
    """The counts a reader takes in first, most important first."""
    parts = []
    if comparison.engagements or comparison.shared:
        where = [count(len(comparison.engagements), "engagement")] if comparison.engagements else []
        if comparison.shared:
            where.append("the shared catalogs")
        parts.append(f"{count(comparison.change_count, 'change')} in {' and '.join(where)}")
    if comparison.stale_count:
        parts.append(count(comparison.stale_count, "sign-off made stale", "sign-offs made stale"))
    if comparison.loosened:
        parts.append(count(comparison.loosened, "commitment loosened", "commitments loosened"))
    if comparison.new_problems:
        parts.append(count(len(comparison.new_problems), "new problem", "new problems"))
    if comparison.fixed_problems:
        parts.append(count(len(comparison.fixed_problems), "problem fixed", "problems fixed"))
    return parts


FILTERS: Final = {
    "count": count,
    "remark": remark,
    "sentence": sentence,
    "marker": marker,
    "people": people,
    "of_action": of_action,
    "status_words": status_words,
    "engagement_status": engagement_status,
    "headline": headline,
}
