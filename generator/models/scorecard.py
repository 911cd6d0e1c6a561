"""The scorecard: what happened against the plan, checkpoint by checkpoint.

The plan (brief and 30/60/90-day plan) is signed and stays as signed; the scorecard
records what was measured at each checkpoint review, the root cause and corrective
actions of every miss, weekly series of the metrics, and the progress of each
milestone, including re-plans that keep the original date in view.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.models.base import Block, Document, Model
from generator.models.methods import Method
from generator.models.types import (
    DayNumber,
    Id,
    IsoDate,
    MetricId,
    MilestoneId,
    Number,
    PersonId,
    Sha256,
    ShortText,
    Text,
    Unit,
    WholeNumber,
    Wording,
)

ActionStatus = Literal["open", "done", "cancelled"]


class Period(Model):
    """The days a value was measured over, both included."""

    start: IsoDate
    """First day measured, YYYY-MM-DD."""
    end: IsoDate
    """Last day measured, YYYY-MM-DD."""

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.end < self.start:
            raise PydanticCustomError(
                "period_order",
                "the period ends on {end} before it starts on {start}",
                {"start": self.start.isoformat(), "end": self.end.isoformat()},
            )
        return self


class Action(Block):
    """A corrective action: one owner, one due date, one status."""

    ITEM_LABEL: ClassVar[str] = "Action “{title}”"

    id: Id
    """Short id, unique in the scorecard, e.g. `csat-coaching`."""
    title: ShortText
    """What will be done."""
    owner: PersonId
    """The one person accountable (roster id)."""
    due: IsoDate
    """When it is due, YYYY-MM-DD."""
    status: ActionStatus = "open"
    """`open`, `done` or `cancelled`."""
    done_on: IsoDate | None = None
    """When it was done, YYYY-MM-DD."""


class ExportFile(Model):
    """A contact export a value was computed from."""

    path: Text
    """Where it is, relative to the scorecard's folder when it is in the repository."""
    sha256: Sha256
    """The SHA-256 digest of its bytes: the export the value holds for."""


class ComputedFrom(Model):
    """How a value was computed from contact exports (`playbook results compute`)."""

    files: tuple[ExportFile, ...] = Field(min_length=1)
    """The exports, by path and digest."""
    profile: ShortText
    """The mapping profile the exports were read with."""
    method: Method
    """The metric's method and parameters when the value was computed."""
    counted: WholeNumber = Field(ge=0)
    """Contacts the method counted."""
    excluded: WholeNumber = Field(ge=0)
    """Rows left out because a time, an outcome or a wait did not read."""


class Measurement(Block):
    """The measured value of one target at a checkpoint."""

    ITEM_LABEL: ClassVar[str] = "{metric}"

    metric: MetricId
    """Metric id from a metric catalog; the checkpoint must target it."""
    value: Number | None = None
    """The measured value, in the metric's unit. A trend target may leave it out and be
    judged from the metric's weekly series."""
    unit: Unit | None = None
    """Unit of the value, when stated; it must be the metric's unit."""
    period: Period | None = None
    """The days the value was measured over."""
    source: ShortText | None = None
    """Where the number comes from, e.g. Zendesk Explore."""
    note: Text | None = None
    """How to read the number."""
    root_cause: Text | None = None
    """Why the target was missed; required for a miss."""
    actions: tuple[Action, ...] = ()
    """What is done about a miss; a miss needs at least one, with an owner and a due date."""
    computed: ComputedFrom | None = None
    """How the value was computed from contact exports, when it was."""
    incident: Id | None = None
    """The incident behind a miss, when one incident missed several levels: the
    commercials may credit only the largest of its misses."""


class Observation(Block):
    """A value measured at a checkpoint for a metric it does not target: shown, not judged."""

    ITEM_LABEL: ClassVar[str] = "{metric}"

    metric: MetricId
    """Metric id from a metric catalog."""
    value: Number
    """The measured value, in the metric's unit."""
    unit: Unit | None = None
    """Unit of the value, when stated; it must be the metric's unit."""
    period: Period | None = None
    """The days the value was measured over."""
    source: ShortText | None = None
    """Where the number comes from."""
    note: Text | None = None
    """How to read the number."""
    computed: ComputedFrom | None = None
    """How the value was computed from contact exports, when it was."""


