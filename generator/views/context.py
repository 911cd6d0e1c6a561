"""Views computed from a playbook that every output shows the same way.

The timeline of dated milestones and reviews, the sign-off state of each document,
and each metric's targets across checkpoints. Renderers take these, never raw dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final, Literal

from generator.approved import signoff_is_current
from generator.loading.composer import Path as DataPath
from generator.models import Document, Person
from generator.portfolio import Loaded, Playbook
from generator.views.progress import TargetStatus

#: Each document status as a page footer and a summary line say it.
_STATUS_WORDS: Final = {
    "draft": "Draft",
    "review": "In review",
    "approved": "Approved",
    "superseded": "Superseded",
}


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event of the engagement: a milestone of the brief or a checkpoint review."""

    when: date
    day: int
    #: What identifies it across versions: the milestone id, or ``day-N`` for a review.
    id: str
    title: str
    owner: Person | None
    owner_id: str
    kind: str  # milestone type (kickoff, go-live...) or "checkpoint"
    deliverable: str
    status: str
    document: Loaded[Document]
    path: DataPath
    attendees: tuple[Person, ...] = ()
    #: The day of the engagement it happens on. ``day`` names a review by its checkpoint
    #: (day 14); a review given its own date is held on another day (day 15).
    held: int = 0


def timeline(playbook: Playbook) -> list[TimelineEntry]:
    """Milestones and checkpoint reviews in date order (milestones first on the same day)."""
    spec = playbook.engagement.model.spec
    people = playbook.people
    entries: list[TimelineEntry] = []
    if playbook.brief is not None:
        for index, milestone in enumerate(playbook.brief.model.spec.timeline):
            when = milestone.due or spec.date_of(milestone.day or 1)
            entries.append(
                TimelineEntry(
                    when=when,
                    day=spec.day_of(when),
                    id=milestone.id,
                    title=milestone.title,
                    owner=people.get(milestone.owner),
                    owner_id=milestone.owner,
                    kind=milestone.type,
                    deliverable=milestone.deliverable,
                    status=milestone.status,
                    document=playbook.brief,
                    path=("spec", "timeline", index),
                    held=spec.day_of(when),
                )
            )
    if playbook.ramp is not None:
        for index, checkpoint in enumerate(playbook.ramp.model.spec.checkpoints):
            review = checkpoint.review
            when = review.date or spec.date_of(checkpoint.day)
            entries.append(
                TimelineEntry(
                    when=when,
                    day=checkpoint.day,
                    id=f"day-{checkpoint.day}",
                    title=review.title,
                    owner=people.get(review.owner),
                    owner_id=review.owner,
                    kind="checkpoint",
                    deliverable=checkpoint.deliverable.title,
                    status="planned",
                    document=playbook.ramp,
                    path=("spec", "checkpoints", index, "review"),
                    attendees=tuple(people[a] for a in review.attendees if a in people),
                    held=spec.day_of(when),
                )
            )
    order = {"checkpoint": 1}
    entries.sort(key=lambda e: (e.when, order.get(e.kind, 0)))
    return entries


def events(playbook: Playbook) -> list[TimelineEntry]:
    """The timeline as a reader follows it: each meeting once. A review milestone of the
    brief on a checkpoint's day, or on the day its review is held, is that checkpoint's
    review, which the plan tells in more detail (its own date, attendees and agenda); the
    milestone's status stays with it."""
    entries = timeline(playbook)
    reviews = [e for e in entries if e.kind == "checkpoint"]
    by_day = {e.day: e for e in reviews}
    by_date = {e.when: e for e in reviews}
    told: dict[int, str] = {}
    kept = []
    for entry in entries:
        review = by_day.get(entry.day) or by_date.get(entry.when)
        if entry.kind == "review" and review is not None:
            told.setdefault(review.day, entry.status)
        else:
            kept.append(entry)
    return [
        replace(e, status=told[e.day]) if e.kind == "checkpoint" and e.day in told else e
        for e in kept
    ]


