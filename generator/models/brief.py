"""The engagement brief: scope, rules, systems, team rules and the dated timeline."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.models.base import Block, Document
from generator.models.targets import Target
from generator.models.types import (
    Channel,
    Clock,
    DayNumber,
    Id,
    IsoDate,
    MetricId,
    Number,
    PersonId,
    RuleCode,
    ShortText,
    Text,
    Timezone,
    WholeNumber,
    Wording,
    YesNo,
)


class Milestone(Block):
    """A dated commitment with a named owner and a written deliverable."""

    ITEM_LABEL: ClassVar[str] = "Milestone “{title}”"

    id: Id
    """Short id, unique in the timeline, e.g. `kickoff`."""
    title: ShortText
    """What happens."""
    owner: PersonId
    """The one person accountable (roster id), never a team."""
    due: IsoDate | None = None
    """Due date, YYYY-MM-DD. Give either `due` or `day`."""
    day: DayNumber | None = None
    """Due on this day of the engagement (day 1 is the start). Give either `due` or `day`."""
    deliverable: Text
    """The written result that proves it is done, e.g. "signed engagement brief"."""
    type: Literal["milestone", "kickoff", "readiness", "training", "go-live", "review"] = (
        "milestone"
    )
    """Kind of milestone; `go-live` marks the first live interaction."""
    status: Annotated[
        Literal["planned", "in-progress", "done", "at-risk", "missed", "cancelled"],
        Wording(label="progress"),
    ] = "planned"
    """Where it stands."""
    description: Text | None = None
    """More detail, if the title is not enough."""

    @model_validator(mode="after")
    def _one_due_date(self) -> Milestone:
        if self.due is None and self.day is None:
            raise PydanticCustomError(
                "due_missing",
                "milestone `{id}` has no due date: give `due` (a date) or `day` "
                "(a day of the engagement)",
                {"id": self.id},
            )
        if self.due is not None and self.day is not None:
            raise PydanticCustomError(
                "due_twice",
                "milestone `{id}` gives both `due` and `day`: keep one",
                {"id": self.id},
            )
        return self


class OperatingHours(Block):
    """When the vendor's team is working."""

    ITEM_LABEL: ClassVar[str] = "Hours {days} {opens}–{closes}"

    days: Text
    """Days of the week, e.g. Mon-Fri."""
    opens: Clock
    """Opening time, HH:MM."""
    closes: Clock
    """Closing time, HH:MM."""
    timezone: Timezone | None = None
    """Time zone of these hours; the engagement's by default."""
    channels: tuple[Channel, ...] = ()
    """Channels these hours apply to; all channels when empty."""


class VolumeCap(Block):
    """The most work the vendor takes on per day on one channel."""

    ITEM_LABEL: ClassVar[str] = "{channel} volume cap"

    channel: Channel
    """Channel the cap applies to."""
    per_day: WholeNumber = Field(ge=0)
    """Most contacts (or dials) per day."""


class LeadSource(Block):
    """Where outbound leads come from (sales engagements)."""

    ITEM_LABEL: ClassVar[str] = "Lead source “{name}”"

    name: ShortText
    """Name of the source, e.g. Website demo requests."""
    daily_volume: WholeNumber | None = Field(default=None, ge=0)
    """Expected leads per day."""


class Scope(Block):
    """What the vendor does, for whom, and within which limits."""

    in_scope: tuple[Text, ...] = Field(min_length=1)
    """Work the vendor does."""
    out_of_scope: tuple[Text, ...] = ()
    """Work that stays with the client."""
    market: Text | None = None
    """Target market or customer segment."""
    geography: tuple[Text, ...] = ()
    """Countries or regions served."""
    qualification: tuple[Text, ...] = ()
    """Who qualifies as a lead (sales engagements)."""
    lead_sources: tuple[LeadSource, ...] = ()
    """Lead sources (sales engagements)."""
    volume_caps: tuple[VolumeCap, ...] = ()
    """Daily volume caps per channel."""
    hours: tuple[OperatingHours, ...] = Field(min_length=1)
    """Operating or calling hours."""


