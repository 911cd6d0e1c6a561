"""Where an engagement stands on a given day: each target, milestone and action, and overall.

Every status is computed here, once, from the plan and the scorecard, on a day the
caller gives (``today``), so the site, the PDFs, the rules and the tests agree.

Targets at a checkpoint are
  * **met** or **missed** (by how much, in the metric's unit) once a value is recorded;
    a trend target (`trending-up`, `trending-down`) is judged from the metric's weekly
    series up to the review date, by the slope of a least-squares line;
  * **at risk** before the next review when the metric's weekly series (at least
    :data:`PROJECTION_POINTS` values), carried forward to that review's date, misses
    the target; a trend target when its slope so far points the wrong way;
  * **not yet due** before the review otherwise, and **no data** after it.

Milestones are **done**, **done late** (by N days after their due date), **overdue**
(by N days), **due soon** (within :data:`SOON_DAYS`), **planned** or **cancelled**. A
re-plan moves the due date and is always shown (`re-planned +N days`); the brief keeps
the original date.

The engagement is
  * **red** when a target was missed at the latest checkpoint reviewed, a checkpoint is
    past its review date without results, or a milestone is overdue by more than
    :data:`SOON_DAYS` days;
  * **amber** when a target is at risk, a milestone or a corrective action is overdue,
    or a go-live was re-planned;
  * **green** otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Final, Literal
from weakref import WeakKeyDictionary

from generator.models import Checkpoint, MetricDefinition, Milestone, Target
from generator.models.scorecard import (
    Action,
    CheckpointResults,
    Measurement,
    Progress,
    Scorecard,
    Series,
)
from generator.portfolio import Loaded, Playbook
from generator.views.text import metric_name, number, quantity

#: A milestone or action due within this many days is due soon; overdue by more is red.
SOON_DAYS: Final = 7
#: Weekly values a projection or a trend is drawn from, at most.
TREND_POINTS: Final = 6
#: Weekly values a projection needs, at least: two points are a change, not a trend.
PROJECTION_POINTS: Final = 3

TargetState = Literal["met", "missed", "at-risk", "not-yet-due", "no-data"]
MilestoneState = Literal["done", "done-late", "overdue", "due-soon", "planned", "cancelled"]
Rag = Literal["red", "amber", "green"]

TARGET_WORDS: Final[dict[str, str]] = {
    "met": "Met",
    "missed": "Missed",
    "at-risk": "At risk",
    "not-yet-due": "Not yet due",
    "no-data": "No data",
}
MILESTONE_WORDS: Final[dict[str, str]] = {
    "done": "Done",
    "done-late": "Done late",
    "overdue": "Overdue",
    "due-soon": "Due soon",
    "planned": "Planned",
    "cancelled": "Cancelled",
}
RAG_WORDS: Final[dict[str, str]] = {"red": "Red", "amber": "Amber", "green": "Green"}


def scorecard(playbook: Playbook) -> Loaded[Scorecard] | None:
    """The engagement's scorecard, if it has a valid one."""
    return playbook.document(Scorecard)


@dataclass(frozen=True)
class TargetStatus:
    """One target of one checkpoint, against what was measured."""

    checkpoint: Checkpoint
    target: Target
    #: The review date of the checkpoint.
    when: date
    measured: Measurement | None
    state: TargetState
    #: The value recorded, or for a trend the slope per week.
    actual: float | None
    #: How far a missed (or at-risk) value is from the target, in the metric's unit.
    gap: float | None
    unit: str | None
    #: Where in the scorecard the result is: (checkpoint index, result index).
    place: tuple[int, int] | None = None

    @property
    def actual_text(self) -> str:
        """The value measured (``84%``), a trend's slope (``-38 min a week``), a projection
        (``on course for 82%``); empty without data."""
        if self.actual is None:
            return ""
        if self.target.value is None:
            sign = "+" if self.actual > 0 else "-" if self.actual < 0 else ""
            return f"{sign}{quantity(round(abs(self.actual), 2), self.unit)} a week"
        shown = quantity(round(self.actual, 1), self.unit)
        return f"on course for {shown}" if self.state == "at-risk" else shown

    @property
    def words(self) -> str:
        """``Missed by 1 point``, ``Met``, ``At risk``."""
        word = TARGET_WORDS[self.state]
        if self.state == "missed" and self.gap is not None:
            return f"{word} by {amount(self.gap, self.unit)}"
        return word


