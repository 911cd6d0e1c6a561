"""Shared metric definitions: one name, unit, direction, formula and source per KPI."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from generator.models.base import Block, Document
from generator.models.methods import Method
from generator.models.types import Id, ShortText, Text, Unit


class MetricDefinition(Block):
    """The single definition of a KPI that every target refers to."""

    ITEM_LABEL: ClassVar[str] = "{name}"

    id: Id
    """Short id used by targets, e.g. `fcr`."""
    name: ShortText
    """Plain name, e.g. First contact resolution."""
    unit: Unit
    """Unit of its values."""
    direction: Literal["higher", "lower"]
    """Whether higher or lower values are better."""
    category: Literal["speed", "quality", "efficiency", "volume", "outcome", "readiness"]
    """What it measures; service levels need quality metrics next to speed ones."""
    formula: Text
    """How it is computed, in words."""
    method: Method | None = None
    """How it is computed, as a named method with its parameters (`service-level` with
    its variant, threshold and short-abandon threshold, `top-box`, `handle-time`...):
    what both sides compute the number by."""
    source: Text
    """Where the data comes from."""
    description: Text | None = None
    """Notes on interpretation."""


class CatalogSpec(Block):
    """The catalog."""

    metrics: tuple[MetricDefinition, ...] = Field(min_length=1)
    """Metric definitions."""


class MetricCatalog(Document):
    """KPI definitions shared by engagements (or local to one)."""

    KIND: ClassVar[str] = "MetricCatalog"
    FILE_NAME: ClassVar[str] = "metrics.yaml"
    DEFAULT_TITLE: ClassVar[str] = "Metric catalog"

    kind: Literal["MetricCatalog"]
    """Always `MetricCatalog`."""
    spec: CatalogSpec
    """The definitions."""