ApprovalState = Literal[
    "approved", "stale", "awaiting-client", "awaiting-vendor", "awaiting-both", "draft"
]


@dataclass(frozen=True)
class SignoffView:
    person: Person | None
    person_id: str
    party: str
    when: date
    digest: str
    current: bool
    #: The pull request review it was recorded from, if any.
    review: str | None = None


@dataclass(frozen=True)
class Approval:
    """Where a document stands with its approvals."""

    status: str  # the document's own status field
    state: ApprovalState
    digest: str
    signoffs: tuple[SignoffView, ...]

    @property
    def stale(self) -> tuple[SignoffView, ...]:
        return tuple(s for s in self.signoffs if not s.current)

    @property
    def label(self) -> str:
        return {
            "approved": "Approved by both parties",
            "stale": "Approval stale: content changed since sign-off",
            "awaiting-client": "Awaiting client sign-off",
            "awaiting-vendor": "Awaiting vendor sign-off",
            "awaiting-both": "Awaiting sign-off by both parties",
            "draft": "Draft",
        }[self.state]


def approval(playbook: Playbook, doc: Loaded[Document]) -> Approval:
    """Sign-offs of ``doc``, each current or stale, and the document's overall state."""
    people = playbook.people
    views = tuple(
        SignoffView(
            person=people.get(s.person),
            person_id=s.person,
            party=people[s.person].party if s.person in people else "unknown",
            when=s.date,
            digest=s.digest,
            current=signoff_is_current(playbook, doc, s.person, s.digest),
            review=s.via.review if s.via else None,
        )
        for s in doc.model.signoffs
    )
    signatories = {
        s.person
        for s in doc.model.signoffs
        if s.person in people and people[s.person].may_sign(doc.kind)
    }
    current_parties = {v.party for v in views if v.current and v.person_id in signatories}
    if any(not v.current for v in views) and doc.model.metadata.status == "approved":
        state: ApprovalState = "stale"
    elif {"client", "vendor"} <= current_parties:
        state = "approved"
    elif doc.model.metadata.status == "draft" and not views:
        state = "draft"
    elif "client" in current_parties:
        state = "awaiting-vendor"
    elif "vendor" in current_parties:
        state = "awaiting-client"
    else:
        state = "stale" if views else "awaiting-both"
    return Approval(doc.model.metadata.status, state, doc.digest, views)


@dataclass(frozen=True)
class RampPoint:
    """A metric's target at one checkpoint and, once measured, its result."""

    day: int
    comparator: str
    value: float | None
    #: The value measured at the checkpoint, when a result is recorded.
    actual: float | None = None
    #: How the result stands against the target: ``met``, ``missed``...
    state: str = ""


def ramp_series(
    playbook: Playbook, measured: Sequence[TargetStatus] = ()
) -> dict[str, list[RampPoint]]:
    """Each metric's targets across the checkpoints, in day order, with the results of
    ``measured`` (a standing's targets) beside them."""
    results = {
        (s.checkpoint.day, s.target.metric): s
        for s in measured
        if s.actual is not None and s.target.value is not None and s.state != "at-risk"
    }
    series: dict[str, list[RampPoint]] = {}
    if playbook.ramp is None:
        return series
    for checkpoint in playbook.ramp.model.spec.checkpoints:
        for target in checkpoint.targets:
            found = results.get((checkpoint.day, target.metric))
            series.setdefault(target.metric, []).append(
                RampPoint(
                    checkpoint.day,
                    target.comparator,
                    target.value,
                    found.actual if found else None,
                    found.state if found else "",
                )
            )
    return series


def status_line(approved: Approval) -> str:
    """The document's status as every page footer shows it: ``Approved``, ``In review``..."""
    word = _STATUS_WORDS.get(approved.status, approved.status)
    if approved.state == "stale":
        return f"{word} (sign-off stale)"
    return word