@dataclass(frozen=True)
class MilestoneStatus:
    """One milestone of the brief's timeline, against its progress."""

    milestone: Milestone
    index: int
    #: The date the brief gives; re-plans never change it.
    planned: date
    #: The date it is due now: the latest re-plan's, or the planned one.
    due: date
    done_on: date | None
    state: MilestoneState
    #: Days done after, or overdue past, :attr:`due`; 0 otherwise.
    late_by: int
    #: Days the re-plans moved it; 0 when never re-planned.
    replanned_by: int
    progress: Progress | None

    @property
    def words(self) -> str:
        """``Done 2 days late``, ``Overdue by 8 days``, ``Due soon (re-planned +4 days)``."""
        if self.state == "done-late":
            word = f"Done {days(self.late_by)} late"
        elif self.state == "overdue":
            word = f"Overdue by {days(self.late_by)}"
        else:
            word = MILESTONE_WORDS[self.state]
        if self.replanned_by:
            sign = "+" if self.replanned_by > 0 else "-"
            word += f" (re-planned {sign}{days(abs(self.replanned_by))})"
        return word


@dataclass(frozen=True)
class ActionStatus:
    """A corrective action of a missed target."""

    action: Action
    metric: str
    day: int
    overdue_by: int
    #: Where it is in the scorecard: (checkpoint index, result index, action index).
    place: tuple[int, int, int]

    @property
    def open(self) -> bool:
        return self.action.status == "open"

    @property
    def words(self) -> str:
        if self.action.status == "done":
            return "Done"
        if self.action.status == "cancelled":
            return "Cancelled"
        return f"Overdue by {days(self.overdue_by)}" if self.overdue_by > 0 else "Open"


@dataclass(frozen=True)
class Standing:
    """Everything :mod:`generator.views.progress` says about one engagement on one day."""

    today: date
    targets: tuple[TargetStatus, ...]
    milestones: tuple[MilestoneStatus, ...]
    actions: tuple[ActionStatus, ...]
    rag: Rag
    reasons: tuple[str, ...]
    #: The checkpoint days whose reviews have been held, in order.
    reviewed: tuple[int, ...]

    @property
    def rag_words(self) -> str:
        return RAG_WORDS[self.rag]

    @property
    def late(self) -> tuple[MilestoneStatus, ...]:
        return tuple(m for m in self.milestones if m.state in ("overdue", "done-late"))

    @property
    def overdue(self) -> tuple[MilestoneStatus, ...]:
        return tuple(m for m in self.milestones if m.state == "overdue")

    @property
    def open_actions(self) -> tuple[ActionStatus, ...]:
        return tuple(a for a in self.actions if a.open)

    @property
    def missed(self) -> tuple[TargetStatus, ...]:
        return tuple(t for t in self.targets if t.state == "missed")

    def at(self, day: int) -> tuple[TargetStatus, ...]:
        """The targets of the checkpoint on ``day``."""
        return tuple(t for t in self.targets if t.checkpoint.day == day)


#: Standings already worked out, per playbook (while it lives) and day: the rules, the
#: pages and the dashboard of one build ask for the same ones.
_STANDINGS: WeakKeyDictionary[Playbook, dict[date, Standing]] = WeakKeyDictionary()


def standing(playbook: Playbook, today: date) -> Standing:
    """Where ``playbook`` stands on ``today``."""
    known = _STANDINGS.setdefault(playbook, {})
    if today not in known:
        known[today] = _standing(playbook, today)
    return known[today]


