"""The commercials: what the service costs, and what each missed service level costs the
vendor.

The price is a pricing model and its rates (by channel, phase, tier and language), with
the monthly quantity each rate is expected to bill for the estimate. The fee at risk is a
share of the monthly fee, a pool allocated across the brief's service levels: a missed
level earns the client a credit of its allocation of the pool, the credits of one period
never pass the cap, and a level met again for the earn-back periods returns its credit.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from generator.models.base import Block, Document
from generator.models.types import (
    Channel,
    Currency,
    MetricId,
    Number,
    ShortText,
    Text,
    WholeNumber,
    Wording,
    YesNo,
)

PricingModel = Literal[
    "per-productive-hour",
    "per-agent-month",
    "per-handled-contact",
    "per-resolved-ticket",
    "per-outcome",
]
Phase = Literal["training", "nesting", "production"]
Money = Annotated[Number, Field(ge=0, le=1_000_000_000)]
Share = Annotated[Number, Field(gt=0, le=100), Wording(percent=True)]

#: What one unit of each pricing model is, in running text.
UNITS: dict[str, tuple[str, str]] = {
    "per-productive-hour": ("productive hour", "productive hours"),
    "per-agent-month": ("agent-month", "agent-months"),
    "per-handled-contact": ("handled contact", "handled contacts"),
    "per-resolved-ticket": ("resolved ticket", "resolved tickets"),
    "per-outcome": ("outcome", "outcomes"),
}


class Rate(Block):
    """The price of one unit on one channel in one phase."""

    ITEM_LABEL: ClassVar[str] = "Rate for {channel} in {phase}"

    channel: Channel
    """The channel priced: voice, chat, e-mail..."""
    phase: Phase = "production"
    """`training` (classroom), `nesting` (supervised first weeks) or `production`."""
    tier: ShortText | None = None
    """The tier priced, e.g. Tier 1, when tiers are priced apart."""
    language: ShortText | None = None
    """The language priced, e.g. Spanish, when languages are priced apart."""
    price: Annotated[Money, Wording(stricter="lower")]
    """The price of one unit of the pricing model, in the commercials' currency."""
    monthly_units: Annotated[Number | None, Wording(label="monthly units")] = Field(
        default=None, ge=0, le=100_000_000
    )
    """The units expected in a month, for the estimated invoice."""


class VolumeBand(Block):
    """A discount on every unit of a month once its units pass a threshold."""

    ITEM_LABEL: ClassVar[str] = "Volume band above {above}"

    above: WholeNumber = Field(ge=1)
    """Units in the month above which the discount applies."""
    discount: Share
    """Discount in percent on the month's units."""


class Allocation(Block):
    """One service level's share of the pool at risk."""

    ITEM_LABEL: ClassVar[str] = "Allocation to {metric}"

    metric: MetricId
    """The service level's metric (catalog id); the brief must target it."""
    share: Annotated[Number, Field(gt=0, le=100), Wording(percent=True, stricter="higher")]
    """Its share of the pool, in percent: a miss credits this share of the pool."""


class FeeAtRisk(Block):
    """The share of the monthly fee the service levels put at risk, and how credits work."""

    percent: Annotated[Share, Wording(stricter="higher")]
    """The pool: this share of the monthly fee, in percent; within the brief's."""
    allocations: tuple[Allocation, ...] = Field(min_length=1)
    """Each service level's share of the pool; together they may pass 100%."""
    cap: Annotated[Share, Wording(stricter="higher")] = 100
    """The most one period's credits may reach, in percent of the pool."""
    earn_back: Annotated[WholeNumber | None, Wording(label="earn-back periods")] = Field(
        default=None, ge=1, le=12
    )
    """Periods in a row that must meet a missed level for its credit to be returned."""
    one_credit_per_incident: YesNo = True
    """Whether misses with the same incident earn only the largest of their credits."""


class Margin(Block):
    """The vendor's own floor under the price; internal by default."""

    audience: Literal["all", "client", "internal"] = "internal"
    """Who may read it: the vendor's team only unless said otherwise."""
    floor: Annotated[Number, Field(ge=0, lt=100), Wording(percent=True)]
    """The lowest gross margin the vendor accepts, in percent."""
    note: Text | None = None
    """How the floor was set."""


class CommercialsSpec(Block):
    """The price and the credits."""

    currency: Currency
    """The currency of every amount, as its ISO 4217 code, e.g. USD."""
    model: Annotated[PricingModel, Wording(label="pricing model")]
    """What is billed: `per-productive-hour`, `per-agent-month`, `per-handled-contact`,
    `per-resolved-ticket` or `per-outcome`."""
    rates: tuple[Rate, ...] = Field(min_length=1)
    """The rates, by channel, phase, tier and language."""
    monthly_minimum: Annotated[Money | None, Wording(label="monthly minimum")] = None
    """The least the client pays in a month, whatever the units."""
    volume_bands: tuple[VolumeBand, ...] = ()
    """Discounts once a month's units pass a threshold."""
    monthly_fee: Annotated[Money | None, Wording(label="monthly fee")] = None
    """The monthly fee the fee at risk is a share of; the estimated invoice when absent."""
    fee_at_risk: FeeAtRisk | None = None
    """The service levels' pool, its allocation and its credits."""
    margin: Margin | None = None
    """The vendor's margin floor (internal)."""
    terms: tuple[Text, ...] = ()
    """Other terms: invoicing, payment, review of rates."""


class Commercials(Document):
    """The commercials of an engagement: the price a proposal quotes and the credits the
    service levels carry."""

    KIND: ClassVar[str] = "Commercials"
    FILE_NAME: ClassVar[str] = "commercials.yaml"
    DEFAULT_TITLE: ClassVar[str] = "Commercials"

    kind: Literal["Commercials"]
    """Always `Commercials`."""
    spec: CommercialsSpec
    """The price and the credits."""
