"""The escalation matrix: what escalates, to whom, how fast, with what information."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from generator.models.base import Block, Document
from generator.models.types import (
    DayNumber,
    Duration,
    IsoDate,
    LevelId,
    PersonId,
    ShortText,
    Text,
    Wording,
)


class Receiver(Block):
    """Who takes an escalation at one severity."""

    tier: Annotated[Text, Wording(label="receiving team")]
    """Team or tier receiving it, e.g. Client Tier 2, Vendor team lead."""
    person: Annotated[PersonId, Wording(label="receiver")]
    """The person on point (roster id)."""
    backup: Annotated[PersonId | None, Wording(label="backup receiver")] = None
    """Who takes it when the person is unavailable (roster id)."""


class SeverityLevel(Block):
    """One severity level and how it is handled."""

    ITEM_LABEL: ClassVar[str] = "{id} ({name})"

    id: LevelId
    """Short name, e.g. P1."""
    name: ShortText
    """Plain name, e.g. Critical."""
    definition: Text
    """When an issue is at this level."""
    triggers: tuple[Text, ...] = Field(min_length=1)
    """Issue types that escalate at this level, e.g. outage, billing dispute over $5,000."""
    receiver: Receiver
    """Who receives it."""
    response: Annotated[Duration, Wording(label="response target", stricter="lower")]
    """Time to first response by the receiver, e.g. 15m."""
    resolution: Annotated[Duration | None, Wording(label="resolution target", stricter="lower")] = (
        None
    )
    """Target time to resolution or workaround, e.g. 4h."""
    hours: Text
    """When this level is covered, e.g. 24/7 or Mon-Fri 08:00-20:00."""
    channel: Literal["phone", "pager", "ticket", "chat", "email", "meeting"]
    """How the agent hands it over."""
    contact: Text | None = None
    """Queue, chat room or number to use."""
    required_data: Annotated[tuple[Text, ...], Wording(label="data to collect")] = Field(
        min_length=1
    )
    """What the agent collects before transferring."""
    handover_note: Text | None = None
    """Format of the handover note; the matrix's default when absent."""


class EscalationSpec(Block):
    """The matrix."""

    effective_day: DayNumber | None = None
    """Engagement day from which the matrix is in force; before go-live."""
    effective: IsoDate | None = None
    """Date from which the matrix is in force, instead of `effective_day`."""
    coverage: Text
    """Hours of coverage for escalations overall."""
    levels: tuple[SeverityLevel, ...] = Field(min_length=1)
    """Severity levels, most severe first."""
    handover_format: Text | None = None
    """Default handover-note format, e.g. the fields in order."""
    principles: tuple[Text, ...] = ()
    """Rules that prevent over- and under-escalation."""


class EscalationMatrix(Document):
    """Which issues escalate, to whom, how fast, and with what information."""

    KIND: ClassVar[str] = "EscalationMatrix"
    FILE_NAME: ClassVar[str] = "escalation.yaml"
    DEFAULT_TITLE: ClassVar[str] = "Escalation matrix"

    kind: Literal["EscalationMatrix"]
    """Always `EscalationMatrix`."""
    spec: EscalationSpec
    """The matrix itself."""