def _standing(playbook: Playbook, today: date) -> Standing:
    card = scorecard(playbook)
    spec = card.model.spec if card is not None else None
    results = {c.day: (i, c) for i, c in enumerate(spec.checkpoints)} if spec else {}
    series = {s.metric: s for s in spec.series} if spec else {}
    targets = tuple(_targets(playbook, results, series, today))
    milestones = tuple(_milestones(playbook, spec.milestones if spec else (), today))
    actions = tuple(_actions(spec.checkpoints if spec else (), today))
    reviewed = tuple(sorted(day for day, (_, c) in results.items() if c.review is not None))
    rag, reasons = _rag(playbook, targets, milestones, actions, reviewed)
    return Standing(today, targets, milestones, actions, rag, reasons, reviewed)


def review_date(playbook: Playbook, checkpoint: Checkpoint) -> date:
    return checkpoint.review.date or playbook.date_of(checkpoint.day)


def _targets(
    playbook: Playbook,
    results: dict[int, tuple[int, CheckpointResults]],
    series: dict[str, Series],
    today: date,
) -> list[TargetStatus]:
    found: list[TargetStatus] = []
    if playbook.ramp is None:
        return found
    checkpoints = playbook.ramp.model.spec.checkpoints
    next_review = min(
        (when for when in (review_date(playbook, c) for c in checkpoints) if when > today),
        default=None,
    )
    for checkpoint in checkpoints:
        when = review_date(playbook, checkpoint)
        index, recorded = results.get(checkpoint.day, (None, None))
        for target in checkpoint.targets:
            metric = playbook.metrics.get(target.metric)
            place = None
            measured = None
            if recorded is not None and index is not None:
                for j, result in enumerate(recorded.results):
                    if result.metric == target.metric:
                        measured, place = result, (index, j)
                        break
            trend = series.get(target.metric) if when == next_review or today >= when else None
            status = judge(checkpoint, target, when, measured, trend, metric, today)
            found.append(replace(status, place=place))
    return found


def judge(
    checkpoint: Checkpoint,
    target: Target,
    when: date,
    measured: Measurement | None,
    series: Series | None,
    metric: MetricDefinition | None,
    today: date,
) -> TargetStatus:
    """The status of ``target`` at ``checkpoint`` (reviewed on ``when``) on ``today``."""
    unit = target.unit or (metric.unit if metric else None)

    def status(state: TargetState, actual: float | None, gap: float | None) -> TargetStatus:
        return TargetStatus(checkpoint, target, when, measured, state, actual, gap, unit)

    points = [(p.date, p.value) for p in series.points if p.date <= when] if series else []
    if target.value is None:  # a trend: judged from the weekly values up to the review
        slope = weekly_slope(points[-TREND_POINTS:])
        if slope is None:
            return status("not-yet-due" if today < when else "no-data", None, None)
        on_course = slope < 0 if target.comparator == "trending-down" else slope > 0
        if today < when:
            return status("not-yet-due" if on_course else "at-risk", slope, None)
        return status("met" if on_course else "missed", slope, None)
    if measured is not None and measured.value is not None:
        met = meets(measured.value, target.comparator, target.value)
        gap = None if met else abs(measured.value - target.value)
        return status("met" if met else "missed", measured.value, gap)
    if today >= when:
        return status("no-data", None, None)
    recent = points[-TREND_POINTS:]
    projected = project(recent, when) if len(recent) >= PROJECTION_POINTS else None
    if projected is not None and not meets(projected, target.comparator, target.value):
        return status("at-risk", projected, abs(projected - target.value))
    return status("not-yet-due", None, None)


def meets(value: float, comparator: str, target: float) -> bool:
    """Whether ``value`` meets ``comparator target`` (`at-least 85`...)."""
    match comparator:
        case "at-least":
            return value >= target
        case "at-most":
            return value <= target
        case "above":
            return value > target
        case "below":
            return value < target
        case _:
            return value == target


