"""The plan as it stands, for the outputs: the timeline tracked, what is late and next, the
scorecard table and the weekly trends, all computed from :mod:`generator.views.progress`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.models.scorecard import Rating
from generator.portfolio import Playbook
from generator.views.context import TimelineEntry, events
from generator.views.progress import (
    MILESTONE_WORDS,
    SOON_DAYS,
    ActionStatus,
    Standing,
    TargetStatus,
    days,
    review_date,
    scorecard,
)
from generator.views.text import number


@dataclass(frozen=True)
class Tracked:
    """A dated item of the plan as it stands: a milestone or a checkpoint review."""

    entry: TimelineEntry
    #: The date it is due now: the latest re-plan's, or the plan's.
    due: date
    state: str
    words: str
    late_by: int = 0
    #: Days the re-plans moved it (milestones only).
    replanned_by: int = 0
    #: How many times the scorecard changed it since the plan: each re-plan, and done.
    changes: int = 0
    #: The client's rating of it, once done (milestones only).
    rating: Rating | None = None

    @property
    def done(self) -> bool:
        return self.state in ("done", "done-late", "held")


def tracked(playbook: Playbook, state: Standing) -> list[Tracked]:
    """The timeline with each item's standing, in the order of the dates it is due now."""
    milestones = {m.milestone.id: m for m in state.milestones}
    found = []
    for entry in events(playbook):
        if entry.kind == "checkpoint":
            found.append(_review(entry, state))
            continue
        status = milestones.get(entry.id)
        if status is None:
            found.append(Tracked(entry, entry.when, "planned", MILESTONE_WORDS["planned"]))
        else:
            due = status.due
            progress = status.progress
            changes = (len(progress.replanned) + (progress.done_on is not None)) if progress else 0
            found.append(
                Tracked(
                    entry,
                    due,
                    status.state,
                    status.words,
                    status.late_by,
                    status.replanned_by,
                    changes,
                    progress.rating if progress else None,
                )
            )
    order = {"checkpoint": 1}
    found.sort(key=lambda t: (t.due, order.get(t.entry.kind, 0)))
    return found


def _review(entry: TimelineEntry, state: Standing) -> Tracked:
    if entry.day in state.reviewed:
        return Tracked(entry, entry.when, "held", "Held", changes=1)
    if entry.when < state.today:
        late = (state.today - entry.when).days
        return Tracked(entry, entry.when, "results-due", f"Results due ({days(late)} late)", late)
    if (entry.when - state.today).days <= SOON_DAYS:
        return Tracked(entry, entry.when, "due-soon", MILESTONE_WORDS["due-soon"])
    return Tracked(entry, entry.when, "planned", MILESTONE_WORDS["planned"])


@dataclass(frozen=True)
class Ratings:
    """The client's ratings of the milestones done."""

    count: int
    average: float

    @property
    def words(self) -> str:
        """``4 of 5 on average, over 3 milestones``."""
        noun = "milestone" if self.count == 1 else "milestones"
        return f"{number(round(self.average, 1))} of 5 on average, over {self.count} {noun}"


def ratings(items: list[Tracked]) -> Ratings | None:
    """The average of the client's ratings, or None when nothing is rated."""
    scores = [t.rating.score for t in items if t.rating is not None]
    if not scores:
        return None
    return Ratings(len(scores), sum(scores) / len(scores))


@dataclass(frozen=True, order=True)
class Next:
    """Something still to do, as the overview lists what is next."""

    due: date
    title: str
    owner: str


def next_items(
    items: list[Tracked], actions: tuple[ActionStatus, ...], limit: int = 3
) -> list[Next]:
    """The next ``limit`` things not yet late, soonest first: milestones, reviews, actions."""
    coming = [
        Next(t.due, t.entry.title, t.entry.owner_id)
        for t in items
        if t.state in ("due-soon", "planned")
    ]
    coming += [
        Next(a.action.due, a.action.title, a.action.owner)
        for a in actions
        if a.open and a.overdue_by == 0
    ]
    return sorted(coming)[:limit]


@dataclass(frozen=True)
class ScoreRow:
    """One metric across the checkpoints: its status at each, or None where not targeted."""

    metric: str
    cells: tuple[TargetStatus | None, ...]


def score_rows(state: Standing) -> tuple[tuple[int, ...], tuple[ScoreRow, ...]]:
    """The scorecard table: checkpoint days, then a row per metric in order of first target."""
    checkpoint_days = tuple(dict.fromkeys(t.checkpoint.day for t in state.targets))
    metrics = dict.fromkeys(t.target.metric for t in state.targets)
    cells = {(t.target.metric, t.checkpoint.day): t for t in state.targets}
    rows = tuple(
        ScoreRow(metric, tuple(cells.get((metric, day)) for day in checkpoint_days))
        for metric in metrics
    )
    return checkpoint_days, rows


@dataclass(frozen=True, order=True)
class Late:
    """Something past its date and not done: a milestone, a review's results, an action."""

    was_due: date
    title: str
    words: str
    owner: str
    #: The date the plan gave, when a re-plan moved it to :attr:`was_due`.
    planned: date | None = None


def late_items(items: list[Tracked], actions: tuple[ActionStatus, ...]) -> list[Late]:
    """Everything late, the longest overdue first."""
    found = [
        Late(
            t.due,
            t.entry.title,
            t.words,
            t.entry.owner_id,
            t.entry.when if t.replanned_by and t.entry.when != t.due else None,
        )
        for t in items
        if t.state in ("overdue", "results-due")
    ]
    found += [
        Late(a.action.due, a.action.title, a.words, a.action.owner)
        for a in actions
        if a.open and a.overdue_by > 0
    ]
    return sorted(found)


@dataclass(frozen=True)
class Trend:
    """A metric's weekly values with its targets, as a trend chart draws them."""

    metric: str
    name: str
    unit: str | None
    points: tuple[tuple[date, float], ...]
    #: Each checkpoint's target on the metric: review date, comparator, value.
    targets: tuple[tuple[date, str, float | None], ...]

    def targets_by(self, until: date | None = None) -> tuple[tuple[date, str, float | None], ...]:
        """The targets of the reviews up to ``until``; without it, up to the first review
        on or after the latest value, the one the series is heading for."""
        if until is None:
            latest = self.points[-1][0]
            until = min((when for when, _, _ in self.targets if when >= latest), default=latest)
        return tuple(target for target in self.targets if target[0] <= until)


def trends(playbook: Playbook) -> list[Trend]:
    """One trend per metric with a weekly series in the scorecard, in the series' order."""
    card = scorecard(playbook)
    if card is None:
        return []
    targets: dict[str, list[tuple[date, str, float | None]]] = {}
    if playbook.ramp is not None:
        for checkpoint in playbook.ramp.model.spec.checkpoints:
            when = review_date(playbook, checkpoint)
            for target in checkpoint.targets:
                targets.setdefault(target.metric, []).append(
                    (when, target.comparator, target.value)
                )
    found = []
    for series in card.model.spec.series:
        metric = playbook.metrics.get(series.metric)
        found.append(
            Trend(
                series.metric,
                metric.name if metric else series.metric,
                metric.unit if metric else None,
                tuple((p.date, p.value) for p in series.points),
                tuple(targets.get(series.metric, ())),
            )
        )
    return found