class System(Block):
    """A system the vendor's team uses."""

    ITEM_LABEL: ClassVar[str] = "System “{name}”"

    name: ShortText
    """Product name, e.g. Zendesk."""
    category: Literal[
        "crm",
        "ticketing",
        "telephony",
        "dialer",
        "knowledge-base",
        "reporting",
        "qa",
        "chat",
        "workforce",
        "scheduling",
        "other",
    ]
    """What it is for."""
    owner: PersonId
    """Who sets it up and gives access (roster id)."""
    access: Text | None = None
    """Access the vendor's agents get, e.g. agent seat, read-only."""
    tested: Annotated[YesNo, Wording(label="tested end to end", stricter="yes")] = False
    """Tested end to end with real records before launch."""


class Security(Block):
    """How access is secured."""

    mfa: Annotated[YesNo, Wording(label="multi-factor authentication", stricter="yes")]
    """Multi-factor authentication on every system."""
    least_privilege: Annotated[YesNo, Wording(label="least-privilege access", stricter="yes")]
    """Agents get only the access their work needs."""
    audit_trail: Annotated[YesNo, Wording(stricter="yes")]
    """Access and changes are logged."""
    data_residency: Text | None = None
    """Where customer data may be stored or viewed from."""
    notes: tuple[Text, ...] = ()
    """Further security rules."""


class CommunicationRule(Block):
    """A standing meeting or report between the two teams."""

    ITEM_LABEL: ClassVar[str] = "Meeting “{topic}”"

    topic: Text
    """What it is, e.g. Weekly QA calibration."""
    cadence: Text
    """How often, e.g. weekly (Tuesdays)."""
    channel: Text
    """Where, e.g. video call, shared Slack channel."""
    owner: PersonId
    """Who runs it (roster id)."""
    attendees: tuple[PersonId, ...] = ()
    """Who attends (roster ids)."""


class FeeAtRisk(Block):
    """Share of the monthly invoice tied to the quality targets."""

    percent: Annotated[Number, Wording(percent=True)]
    """Percent of the monthly invoice, typically 5 to 15."""
    tied_to: tuple[MetricId, ...] = Field(min_length=1)
    """Metrics (catalog ids) the fee depends on."""


class ServiceLevels(Block):
    """The service-level agreement: speed floors paired with quality minimums."""

    targets: tuple[Target, ...] = Field(min_length=1)
    """Each committed target."""
    fee_at_risk: FeeAtRisk | None = None
    """Fee tied to the targets."""
    calibration: Text | None = None
    """How both sides calibrate quality scores, e.g. weekly on a shared sample."""


class AcceptedRisk(Block):
    """A red flag both sides weighed and accepted, with the reason and who accepted it."""

    ITEM_LABEL: ClassVar[str] = "Accepted risk {rule}"

    rule: RuleCode
    """The red flag's rule code (PB7xx), e.g. `PB707`."""
    reason: Text
    """Why the risk is acceptable here, and what offsets it."""
    accepted_by: tuple[PersonId, ...] = Field(min_length=1)
    """Who accepted it (roster ids): someone from the client at least."""


class BriefSpec(Block):
    """What both sides agree before technical work starts."""

    summary: Text
    """The engagement in a paragraph."""
    objectives: tuple[Text, ...] = Field(min_length=1)
    """What success looks like."""
    scope: Scope
    """What the vendor does, for whom, and within which limits."""
    systems: tuple[System, ...] = Field(min_length=1)
    """CRM, ticketing, telephony, knowledge base, reporting..."""
    security: Security
    """Security setup."""
    communication: tuple[CommunicationRule, ...] = ()
    """Standing meetings and reports."""
    sla: Annotated[ServiceLevels | None, Wording(label="SLA")] = None
    """Service levels, for engagements that commit to them."""
    timeline: tuple[Milestone, ...] = Field(min_length=1)
    """Milestones, each with an owner, a due date and a deliverable."""
    assumptions: tuple[Text, ...] = ()
    """What the plan assumes; when one breaks, the plan is revisited."""
    accepted_risks: tuple[AcceptedRisk, ...] = ()
    """Red flags accepted with a reason: validation stops warning about them, and the
    readiness review shows them as accepted."""


class EngagementBrief(Document):
    """The document both sides sign before technical work starts."""

    KIND: ClassVar[str] = "EngagementBrief"
    FILE_NAME: ClassVar[str] = "brief.yaml"
    DEFAULT_TITLE: ClassVar[str] = "Engagement brief"

    kind: Literal["EngagementBrief"]
    """Always `EngagementBrief`."""
    spec: BriefSpec
    """The brief itself."""


__all__ = ["AcceptedRisk", "EngagementBrief", "Milestone"]
