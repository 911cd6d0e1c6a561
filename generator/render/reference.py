"""Reference pages generated from the code: the schema of every kind, and the rules.

Descriptions are the models' and rules' own docstrings, so the reference never
drifts from what validation checks.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.models import KINDS
from generator.render.environment import render
from generator.render.markup import trusted
from generator.render.page import Page, markdown_page
from generator.rules import RULES, Rule
from generator.schema_export import described, file_name


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: Markup
    required: bool
    description: Markup


@dataclass(frozen=True)
class Shape:
    name: str
    description: Markup
    fields: tuple[FieldRow, ...]


def kind_slug(kind: str) -> str:
    """``EngagementBrief`` -> ``engagement-brief``."""
    return file_name(kind).removesuffix(".schema.json")


def reference_pages(
    folder: str = "reference", kinds: Collection[str] | None = None, *, rules: bool = True
) -> list[Page]:
    """One schema page per kind (of ``kinds``, all by default), an index of them, and,
    with ``rules``, the rule reference."""
    chosen = {kind: model for kind, model in KINDS.items() if kinds is None or kind in kinds}
    pages = [
        markdown_page(
            f"{folder}/schema/{kind_slug(kind)}.md",
            f"{kind} schema",
            render(
                "schema.md.j2",
                kind=kind,
                model=model,
                shapes=list(_shapes(described(model), kind)),
                schema_file=file_name(kind),
            ),
        )
        for kind, model in chosen.items()
    ]
    listed = [
        (kind, f"{kind_slug(kind)}.md", trusted(model.__doc__ or ""))
        for kind, model in chosen.items()
    ]
    pages.append(
        markdown_page(f"{folder}/schema/index.md", "Schema", render("schemas.md.j2", kinds=listed))
    )
    if not rules:
        return pages
    groups: dict[str, list[Rule]] = {}
    for entry in RULES.values():
        groups.setdefault(entry.group, []).append(entry)
    pages.append(
        markdown_page(
            f"{folder}/rules.md",
            "Rules",
            render("rules.md.j2", groups=groups, details=lambda r: Markup(r.details)),
        )
    )
    return pages


def _shapes(schema: dict[str, Any], kind: str) -> Iterator[Shape]:
    yield _shape(kind, schema)
    for name, definition in sorted(schema.get("$defs", {}).items()):
        yield _shape(name, definition)


def _shape(name: str, schema: dict[str, Any]) -> Shape:
    required = set(schema.get("required", ()))
    rows = tuple(
        FieldRow(
            key,
            type_text(prop),
            key in required,
            trusted(prop.get("description", "")),
        )
        for key, prop in schema.get("properties", {}).items()
    )
    return Shape(name, trusted(schema.get("description", "")), rows)


_WORDS = {"integer": "whole number", "number": "number", "boolean": "yes/no", "null": "empty"}


def type_text(prop: dict[str, Any]) -> Markup:
    """A JSON Schema property as a reader says it: ``list of [Person](#person)``."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return Markup(f"[{name}](#{name.lower()})")
    if "anyOf" in prop:
        options = [type_text(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return Markup(" or ".join(options))
    if "const" in prop:
        return Markup(f"`{prop['const']}`")
    if "enum" in prop:
        return Markup("one of " + ", ".join(f"`{value}`" for value in prop["enum"]))
    kind = prop.get("type")
    if kind == "array":
        return Markup("list of ") + type_text(prop.get("items", {}))
    if kind == "object":
        return Markup("mapping of ") + type_text(prop.get("additionalProperties", {}))
    if kind == "string":
        if prop.get("format") == "date":
            return Markup("date (YYYY-MM-DD)")
        if "pattern" in prop:
            pattern = html.escape(prop["pattern"]).replace("|", "&#124;")
            return Markup(f"text matching <code>{pattern}</code>")
        return Markup("text")
    return Markup(_WORDS.get(str(kind), str(kind or "any")))
