"""A numeric target on a catalog metric, used by service levels and ramp checkpoints."""

from __future__ import annotations

from typing import ClassVar

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from generator.models.base import Block
from generator.models.types import (
    NUMERIC_COMPARATORS,
    Comparator,
    MetricId,
    Number,
    Text,
    Unit,
)


class Target(Block):
    """A target on one metric: `csat at-least 85`."""

    ITEM_LABEL: ClassVar[str] = "{metric}"

    metric: MetricId
    """Metric id from a metric catalog."""
    comparator: Comparator
    """`at-least`, `at-most`, `above`, `below`, `equals`, or `trending-up`/`trending-down`."""
    value: Number | None = None
    """Target value; required unless the comparator is a trend."""
    unit: Unit | None = None
    """Unit of the value; the metric's unit when absent."""
    note: Text | None = None
    """How it is measured, if the catalog definition needs a qualifier."""

    @model_validator(mode="after")
    def _value_for_numbers(self) -> Target:
        if self.comparator in NUMERIC_COMPARATORS and self.value is None:
            raise PydanticCustomError(
                "target_value",
                "target on `{metric}` says `{comparator}` but gives no `value`",
                {"metric": self.metric, "comparator": self.comparator},
            )
        return self
