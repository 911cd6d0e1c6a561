"""How the parts of a playbook are named in a change summary, and how values read.

Items are named as a reviewer would (``Day 60 checkpoint``, ``P1 (Critical)``,
``Milestone “Go-live”``), fields in plain words (``receiver``, ``response target``),
and values through the shared formatting filters: people by name and role, metrics
by name, dates with their engagement day, durations as written in the YAML.
"""

from __future__ import annotations

import string
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Annotated, Any, Final, Union, get_args, get_origin

from pydantic import BaseModel, PlainSerializer

from generator.audience import MARK_WORDS
from generator.diffing.changes import Verdict
from generator.models import (
    Checkpoint,
    MetricDefinition,
    Milestone,
    Person,
    SeverityLevel,
    Target,
)
from generator.models.brief import FeeAtRisk
from generator.models.certification import CertificationItem, CertificationModule
from generator.models.types import NUMERIC_COMPARATORS, Ref, Wording, format_duration
from generator.portfolio import Playbook
from generator.views.text import long_date, metric_name, number, person_label, target_text


@dataclass(frozen=True)
class Names:
    """What ids stand for on one side of a comparison, and the dates they resolve to."""

    people: Mapping[str, Person] = field(default_factory=dict)
    metrics: Mapping[str, MetricDefinition] = field(default_factory=dict)
    milestones: Mapping[str, str] = field(default_factory=dict)
    due: Mapping[str, date] = field(default_factory=dict)
    start: date | None = None

    @classmethod
    def of(cls, playbook: Playbook | None) -> Names:
        if playbook is None:
            return cls()
        brief = playbook.brief.model.spec.timeline if playbook.brief else ()
        return cls(
            people=playbook.people,
            metrics=playbook.metrics,
            milestones={m.id: m.title for m in brief},
            due=playbook.milestone_dates(),
            start=playbook.engagement.model.spec.start,
        )

    def date_of(self, day: int) -> date | None:
        """The date of engagement day ``day``, when the start is known."""
        return self.start + timedelta(days=day - 1) if self.start is not None else None

    def dated(self, when: date) -> str:
        """``9 Dec 2026 (day 38)``; the day is left out when the start is unknown."""
        if self.start is None:
            return long_date(when)
        return f"{long_date(when)} (day {(when - self.start).days + 1})"


#: Nested blocks whose fields read well without the block's name in front.
FLATTENED: Final = frozenset({"spec", "metadata", "scope", "receiver"})

_PLAIN: Final = Wording()
_CHOICE_WORDS: Final = {"audience": MARK_WORDS, "contact_visibility": MARK_WORDS}


def wording(shape: type[BaseModel], name: str) -> Wording:
    """How field ``name`` of ``shape`` reads, as its model declares (:class:`Wording`)."""
    info = shape.model_fields[name]
    for marker in (*info.metadata, *_markers(info.annotation)):
        if isinstance(marker, Wording):
            return marker
    return _PLAIN


def list_label(shape: type[BaseModel], name: str) -> str | None:
    """The name the items of list ``name`` are shown under (``Roster``), if any."""
    return wording(shape, name).items


def field_label(shape: type[BaseModel], name: str) -> str:
    """``pass_threshold`` -> ``pass threshold``; ``Receiver.person`` -> ``receiver``."""
    label = wording(shape, name).label
    if label is not None:
        return label
    info = shape.model_fields[name]
    return (info.alias or name).replace("_", " ")


