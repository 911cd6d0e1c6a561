"""Rules on completeness: placeholders left, fields a project requires."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.audience import narrower, widest_reader
from generator.models import Block, Engagement
from generator.models.walk import required_blocks
from generator.portfolio import Loaded
from generator.rules.registry import Context, Finding, rule

PLACEHOLDER = "TODO"
_ID_PLACEHOLDER = "todo-"


def may_hold_placeholders(text: str) -> bool:
    """Whether a file's text holds a placeholder this rule looks for in its data."""
    return PLACEHOLDER in text or _ID_PLACEHOLDER in text


@rule("PB501", "required-by-project")
def required_by_project(ctx: Context) -> Iterator[Finding]:
    """A field the project requires is missing.

    Projects add their own required fields in `[tool.playbook.required]`, by shape
    name, for example `Person = ["email", "phone"]` or `Milestone = ["status"]`; the
    field must then be written out, even where the model has a default.
    """
    required = ctx.config.settings.required
    if not required:
        return
    for doc in ctx.portfolio.documents():
        written = doc.source.source_map.written
        for path, node in doc.nodes:
            for name in required.get(type(node).__name__, ()):
                if not written((*path, name)) or getattr(node, name, None) in (None, "", ()):
                    yield Finding(
                        doc,
                        path,
                        f"missing field `{name}`, which this project requires on "
                        f"every {type(node).__name__}",
                        "required by [tool.playbook.required] in the project settings",
                    )


@rule("PB502", "placeholder")
def placeholder(ctx: Context) -> Iterator[Finding]:
    """A value still holds a `TODO` placeholder from `playbook new`.

    The skeleton written by `playbook new` marks every value to fill in with `TODO`
    (or an id starting with `todo`); a playbook is not done while one is left. Each
    placeholder is reported once, with how many places use it: a roster id such as
    `todo-vendor-lead` at its roster entry, where renaming it starts.
    """
    uses: dict[str, list[tuple[Loaded[Any], tuple[str | int, ...]]]] = {}
    for doc in ctx.portfolio.documents():
        if not may_hold_placeholders(doc.source.text):
            continue  # most files have none; skip walking them
        for path, value in _strings(doc.source.data, ()):
            if value.startswith((PLACEHOLDER, _ID_PLACEHOLDER)):
                uses.setdefault(value, []).append((doc, path))
    for value, places in uses.items():
        doc, path = next(
            ((d, p) for d, p in places if d.kind == Engagement.KIND and p[-1:] == ("id",)),
            places[0],
        )
        files = len({d.source.display for d, _ in places})
        count = len(places)
        message = f"placeholder {value!r} is not filled in"
        if count > 1:
            message += f" ({count} uses in {files} file{'s' if files != 1 else ''})"
        hint: str | None
        if value.startswith(_ID_PLACEHOLDER):
            hint = f"rename `{value}` in the roster and in each of its uses"
        else:
            hint = "write the real value in each place" if count > 1 else None
        yield Finding(doc, path, message, hint)


def _strings(
    value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


@rule("PB503", "hidden-required-part")
def hidden_required_part(ctx: Context) -> Iterator[Finding]:
    """A part every reader needs is marked for a narrower audience.

    Client and prospect outputs leave out parts marked `audience: internal` (or
    `client`). A required part, such as a brief's `scope` or a level's `receiver`,
    cannot be left out, and neither can an engagement file as a whole: mark the
    fields or list items inside it instead.
    """
    for doc in ctx.portfolio.documents():
        if isinstance(doc.model, Engagement) and doc.model.metadata.audience != "all":
            yield Finding(
                doc,
                ("metadata", "audience"),
                "an engagement file cannot be hidden from any audience as a whole",
                "mark the parts inside it instead",
            )
        for path, node in doc.nodes:
            for key, name in required_blocks(type(node)):
                part = getattr(node, name)
                # `metadata.audience` marks a whole document, which may be left out.
                if key != "metadata" and part.audience != "all":
                    yield Finding(
                        doc,
                        (*path, key, "audience"),
                        f"`{key}` is required and cannot be marked `{part.audience}`",
                        "mark the fields or list items inside it instead",
                    )


@rule("PB504", "hidden-metric-in-target")
def hidden_metric_in_target(ctx: Context) -> Iterator[Finding]:
    """A part some readers see names a metric kept from them.

    A client's copy would show a target whose metric has no name, unit or definition
    there. Mark the metric for as wide an audience as the parts that use it, or mark
    those parts as narrowly as the metric.
    """
    for playbook in ctx.portfolio.playbooks:
        marks = _metric_marks(playbook)
        for doc in playbook.documents():
            by_path = dict(doc.nodes)
            for path, target, metric in doc.references:
                if target != "metric" or metric not in marks:
                    continue
                reach = _reach(doc.model.metadata.audience, by_path, path)
                hidden = marks[metric]
                if not widest_reader(reach).sees(hidden):
                    yield Finding(
                        doc,
                        path,
                        f"{widest_reader(reach).words} can read this, but metric `{metric}` is "
                        f"marked "
                        f"`{hidden}`: their copy would show it without its name or unit",
                        f"mark metric `{metric}` `audience: {reach}` in its catalog, or this "
                        f"part `audience: {hidden}`",
                    )


def _metric_marks(playbook: Any) -> dict[str, str]:
    """The narrowest mark of each metric: its own, or its whole catalog's."""
    marks: dict[str, str] = {}
    for catalog in (*playbook.shared_catalogs, *playbook.catalogs):
        whole = catalog.model.metadata.audience
        for metric in catalog.model.spec.metrics:
            marks[metric.id] = narrower(whole, metric.audience)
    return marks


def _reach(document_mark: str, by_path: dict[Any, Any], path: tuple[str | int, ...]) -> str:
    """The widest audience that sees the value at ``path``: the narrowest mark above it."""
    narrowest = document_mark
    for end in range(len(path)):
        node = by_path.get(path[:end])
        mark = getattr(node, "audience", None) if isinstance(node, Block) else None
        if mark is not None:
            narrowest = narrower(narrowest, mark)
    return narrowest


@rule("PB505", "document-owner")
def document_owner(ctx: Context) -> Iterator[Finding]:
    """A document of an engagement names nobody who keeps it up to date.

    Every document has one owner: the person (roster id) who answers for it and updates
    it when the engagement changes. Give it in `metadata.owner`. Shared metric
    catalogs, outside any engagement, are kept by the vendor's accountable people (the
    CODEOWNERS rules say so) and need no owner here.
    """
    for playbook in ctx.portfolio.playbooks:
        for doc in playbook.documents():
            if doc.partial or doc.model.metadata.owner is not None:
                continue
            yield Finding(
                doc,
                ("metadata",),
                f"the {doc.model.title.lower()} has no owner",
                "add `owner:` under `metadata:` with the roster id of the person who keeps it",
                key=True,
            )
