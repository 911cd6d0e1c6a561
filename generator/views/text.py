"""How values read in every output: dates, durations, targets, people.

These are the filters templates use; templates only loop and print.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Final

from generator.models import MetricDefinition, Person, Target
from generator.models.types import format_duration

_COMPARATOR_WORDS: Final = {
    "at-least": "at least",
    "at-most": "at most",
    "above": "above",
    "below": "below",
    "equals": "exactly",
    "trending-up": "trending up",
    "trending-down": "trending down",
}
_COMPARATOR_SIGNS: Final = {
    "at-least": "≥",
    "at-most": "≤",
    "above": ">",
    "below": "<",
    "equals": "=",
    "trending-up": "↑",
    "trending-down": "↓",
}
_UNIT_SUFFIX: Final = {
    "percent": "%",
    "seconds": " s",
    "minutes": " min",
    "hours": " h",
    "days": " days",
    "count": "",
    "score": "",
    "ratio": "",
}


def long_date(when: date) -> str:
    """``2026-11-02`` -> ``2 Nov 2026``."""
    return f"{when.day} {when:%b %Y}"


def iso(when: date) -> str:
    return when.isoformat()


def number(value: float) -> str:
    """``88.0`` -> ``88``, ``4.5`` -> ``4.5``, ``1000000.0`` -> ``1000000`` (never an
    exponent)."""
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.2f}"


def quantity(value: float, unit: str | None) -> str:
    """A value with its unit: ``88%``, ``240 min``, ``150``."""
    return number(value) + _UNIT_SUFFIX.get(unit or "", f" {unit}" if unit else "")


def duration(minutes: int) -> str:
    """``15`` -> ``15m``, ``240`` -> ``4h``."""
    return format_duration(minutes)


def target_text(target: Target, metric: MetricDefinition | None, *, signs: bool = False) -> str:
    """``at least 88%`` (or ``≥ 88%`` with ``signs``); trends read ``trending down``."""
    words = (_COMPARATOR_SIGNS if signs else _COMPARATOR_WORDS)[target.comparator]
    if target.value is None:
        return words
    unit = target.unit or (metric.unit if metric else None)
    return f"{words} {quantity(target.value, unit)}"


def metric_name(metric_id: str, metrics: dict[str, MetricDefinition]) -> str:
    metric = metrics.get(metric_id)
    return metric.name if metric else metric_id


def person_name(person_id: str, people: dict[str, Person]) -> str:
    """The person's name, or the id itself when the roster lacks it."""
    person = people.get(person_id)
    return person.name if person else person_id


def person_label(person_id: str, people: dict[str, Person]) -> str:
    """``Marco Alvarez (Support Operations Manager)``; a role that holds brackets of its
    own follows a comma: ``Dana Whitfield, VP Customer Experience (executive sponsor)``."""
    person = people.get(person_id)
    if person is None:
        return person_id
    if not person.role:
        return person.name
    return (
        f"{person.name}, {person.role}" if "(" in person.role else f"{person.name} ({person.role})"
    )


#: Words a label writes in capitals: ``crm`` -> ``CRM``.
ACRONYMS: Final = frozenset({"crm", "qa", "sms", "sla", "ivr", "wfm", "api", "kpi", "faq", "b2b"})


def label(value: str) -> str:
    """A field value as a label: ``in-progress`` -> ``In progress``, ``go-live`` -> ``Go live``,
    ``crm`` -> ``CRM``."""
    words = [w.upper() if w in ACRONYMS else w for w in value.replace("_", "-").split("-")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def area_label(area: str, title: str) -> str:
    """A certification module's area as its heading shows it: nothing when the title
    already says it (``Objection handling`` under ``Objection handling``)."""
    shown = label(area)
    return "" if shown.lower() == title.lower() else shown


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def days_between(first: date, last: date) -> str:
    """``in 3 days``, ``today``, ``2 days ago`` counted from ``first`` to ``last``."""
    delta = (last - first).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def people_names(person_ids: Iterable[str], people: dict[str, Person]) -> str:
    """``Dana Whitfield, Marco Alvarez``."""
    return ", ".join(person_name(person_id, people) for person_id in person_ids)


def metric_names(metric_ids: Iterable[str], metrics: dict[str, MetricDefinition]) -> str:
    return ", ".join(metric_name(metric_id, metrics) for metric_id in metric_ids)


def target_in(target: Target, metrics: dict[str, MetricDefinition]) -> str:
    """:func:`target_text` with the unit looked up in the engagement's metrics."""
    return target_text(target, metrics.get(target.metric))


def within(location: object, folder: str) -> str:
    """A place as ``path:line:col``, its path relative to ``folder`` when it lies inside."""
    place = str(location)
    prefix = folder.rstrip("/") + "/"
    return place[len(prefix) :] if place.startswith(prefix) else place


def comparator_sign(comparator: str) -> str:
    """``at-least`` -> ``≥``, ``trending-down`` -> ``↓``."""
    return _COMPARATOR_SIGNS[comparator]


def goal_text(comparator: str, value: float | None, unit: str | None) -> str:
    """A target as a chart labels it: ``≥85%``, or ``trending down`` without a value."""
    if value is None:
        return _COMPARATOR_WORDS[comparator]
    return f"{comparator_sign(comparator)}{quantity(value, unit)}"