def weekly_slope(points: list[tuple[date, float]]) -> float | None:
    """The least-squares slope of ``points``, per week; None for fewer than two dates."""
    if len({when for when, _ in points}) < 2:
        return None
    xs = [when.toordinal() / 7 for when, _ in points]
    ys = [value for _, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def project(points: list[tuple[date, float]], when: date) -> float | None:
    """The value the trend of ``points`` reaches on ``when``; None without a trend."""
    slope = weekly_slope(points)
    if slope is None:
        return None
    last_date, last_value = points[-1]
    return last_value + slope * (when.toordinal() - last_date.toordinal()) / 7


def _milestones(
    playbook: Playbook, progress: tuple[Progress, ...], today: date
) -> list[MilestoneStatus]:
    if playbook.brief is None:
        return []
    recorded = {p.milestone: p for p in progress}
    found = []
    for index, milestone in enumerate(playbook.brief.model.spec.timeline):
        planned = milestone.due or playbook.date_of(milestone.day or 1)
        mine = recorded.get(milestone.id)
        due = (mine.due if mine else None) or planned
        done_on = mine.done_on if mine else None
        moved = (due - planned).days
        late = 0
        state: MilestoneState
        if milestone.status == "cancelled":
            state = "cancelled"
        elif done_on is not None:
            late = max(0, (done_on - due).days)
            state = "done-late" if late else "done"
        elif milestone.status == "done":
            state = "done"
        elif today > due:
            late, state = (today - due).days, "overdue"
        elif (due - today).days <= SOON_DAYS:
            state = "due-soon"
        else:
            state = "planned"
        found.append(
            MilestoneStatus(milestone, index, planned, due, done_on, state, late, moved, mine)
        )
    return found


def _actions(checkpoints: tuple[CheckpointResults, ...], today: date) -> list[ActionStatus]:
    found = []
    for i, checkpoint in enumerate(checkpoints):
        for j, result in enumerate(checkpoint.results):
            for k, action in enumerate(result.actions):
                late = (today - action.due).days if action.status == "open" else 0
                found.append(
                    ActionStatus(action, result.metric, checkpoint.day, max(0, late), (i, j, k))
                )
    return found


def _rag(
    playbook: Playbook,
    targets: tuple[TargetStatus, ...],
    milestones: tuple[MilestoneStatus, ...],
    actions: tuple[ActionStatus, ...],
    reviewed: tuple[int, ...],
) -> tuple[Rag, tuple[str, ...]]:
    red: list[str] = []
    amber: list[str] = []
    latest = reviewed[-1] if reviewed else None
    for status in targets:
        name = metric_name(status.target.metric, playbook.metrics)
        if status.state == "missed" and status.checkpoint.day == latest:
            red.append(f"{name} missed on day {status.checkpoint.day}")
        elif status.state == "at-risk":
            amber.append(f"{name} at risk for day {status.checkpoint.day}")
    no_data = sorted({s.checkpoint.day for s in targets if s.state == "no-data"})
    red.extend(f"day {day} review past without results" for day in no_data)
    for milestone in milestones:
        if milestone.state == "overdue":
            bucket = red if milestone.late_by > SOON_DAYS else amber
            bucket.append(f"{milestone.milestone.title} overdue by {days(milestone.late_by)}")
        if milestone.milestone.type == "go-live" and milestone.replanned_by > 0:
            amber.append(f"{milestone.milestone.title} re-planned +{days(milestone.replanned_by)}")
    late_actions = [a for a in actions if a.open and a.overdue_by > 0]
    if late_actions:
        amber.append(count(len(late_actions), "corrective action") + " overdue")
    if red:
        return "red", tuple(red + amber)
    if amber:
        return "amber", tuple(amber)
    return "green", ()


def days(n: int) -> str:
    return count(n, "day")


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


#: How a gap reads in each unit: percentages in points.
_GAP_UNITS: Final[dict[str, tuple[str, str]]] = {
    "percent": ("point", "points"),
    "seconds": ("second", "seconds"),
    "minutes": ("minute", "minutes"),
    "hours": ("hour", "hours"),
    "days": ("day", "days"),
}


def amount(value: float, unit: str | None) -> str:
    """A difference in its unit: ``1 point``, ``12 minutes``, ``20``."""
    shown = number(round(value, 2))
    words = _GAP_UNITS.get(unit or "")
    if words is None:
        return shown
    return f"{shown} {words[0] if shown == '1' else words[1]}"
