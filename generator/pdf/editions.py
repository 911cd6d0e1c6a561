"""Editions: what the copy of a PDF built for one audience carries besides its content.

The content itself is filtered before any data is built (:func:`generator.audience.
for_audience`). On top of it, an internal copy is marked as such on its title page and
on every page, lists the internal notes and audience marks of its document, and
attaches the source YAML. A copy for a client or a prospect carries no source file:
it attaches a YAML rendering of what that audience may read of the document, so the
source's internal notes and hidden parts never travel inside it.
"""

from __future__ import annotations

from typing import Any, Final

import yaml
from pydantic import BaseModel

from generator.audience import Audience
from generator.loading.composer import Path as DataPath
from generator.models import Block, Document, Person
from generator.pdf.engine import Attachment
from generator.portfolio import Loaded

JSON = dict[str, Any]

_SEEN_BY: Final = {"all": "Everyone", "client": "Client and vendor", "internal": "Vendor only"}
_READERS: Final = {"client": "the client", "prospect": "a prospect"}
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


def mark(audience: Audience) -> JSON | None:
    """The warning an internal copy shows on its title page and in every footer."""
    if audience != "internal":
        return None
    return {
        "label": "Internal",
        "title": "Internal copy: for the vendor team only",
        "text": "It shows internal notes and parts kept from the client and prospects. "
        "Send clients and prospects the copy built for them.",
    }


def extras(doc: Loaded[Document], audience: Audience) -> JSON:
    """The data every template reads besides the document's own: its mark and notes."""
    return {"mark": mark(audience), "notes": notes(doc) if audience == "internal" else []}


def notes(doc: Loaded[Document]) -> list[JSON]:
    """Every internal note, audience mark and internal contact in ``doc``, with its place."""
    rows = []
    for path, node in doc.nodes:
        if not isinstance(node, Block):
            continue
        note = node.internal_notes or ""
        if isinstance(node, Person) and node.contact_visibility == "internal":
            note = (note + " " if note else "") + "Contact details: vendor only."
        if not note and node.audience == "all":
            continue
        rows.append(
            {
                "place": place(doc.model, path),
                "source": _line(doc, path),
                "seen_by": _SEEN_BY[node.audience],
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


def attachment(doc: Loaded[Document], audience: Audience, name: str | None = None) -> Attachment:
    """The file a PDF of ``doc`` carries for ``audience``.

    The source YAML as written for the internal audience; otherwise ``NAME.AUDIENCE.yaml``,
    the document as that audience may read it.
    """
    name = name or doc.source.path.name
    if audience == "internal":
        return Attachment(name, doc.source.text)
    stem = name.rsplit(".", 1)[0]
    return Attachment(
        f"{stem}.{audience}.yaml",
        excerpt(doc, audience),
        f"What {_READERS[audience]} may read of {doc.source.path.name}",
    )


def excerpt(doc: Loaded[Document], audience: Audience) -> str:
    """``doc`` (already filtered for ``audience``) as YAML, with a comment saying so."""
    data = doc.model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    header = (
        f"# {doc.source.path.name} as {_READERS[audience]} may read it: parts marked for\n"
        "# other readers and every internal note are left out. The content digest in\n"
        "# playbook-content.json is that of the whole document.\n"
    )
    body: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return header + body
