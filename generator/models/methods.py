"""How a catalog metric is computed: a named method from a documented set of CX formulas,
with its parameters, so that both sides compute the same number from the same records.

The same calls give different service levels depending on whether abandoned calls count,
before or after the threshold, and whether short abandons are left out; platforms
disagree on what the average speed of answer counts and on the repeat window of first
contact resolution. A metric that names its method and parameters settles that in the
catalog both parties approve (a sign-off covers the method of every metric a document
targets).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from generator.models.base import Model
from generator.models.types import Number, WholeNumber, Wording

Seconds = Annotated[WholeNumber, Field(ge=0, le=86_400)]
Days = Annotated[WholeNumber, Field(ge=1, le=365)]


class ServiceLevelMethod(Model):
    """The share of contacts answered within a threshold, in one of five variants."""

    name: Literal["service-level"]
    """The method: `service-level`."""
    variant: Literal[
        "offered", "answered", "abandoned-after-threshold", "abandons-within-met", "all-offered"
    ]
    """Which contacts are counted: `offered` (answered in time over all offered),
    `answered` (over those answered: abandons ignored), `abandoned-after-threshold`
    (over answered and those abandoned after the threshold), `abandons-within-met`
    (abandons within the threshold count as met), `all-offered` (over all offered, short
    abandons included)."""
    threshold: Annotated[Seconds, Wording(label="threshold (s)")]
    """Answered within this many seconds counts as met."""
    short_abandon: Annotated[Seconds, Wording(label="short abandon (s)")] = 0
    """Contacts abandoned within this many seconds are left out (0: none are); not with
    `all-offered`."""


class AbandonmentMethod(Model):
    """The share of offered contacts the customer abandoned before an answer."""

    name: Literal["abandonment"]
    """The method: `abandonment`."""
    short_abandon: Annotated[Seconds, Wording(label="short abandon (s)")] = 0
    """Abandons within this many seconds are left out of both counts (0: none are)."""


class SpeedOfAnswerMethod(Model):
    """The average wait of answered contacts."""

    name: Literal["speed-of-answer"]
    """The method: `speed-of-answer`."""
    scope: Literal["queue", "queue-and-ring"] = "queue"
    """What the wait counts: `queue` (in the queue only) or `queue-and-ring` (ringing the
    agent too)."""


class HandleTimeMethod(Model):
    """The average handling of answered contacts."""

    name: Literal["handle-time"]
    """The method: `handle-time`."""
    includes: tuple[Literal["talk", "hold", "after-contact-work"], ...] = Field(
        default=("talk", "hold", "after-contact-work"), min_length=1
    )
    """The parts of handling counted: `talk` (or chat), `hold`, `after-contact-work`."""


class ResolutionMethod(Model):
    """First contact resolution: solved without the customer coming back, or as the
    customer's survey says."""

    name: Literal["first-contact-resolution"]
    """The method: `first-contact-resolution`."""
    by: Literal["repeat-contact", "survey"] = "repeat-contact"
    """`repeat-contact` (no contact from the same customer within the window) or `survey`
    (the customer says it was solved)."""
    window_days: Annotated[Days, Wording(label="repeat window (days)")] = 7
    """Days after a contact within which another from the same customer is a repeat."""


class SatisfactionMethod(Model):
    """Customer satisfaction as the top-box share of survey answers."""

    name: Literal["top-box"]
    """The method: `top-box`."""
    scale: WholeNumber = Field(default=5, ge=2, le=11)
    """The highest score of the survey, e.g. 5 for 1-5."""
    top: WholeNumber = Field(default=2, ge=1, le=5)
    """How many of the highest scores count as satisfied: 2 means 4 and 5 of 5."""


class PromoterMethod(Model):
    """Net promoter score: promoters (9-10) less detractors (0-6), in points."""

    name: Literal["net-promoter"]
    """The method: `net-promoter`."""


class QualityMethod(Model):
    """Quality assurance: the share of scored contacts at or above the pass mark, or
    their average score."""

    name: Literal["qa-pass", "qa-score"]
    """The method: `qa-pass` or `qa-score`."""
    pass_mark: Number | None = None
    """The score that passes (for `qa-pass`)."""


class CountMethod(Model):
    """A count or a share of simple records: the open backlog, reopened tickets, speed to
    lead, and the contact, qualification, transfer and show rates of sales calling."""

    name: Literal[
        "backlog",
        "reopen-rate",
        "speed-to-lead",
        "contact-rate",
        "qualification-rate",
        "transfer-rate",
        "show-rate",
    ]
    """The method: `backlog`, `reopen-rate`, `speed-to-lead`, `contact-rate`,
    `qualification-rate`, `transfer-rate` or `show-rate`."""
    window_days: Annotated[Days | None, Wording(label="window (days)")] = None
    """For `reopen-rate`: days after solving within which a reopen counts."""


AnyMethod = (
    ServiceLevelMethod
    | AbandonmentMethod
    | SpeedOfAnswerMethod
    | HandleTimeMethod
    | ResolutionMethod
    | SatisfactionMethod
    | PromoterMethod
    | QualityMethod
    | CountMethod
)
#: A method as a metric declares it: which one, by its `name`.
Method = Annotated[AnyMethod, Field(discriminator="name")]