def item_label(item: BaseModel, names: Names) -> str:
    """How a reviewer names one item of a list: ``Day 60 checkpoint``, ``P1 (Critical)``,
    from the format its model declares (``ITEM_LABEL``)."""
    label = getattr(item, "ITEM_LABEL", None)
    if label is not None:
        return _ItemLabel(item, names).format(label)
    for name in ("title", "name", "id"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    return type(item).__name__


class _ItemLabel(string.Formatter):
    """Fills an ``ITEM_LABEL`` format with one item's fields, each as a reviewer reads it."""

    def __init__(self, item: BaseModel, names: Names) -> None:
        self.item = item
        self.names = names

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        return field_name, field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        shape, name = type(self.item), str(value)
        raw = getattr(self.item, name)
        if format_spec == "date":
            return long_date(raw)
        if _value_kind(shape, name) == "milestone":
            return str(self.names.milestones.get(raw, raw))
        return value_text(shape, name, raw, self.names)


def item_summary(item: BaseModel, names: Names) -> str | None:
    """A one-line description of an item that was added or removed."""
    match item:
        case Target():
            return target_text(item, names.metrics.get(item.metric))
        case Person():
            return f"{item.role}, {item.party}"
        case MetricDefinition():
            return f"{item.unit}, {item.direction} is better"
        case Milestone():
            when = names.due.get(item.id)
            due = f"due {names.dated(when)}, " if when else ""
            return f"{due}owner {_person(item.owner, names)}; deliverable: {item.deliverable}"
        case SeverityLevel():
            return (
                f"receiver {_person(item.receiver.person, names)}, "
                f"response within {format_duration(item.response)}"
            )
        case CertificationItem():
            required = "required" if item.required else "optional"
            return (
                f"{item.method}, pass at {number(item.pass_threshold)}%, "
                f"assessor {_person(item.assessor, names)}, {required}"
            )
        case CertificationModule():
            return f"{len(item.items)} item{'s' if len(item.items) != 1 else ''}"
        case Checkpoint():
            count = len(item.targets)
            return f"{count} target{'s' if count != 1 else ''}, review “{item.review.title}”"
        case FeeAtRisk():
            tied = ", ".join(metric_name(m, dict(names.metrics)) for m in item.tied_to)
            return f"{number(item.percent)}% of the monthly invoice, tied to {tied}"
    return None


def value_text(shape: type[BaseModel], name: str, value: Any, names: Names) -> str:
    """A field's value as a reviewer reads it."""
    if value is None:
        return "none"
    kind = _value_kind(shape, name)
    if kind == "person":
        return _person(value, names)
    if kind == "metric":
        return metric_name(value, dict(names.metrics))
    if kind == "milestone":
        title = names.milestones.get(value)
        return f"“{title}”" if title else str(value)
    if kind == "duration":
        return format_duration(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return names.dated(value)
    if isinstance(value, float):
        return number(value) + ("%" if wording(shape, name).percent else "")
    words = _CHOICE_WORDS.get(name)
    if words is not None and value in words:
        return words[value]
    return " ".join(str(value).split())


def scalar_verdict(shape: type[BaseModel], name: str, old: Any, new: Any) -> Verdict:
    """Whether changing a field from ``old`` to ``new`` asks more or less of the team."""
    stricter = wording(shape, name).stricter
    if stricter is None or old == new:
        return ""
    if old is None or new is None:  # a limit added or dropped
        return "tightened" if old is None else "loosened"
    if stricter == "yes":
        return "tightened" if new else "loosened"
    higher = new > old
    return "tightened" if higher == (stricter == "higher") else "loosened"


def target_verdict(old: Target, new: Target, metric: MetricDefinition | None) -> Verdict:
    """Whether a target asks more (``tightened``) or less (``loosened``) than before.

    A floor (`at-least`, `above`) tightens when raised, a ceiling (`at-most`, `below`)
    when lowered, an exact value in the metric's better direction. A number that
    becomes a trend loosens; a trend that becomes a number tightens.
    """
    old_numeric = old.comparator in NUMERIC_COMPARATORS
    new_numeric = new.comparator in NUMERIC_COMPARATORS
    if old_numeric != new_numeric:
        return "tightened" if new_numeric else "loosened"
    if old.comparator != new.comparator or old.unit != new.unit:
        return ""
    if old.value is None or new.value is None or old.value == new.value:
        return ""
    raised = new.value > old.value
    if old.comparator in ("at-least", "above"):
        return "tightened" if raised else "loosened"
    if old.comparator in ("at-most", "below"):
        return "loosened" if raised else "tightened"
    if metric is None:
        return ""
    return "tightened" if raised == (metric.direction == "higher") else "loosened"


def direction_note(metric: MetricDefinition | None) -> str:
    return f"{metric.direction} is better" if metric is not None else ""


def moved_note(days: int) -> str:
    """``7 days later``, ``1 day earlier``."""
    count = abs(days)
    return f"{count} day{'s' if count != 1 else ''} {'later' if days > 0 else 'earlier'}"


def _person(person_id: str, names: Names) -> str:
    return person_label(person_id, dict(names.people))


@cache
def _value_kind(shape: type[BaseModel], name: str) -> str:
    """`person`, `metric`, `milestone`, `duration`, or `plain`, from the field's type."""
    info = shape.model_fields[name]
    for marker in (*info.metadata, *_markers(info.annotation)):
        if isinstance(marker, Ref):
            return marker.target
        if isinstance(marker, PlainSerializer) and marker.func is format_duration:
            return "duration"
    return "plain"


def _markers(annotation: Any) -> list[Any]:
    """Every ``Annotated`` marker inside an annotation such as ``tuple[PersonId, ...] | None``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return [*extra, *_markers(base)]
    if origin in (Union, types.UnionType, tuple):
        return [m for arg in get_args(annotation) if arg is not Ellipsis for m in _markers(arg)]
    return []
