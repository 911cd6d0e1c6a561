"""The ramp plan: 30/60/90-day checkpoints with targets, reviews and deliverables."""

from __future__ import annotations

import itertools
from typing import Annotated, ClassVar, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from generator.models.base import Block, Document
from generator.models.targets import Target
from generator.models.types import (
    Channel,
    Clock,
    DayNumber,
    Duration,
    IsoDate,
    Number,
    PersonId,
    ShortText,
    Text,
    WholeNumber,
    Wording,
)


class Phase(Block):
    """A stretch of the plan with one focus, e.g. days 1-30 onboarding."""

    ITEM_LABEL: ClassVar[str] = "Phase “{name}”"

    name: ShortText
    """Name, e.g. Onboarding and knowledge transfer."""
    from_day: DayNumber
    """First day of the phase."""
    to_day: DayNumber
    """Last day of the phase."""
    focus: Text
    """What the phase is about."""


class Review(Block):
    """The meeting held at a checkpoint."""

    title: ShortText
    """Meeting name, e.g. 30-day baseline review."""
    owner: PersonId
    """Who runs it (roster id)."""
    attendees: tuple[PersonId, ...] = Field(min_length=1)
    """Who attends (roster ids), from both parties."""
    agenda: tuple[Text, ...] = Field(min_length=1)
    """Agenda items."""
    date: IsoDate | None = None
    """Meeting date when it is not the checkpoint day."""
    time: Clock | None = None
    """Start time, HH:MM in the engagement's time zone (quote it: "15:00"); calendars
    then show a meeting instead of a day."""
    duration: Duration | None = None
    """How long the meeting runs, such as 1h or 90m; an hour when not given."""


class Deliverable(Block):
    """The written result of a checkpoint."""

    title: ShortText
    """E.g. 30-day baseline report."""
    owner: PersonId
    """Who writes it (roster id)."""


class Checkpoint(Block):
    """A checkpoint of the plan."""

    ITEM_LABEL: ClassVar[str] = "Day {day} checkpoint"

    day: DayNumber
    """Engagement day of the checkpoint, e.g. 30."""
    title: ShortText
    """E.g. Baseline."""
    focus: Text
    """What is judged at this checkpoint."""
    targets: tuple[Target, ...] = Field(min_length=1)
    """Metric targets due by this day."""
    review: Review
    """The review meeting."""
    deliverable: Deliverable
    """The written result."""
    if_missed: Text | None = None
    """What happens when targets are missed: fixes, timeline, escalation path."""


class ForecastInterval(Block):
    """One interval of a day's forecast, and the agents planned on it."""

    ITEM_LABEL: ClassVar[str] = "Interval at {at}"

    at: Clock
    """When the interval starts, HH:MM in the engagement's time zone (quote it: "10:00")."""
    volume: WholeNumber = Field(ge=0, le=1_000_000)
    """Contacts forecast in the interval."""
    agents: WholeNumber = Field(ge=0, le=100_000)
    """Agents planned on the queue in the interval (logged in, after shrinkage)."""


class ForecastDay(Block):
    """The forecast of some days of the week, interval by interval."""

    ITEM_LABEL: ClassVar[str] = "Forecast for {days}"

    days: ShortText
    """The days of the week this pattern forecasts, e.g. Mon-Fri or Sat."""
    intervals: tuple[ForecastInterval, ...] = Field(min_length=1, max_length=96)
    """The day's intervals in order of time, each with its volume and planned agents: at
    most 96, a day of quarter hours."""

    @model_validator(mode="after")
    def _in_order(self) -> ForecastDay:
        times = [interval.at for interval in self.intervals]
        for before, after in itertools.pairwise(times):
            if after <= before:
                raise PydanticCustomError(
                    "forecast_order",
                    "the forecast for {days} has the interval at {after} after the one at "
                    "{before}: list each interval once, in order of time",
                    {"days": self.days, "before": before, "after": after},
                )
        return self


