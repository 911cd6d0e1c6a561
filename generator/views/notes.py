"""The internal notes and audience marks of a document, listed with their places.

Internal outputs (the vendor's site, PDFs and packets) show them, so the vendor's team
reads everything its playbooks say and sees what a client or prospect copy leaves out.
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import BaseModel

from generator.audience import MARK_LABELS, vendor_only
from generator.loading.composer import Path as DataPath
from generator.models import Block, Document, Person
from generator.portfolio import Loaded

JSON = dict[str, Any]

#: Field names that read better in other words when they name a place in a document.
_PLACES: Final = {
    "sla": "service levels",
    "metadata": "document header",
    "people": "roster",
    "levels": "escalation levels",
    "in_scope": "in scope",
    "out_of_scope": "out of scope",
}
_ITEM_NAMES: Final = ("id", "metric", "title", "name")


def notes(doc: Loaded[Document]) -> list[JSON]:
    """Every internal note, audience mark and internal contact in ``doc``, with its place."""
    rows = []
    for path, node in doc.nodes:
        if not isinstance(node, Block):
            continue
        note = node.internal_notes or ""
        if isinstance(node, Person) and vendor_only(node.contact_visibility):
            note = (note + " " if note else "") + "Contact details: vendor only."
        if not note and node.audience == "all":
            continue
        rows.append(
            {
                "place": place(doc.model, path),
                "source": _line(doc, path),
                "seen_by": MARK_LABELS[node.audience],
                "note": note,
            }
        )
    return rows


def place(model: BaseModel, path: DataPath) -> str:
    """Where ``path`` is in the document, in words, such as "Escalation levels, then P3"."""
    words: list[str] = []
    node: Any = model
    for step in path:
        if isinstance(step, int):
            node = node[step]
            words.append(_item_name(node, step))
        else:
            node = getattr(node, step, None) if node is not None else None
            if step != "spec":
                words.append(_PLACES.get(step, step.replace("_", " ")))
    if not words:
        return "The whole document"
    words[0] = words[0][:1].upper() + words[0][1:]
    return " › ".join(words)


def _item_name(item: Any, index: int) -> str:
    for name in _ITEM_NAMES:
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    day = getattr(item, "day", None)
    return f"day {day}" if isinstance(day, int) else f"item {index + 1}"


def _line(doc: Loaded[Document], path: DataPath) -> str:
    # The file's name, not its path: the same sources give the same PDF wherever they lie.
    # A mapping is found at its key (`fee_at_risk:`), a list item at its dash.
    return f"{doc.source.path.name}, line {doc.at(path, key=bool(path)).line}"
