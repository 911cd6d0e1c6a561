"""What each person of an engagement owes, as of a day: what is overdue, what falls due
soon, the documents that wait for their sign-off and the corrective actions they own.

Computed from a playbook as one reader sees it: give a client's person the client's
edition (:func:`generator.audience.for_audience`), and nothing internal reaches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from generator.models import Person
from generator.portfolio import Playbook
from generator.views.context import approval
from generator.views.progress import days, standing
from generator.views.text import long_date, metric_name
from generator.views.tracking import tracked

#: How far ahead a reminder looks by default: a week, as a weekly digest does.
HORIZON_DAYS: Final = 7
#: Statuses whose documents wait for sign-offs: a draft is not ready to approve.
_ASKING: Final = ("review", "approved")


@dataclass(frozen=True, order=True)
class Duty:
    """One thing a person owes, in the order they are listed: by date, then title."""

    when: date
    title: str
    #: ``milestone``, ``review``, ``action`` or ``signoff``.
    kind: str
    #: Where it stands, in words: ``overdue by 17 days, was due 3 Dec 2026``.
    words: str


@dataclass(frozen=True)
class Agenda:
    """Everything one person owes in one engagement."""

    person: Person
    overdue: tuple[Duty, ...]
    coming: tuple[Duty, ...]
    signoffs: tuple[Duty, ...]
    #: Their open corrective actions due after the horizon.
    actions: tuple[Duty, ...]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.coming or self.signoffs or self.actions)


def agendas(playbook: Playbook, today: date, horizon: int = HORIZON_DAYS) -> list[Agenda]:
    """Each person's agenda in ``playbook`` on ``today``, looking ``horizon`` days ahead,
    in roster order; people who owe nothing are left out."""
    return [
        found
        for person in playbook.engagement.model.spec.people
        if not (found := agenda(playbook, person, today, horizon)).empty
    ]


def agenda(playbook: Playbook, person: Person, today: date, horizon: int) -> Agenda:
    """What ``person`` owes in ``playbook`` on ``today``, looking ``horizon`` days ahead:
    each item once, in the first of overdue, coming and later that it belongs to."""
    state = standing(playbook, today)
    until = today + timedelta(days=horizon)
    overdue: list[Duty] = []
    coming: list[Duty] = []
    for item in tracked(playbook, state):
        if item.entry.owner_id != person.id:
            continue
        kind = "review" if item.entry.kind == "checkpoint" else "milestone"
        if item.state in ("overdue", "results-due"):
            late = f"overdue by {days(item.late_by)}, was due {long_date(item.due)}"
            said = "results " + late if kind == "review" else late
            overdue.append(Duty(item.due, item.entry.title, kind, said))
        elif item.state in ("due-soon", "planned") and item.due <= until:
            coming.append(Duty(item.due, item.entry.title, kind, f"due {long_date(item.due)}"))
    later: list[Duty] = []
    for status in state.open_actions:
        action = status.action
        if action.owner != person.id:
            continue
        why = f"for {metric_name(status.metric, playbook.metrics)} on day {status.day}"
        if status.overdue_by:
            words = f"overdue by {days(status.overdue_by)}, was due {long_date(action.due)}; {why}"
            overdue.append(Duty(action.due, action.title, "action", words))
        else:
            duty = Duty(action.due, action.title, "action", f"due {long_date(action.due)}; {why}")
            (coming if action.due <= until else later).append(duty)
    return Agenda(
        person,
        tuple(sorted(overdue)),
        tuple(sorted(coming)),
        tuple(_signoffs(playbook, person, today)),
        tuple(sorted(later)),
    )


def _signoffs(playbook: Playbook, person: Person, today: date) -> list[Duty]:
    """The documents ready for approval that ``person`` signs and their party has not
    approved as they stand."""
    found = []
    for doc in playbook.documents():
        metadata = doc.model.metadata
        if metadata.status not in _ASKING or not person.may_sign(doc.kind):
            continue
        state = approval(playbook, doc)
        done = {s.party for s in state.signoffs if s.current}
        if person.party in done:
            continue
        stale = any(s.party == person.party for s in state.signoffs)
        words = (
            f"version {metadata.version} changed since the {person.party}'s sign-off"
            if stale
            else f"version {metadata.version}, awaiting the {person.party}'s sign-off"
        )
        found.append(Duty(today, doc.model.title, "signoff", words))
    return found
