"""Shapes that read better as one change than field by field.

A target is one commitment (`at least 85%`), not a comparator and a value; a
milestone has one due date whether it is written as `due` or as `day`; a checkpoint's
review falls on a date that follows the engagement's start; and a new start date
moves every date that counts from it. Each function returns what changed, for the
comparison to place and record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from pydantic import BaseModel

from generator.diffing.changes import Action, Verdict
from generator.diffing.wording import Names, direction_note, moved_note, target_verdict
from generator.models import Checkpoint, Milestone, Target
from generator.models.engagement import EngagementSpec
from generator.views.text import long_date, target_text


@dataclass(frozen=True)
class Found:
    """A change found by comparing a shape as a whole; ``key`` is the field it is at."""

    action: Action
    key: str
    field: str
    old: str
    new: str
    verdict: Verdict = ""
    note: str = ""


Pair = tuple[Names, Names]


def target(old: Target, new: Target, names: Pair) -> list[Found]:
    """One change for the comparator, value and unit together."""
    if (old.comparator, old.value, old.unit) == (new.comparator, new.value, new.unit):
        return []
    old_metric, new_metric = names[0].metrics.get(old.metric), names[1].metrics.get(new.metric)
    return [
        Found(
            "changed",
            "value",
            "target",
            target_text(old, old_metric),
            target_text(new, new_metric),
            target_verdict(old, new, new_metric),
            direction_note(new_metric),
        )
    ]


def milestone(old: Milestone, new: Milestone, names: Pair) -> list[Found]:
    """The due date, moved or only written another way (`due` or `day`)."""
    before, after = names[0].due.get(old.id), names[1].due.get(new.id)
    key = "due" if new.due is not None else "day"
    if before is not None and after is not None and before != after:
        return [_moved(key, "due date", (before, after), names)]
    if (old.due, old.day) != (new.due, new.day):
        return [
            Found(
                "changed",
                key,
                "due date written as",
                _as_written(old),
                _as_written(new),
                note="same date",
            )
        ]
    return []


def checkpoint(old: Checkpoint, new: Checkpoint, names: Pair) -> list[Found]:
    """The review's date: its own `date`, else the checkpoint's day from the start."""
    before = old.review.date or names[0].date_of(old.day)
    after = new.review.date or names[1].date_of(new.day)
    if before is None or after is None or before == after:
        return []
    return [_moved("review", "review date", (before, after), names)]


def engagement(old: EngagementSpec, new: EngagementSpec, names: Pair) -> list[Found]:
    """A new start date, which moves every date given as a day of the engagement."""
    if old.start == new.start:
        return []
    days = (new.start - old.start).days
    return [
        Found(
            "moved",
            "start",
            "start date",
            long_date(old.start),
            long_date(new.start),
            note=f"{moved_note(days)}; dates given as a day of the engagement move with it",
        )
    ]


#: Each shape compared as a whole, and the fields that comparison covers.
WHOLES: Final[dict[type[BaseModel], tuple[Callable[[Any, Any, Pair], list[Found]], set[str]]]] = {
    Target: (target, {"comparator", "value", "unit"}),
    Milestone: (milestone, {"due", "day"}),
    Checkpoint: (checkpoint, set()),
    EngagementSpec: (engagement, {"start"}),
}
#: Shapes whose dates count from the engagement's start: they move when it moves.
DATED: Final = (Milestone, Checkpoint)


def _moved(key: str, field: str, dates: tuple[date, date], names: Pair) -> Found:
    before, after = dates
    return Found(
        "moved",
        key,
        field,
        names[0].dated(before),
        names[1].dated(after),
        note=moved_note((after - before).days),
    )


def _as_written(item: Milestone) -> str:
    return f"day {item.day}" if item.due is None else item.due.isoformat()
