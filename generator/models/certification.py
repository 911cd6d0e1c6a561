"""The certification checklist: the gate between training and live work."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from generator.models.base import Block, Document
from generator.models.types import (
    Id,
    MilestoneId,
    Number,
    PersonId,
    ShortText,
    Text,
    WholeNumber,
    Wording,
    YesNo,
)


class CertificationItem(Block):
    """One thing an agent must show before going live."""

    ITEM_LABEL: ClassVar[str] = "Item “{title}”"

    id: Id
    """Short id, unique in the checklist."""
    title: ShortText
    """What is assessed."""
    method: Literal[
        "quiz", "observed-call", "role-play", "reverse-test", "shadowing", "system-check"
    ]
    """How it is assessed."""
    pass_threshold: Annotated[Number, Wording(percent=True, stricter="higher")]
    """Score needed to pass, in percent."""
    assessor: PersonId
    """Who assesses and signs the item off (roster id)."""
    required: Annotated[YesNo, Wording(label="required before go-live", stricter="yes")] = True
    """Must be passed before going live."""
    description: Text | None = None
    """What the assessment covers."""


class CertificationModule(Block):
    """A group of items on one area."""

    ITEM_LABEL: ClassVar[str] = "Module “{title}”"

    id: Id
    """Short id, unique in the checklist."""
    title: ShortText
    """Module title."""
    area: Literal[
        "product",
        "policy",
        "script",
        "objection-handling",
        "de-escalation",
        "compliance",
        "systems",
        "channel",
        "quality",
    ]
    """Area it covers."""
    items: tuple[CertificationItem, ...] = Field(min_length=1)
    """Items of this module."""


class Gate(Block):
    """The rule tying certification to going live."""

    go_live: Annotated[
        YesNo, Wording(label="certification required before go-live", stricter="yes")
    ]
    """No agent takes a live interaction before passing every required item."""
    before: Annotated[MilestoneId | None, Wording(label="certified before milestone")] = None
    """Milestone id (in the brief's timeline) that certification must precede."""
    signed_by: Annotated[PersonId | None, Wording(label="gate confirmed by")] = None
    """Who confirms the gate is passed (roster id)."""


class Recertification(Block):
    """When agents are assessed again."""

    triggers: tuple[Text, ...] = Field(min_length=1)
    """Events that require recertification, e.g. major product release."""
    interval_days: Annotated[WholeNumber | None, Wording(stricter="lower")] = Field(
        default=None, ge=1
    )
    """Recertify at least this often, in days."""


class CertificationSpec(Block):
    """The checklist."""

    applies_to: Text
    """Who must pass it, e.g. every agent, including replacements."""
    gate: Gate
    """The go-live gate."""
    modules: tuple[CertificationModule, ...] = Field(min_length=1)
    """Modules and their items."""
    recertification: Recertification
    """When agents are assessed again."""


class CertificationChecklist(Document):
    """What every agent passes before the first live interaction."""

    KIND: ClassVar[str] = "CertificationChecklist"
    FILE_NAME: ClassVar[str] = "certification.yaml"
    DEFAULT_TITLE: ClassVar[str] = "Agent certification checklist"

    kind: Literal["CertificationChecklist"]
    """Always `CertificationChecklist`."""
    spec: CertificationSpec
    """The checklist itself."""