class Staffing(Block):
    """One channel's forecast from a day of the plan, the agents planned for it, and the
    service level they must reach: checked by Erlang C, or Erlang A when callers'
    patience is given. Give either the busiest interval (`volume` and `agents`) or the
    `forecast` of each interval of the day."""

    ITEM_LABEL: ClassVar[str] = "Staffing of {channel} from day {from_day}"
    # Editors and schema checkers see the either-or the validator below enforces.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["volume", "agents"], "not": {"required": ["forecast"]}},
                {
                    "required": ["forecast"],
                    "not": {"anyOf": [{"required": ["volume"]}, {"required": ["agents"]}]},
                },
            ]
        }
    )

    channel: Channel
    """The channel staffed: voice, chat, e-mail..."""
    from_day: Annotated[DayNumber, Wording(label="from day")]
    """The day this staffing starts, e.g. the go-live of the channel."""
    volume: WholeNumber | None = Field(default=None, ge=1, le=1_000_000)
    """Contacts offered in the busiest interval of the forecast (without a `forecast`)."""
    agents: WholeNumber | None = Field(default=None, ge=0, le=100_000)
    """Agents planned on the queue in that interval (logged in, after shrinkage)."""
    forecast: tuple[ForecastDay, ...] = Field(default=(), max_length=7)
    """The forecast by days of the week and interval, with the agents planned on each
    interval: every interval is checked, instead of the busiest only. At most 7 day
    patterns, one for each day of the week."""
    interval: Literal[15, 30, 60] = 30
    """Minutes in an interval: 15, 30 or 60."""
    handle_time: Annotated[WholeNumber, Wording(label="handle time (s)")] = Field(ge=1, le=86_400)
    """Average handle time in seconds: talk or chat time, hold and after-contact work."""
    concurrency: WholeNumber = Field(default=1, ge=1, le=10)
    """Contacts an agent handles at once: chats, say; 1 for calls."""
    occupancy_cap: Annotated[Number, Wording(percent=True)] = Field(default=85, gt=0, le=100)
    """The highest share of their time agents may be busy, in percent."""
    shrinkage: Annotated[Number, Wording(percent=True)] = Field(default=30, ge=0, lt=100)
    """The share of paid time not on the queue (breaks, training, absence), in percent."""
    answered: Annotated[Number, Wording(percent=True)] = Field(gt=0, lt=100)
    """The service level to reach: this share of contacts answered..."""
    within: Annotated[WholeNumber, Wording(label="within (s)")] = Field(ge=1, le=86_400)
    """...within this many seconds."""
    patience: Annotated[WholeNumber | None, Wording(label="patience (s)")] = Field(
        default=None, ge=1, le=86_400
    )
    """Callers' mean patience in the queue, in seconds: when given, the check counts the
    callers who hang up before an answer (Erlang A) instead of assuming all wait (Erlang C)."""

    @model_validator(mode="after")
    def _one_forecast(self) -> Staffing:
        busiest = (self.volume, self.agents)
        if self.forecast and busiest != (None, None):
            raise PydanticCustomError(
                "staffing_twice",
                "the staffing of {channel} gives both a `forecast` and the busiest interval's "
                "`volume` or `agents`: keep one",
                {"channel": self.channel},
            )
        if not self.forecast and None in busiest:
            raise PydanticCustomError(
                "staffing_volume",
                "the staffing of {channel} needs the busiest interval's `volume` and "
                "`agents`, or a `forecast` of each interval",
                {"channel": self.channel},
            )
        return self


class RampSpec(Block):
    """The plan."""

    phases: tuple[Phase, ...] = ()
    """Phases, in order, e.g. onboarding, stabilisation, optimisation."""
    checkpoints: tuple[Checkpoint, ...] = Field(min_length=1)
    """Checkpoints in day order."""
    staffing: tuple[Staffing, ...] = Field(default=(), max_length=20)
    """Each channel's forecast (its busiest interval, or every interval) and the agents
    planned for it from a day of the plan, checked against its service level (PB406): at
    most 20."""
    forward_plan: Text | None = None
    """What happens after day 90, e.g. targets for days 91-180."""


class RampPlan(Document):
    """The 30/60/90-day plan."""

    KIND: ClassVar[str] = "RampPlan"
    FILE_NAME: ClassVar[str] = "ramp.yaml"
    DEFAULT_TITLE: ClassVar[str] = "30/60/90-day plan"

    kind: Literal["RampPlan"]
    """Always `RampPlan`."""
    spec: RampSpec
    """The plan itself."""


__all__ = ["Checkpoint", "Phase", "RampPlan", "Review", "Staffing"]