class HeldReview(Block):
    """The checkpoint review as it was held."""

    held_on: IsoDate
    """When the review was held, YYYY-MM-DD."""
    attendees: tuple[PersonId, ...] = Field(min_length=1)
    """Who attended (roster ids)."""
    decisions: tuple[Text, ...] = ()
    """What was decided."""


class CheckpointResults(Block):
    """What a checkpoint of the plan measured, and its review."""

    ITEM_LABEL: ClassVar[str] = "Day {day} results"

    day: DayNumber
    """The day of the checkpoint in the 30/60/90-day plan."""
    review: HeldReview | None = None
    """The review as held; absent until it is."""
    results: tuple[Measurement, ...] = ()
    """The measured value of each target."""
    observations: tuple[Observation, ...] = ()
    """Values of metrics the checkpoint does not target, recorded for the record: shown
    beside the results, never judged."""


class Point(Model):
    """One value of a weekly series."""

    ITEM_LABEL: ClassVar[str] = "Week to {date:date}"

    date: IsoDate
    """The last day of the week measured, YYYY-MM-DD."""
    value: Number
    """The value, in the metric's unit."""


class Series(Block):
    """A metric's values week by week, so trends are judged from data."""

    ITEM_LABEL: ClassVar[str] = "{metric} weekly"

    metric: MetricId
    """Metric id from a metric catalog."""
    points: tuple[Point, ...] = Field(min_length=1)
    """The values, oldest first."""


class Replan(Model):
    """A new due date for a milestone, agreed and explained; the earlier dates stay."""

    ITEM_LABEL: ClassVar[str] = "Re-plan to {due:date}"

    due: IsoDate
    """The new due date, YYYY-MM-DD."""
    reason: Text
    """Why it moved."""
    agreed_by: tuple[PersonId, ...] = Field(min_length=1)
    """Who agreed to the new date (roster ids)."""
    on: IsoDate | None = None
    """When it was agreed, YYYY-MM-DD."""


class Rating(Model):
    """The client's rating of a milestone once it is done."""

    score: WholeNumber = Field(ge=1, le=5)
    """From 1 (poor) to 5 (excellent)."""
    by: PersonId
    """Who rated it: someone of the client's side (roster id)."""
    on: IsoDate
    """When they rated it, YYYY-MM-DD."""
    comment: Text | None = None
    """What they would say about it."""


class Progress(Block):
    """Where one milestone of the brief's timeline stands."""

    ITEM_LABEL: ClassVar[str] = "Milestone “{milestone}”"

    milestone: MilestoneId
    """Milestone id from the brief's timeline."""
    done_on: IsoDate | None = None
    """When it was done, YYYY-MM-DD."""
    replanned: tuple[Replan, ...] = ()
    """Each re-plan in order, the latest last; the brief keeps the original date."""
    note: Text | None = None
    """Anything the reader should know."""
    rating: Annotated[Rating | None, Wording(label="client rating")] = None
    """The client's rating of the milestone once it is done: only the client's people
    rate."""

    @property
    def due(self) -> date | None:
        """The due date the latest re-plan set, if any."""
        return self.replanned[-1].due if self.replanned else None


class ScorecardSpec(Block):
    """The results."""

    checkpoints: tuple[CheckpointResults, ...] = ()
    """Results and review of each checkpoint held so far."""
    series: tuple[Series, ...] = ()
    """Weekly values of the metrics whose trend counts."""
    milestones: tuple[Progress, ...] = ()
    """Progress of the brief's milestones."""


class Scorecard(Document):
    """Results recorded against the targets, checkpoint by checkpoint."""

    KIND: ClassVar[str] = "Scorecard"
    FILE_NAME: ClassVar[str] = "results.yaml"
    DEFAULT_TITLE: ClassVar[str] = "Scorecard"

    kind: Literal["Scorecard"]
    """Always `Scorecard`."""
    spec: ScorecardSpec
    """The results."""


__all__ = [
    "Action",
    "CheckpointResults",
    "HeldReview",
    "Measurement",
    "Period",
    "Point",
    "Progress",
    "Replan",
    "Scorecard",
    "Series",
]
