"""Any model as sections of labelled values: what a kind without its own template shows.

Plain fields of the model go into one "Details" section; each list of items becomes a
table with a column per field, and each nested part a section of its own. Values are
worded as everywhere else: dates in full, people and metrics by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from generator.models import MetricDefinition, Person
from generator.views.text import label, long_date, metric_name, number, person_name

JSON = dict[str, Any]
DETAILS = "Details"
#: Shown elsewhere: what each reader sees, and the internal notes of internal copies.
_SKIPPED = frozenset({"audience", "internal_notes"})


@dataclass(frozen=True)
class _Names:
    people: dict[str, Person]
    metrics: dict[str, MetricDefinition]

    def text(self, value: Any) -> str:
        """One value in words; lists joined, nested parts as ``Label: value`` pairs."""
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, date):
            return long_date(value)
        if isinstance(value, int | float):
            return number(value)
        if isinstance(value, BaseModel):
            return "; ".join(f"{name}: {text}" for name, text in self.pairs(value))
        if isinstance(value, list | tuple):
            return ", ".join(self.text(item) for item in value)
        text = str(value)
        if text in self.people:
            return person_name(text, self.people)
        if text in self.metrics:
            return metric_name(text, self.metrics)
        return text

    def pairs(self, model: BaseModel) -> list[tuple[str, str]]:
        return [(label(name), self.text(value)) for name, value in _fields(model)]


def field_sections(
    model: BaseModel, people: dict[str, Person], metrics: dict[str, MetricDefinition]
) -> list[JSON]:
    """``[{"title", "head", "rows"}]``: ``head`` is empty for a section of label-value rows."""
    names = _Names(people, metrics)
    details: list[list[str]] = []
    sections: list[JSON] = []
    for name, value in _fields(model):
        if isinstance(value, list | tuple) and value and isinstance(value[0], BaseModel):
            sections.append(_table(label(name), value, names))
        elif isinstance(value, BaseModel):
            rows = [[field, text] for field, text in names.pairs(value)]
            sections.append({"title": label(name), "head": [], "rows": rows})
        else:
            details.append([label(name), names.text(value)])
    if details:
        sections.insert(0, {"title": DETAILS, "head": [], "rows": details})
    return sections


def _table(title: str, items: Any, names: _Names) -> JSON:
    columns: dict[str, None] = {}
    for item in items:
        columns.update(dict.fromkeys(name for name, _ in _fields(item)))
    rows = [
        [
            names.text(getattr(item, column)) if getattr(item, column) is not None else ""
            for column in columns
        ]
        for item in items
    ]
    return {"title": title, "head": [label(column) for column in columns], "rows": rows}


def _cell(value: Any, names: _Names) -> str:
    return "" if value is None else names.text(value)


def _fields(model: BaseModel) -> list[tuple[str, Any]]:
    """The fields of ``model`` that hold something, in the model's order."""
    found = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value is None or value in ((), []) or name in _SKIPPED:
            continue
        found.append((name, value))
    return found
