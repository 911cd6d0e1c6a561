"""Editions: what the copy of a PDF built for one audience carries besides its content.

The content itself is filtered before any data is built (:func:`generator.audience.
for_audience`). On top of it, an internal copy is marked as such on its title page and
on every page, lists the internal notes and audience marks of its document, and
attaches the source YAML. A copy for a client or a prospect carries no source file:
it attaches a YAML rendering of what that audience may read of the document, so the
source's internal notes and hidden parts never travel inside it.
"""

from __future__ import annotations

from typing import Any

import yaml

from generator.audience import ReaderName, reader
from generator.models import Document
from generator.pdf.engine import Attachment
from generator.portfolio import Loaded
from generator.views.notes import notes

JSON = dict[str, Any]

try:  # libyaml's emitter: the same text as PyYAML's, five times faster
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeDumper as _Dumper


def mark(audience: ReaderName) -> JSON | None:
    """The warning an internal copy shows on its title page and in every footer."""
    if not reader(audience).vendor_team:
        return None
    return {
        "label": "Internal",
        "title": "Internal copy: for the vendor team only",
        "text": "It shows internal notes and parts kept from the client and prospects. "
        "Send clients and prospects the copy built for them.",
    }


def extras(doc: Loaded[Document], audience: ReaderName) -> JSON:
    """The data every template reads besides the document's own: its mark and notes."""
    return {"mark": mark(audience), "notes": notes(doc) if reader(audience).vendor_team else []}


def attachment(doc: Loaded[Document], audience: ReaderName, name: str | None = None) -> Attachment:
    """The file a PDF of ``doc`` carries for ``audience``.

    The source YAML as written for the internal audience; otherwise ``NAME.AUDIENCE.yaml``,
    the document as that audience may read it.
    """
    name = name or doc.source.path.name
    if reader(audience).vendor_team:
        return Attachment(name, doc.source.text)
    stem = name.rsplit(".", 1)[0]
    return Attachment(
        f"{stem}.{audience}.yaml",
        excerpt(doc, audience),
        f"What {reader(audience).words} may read of {doc.source.path.name}",
    )


def excerpt(doc: Loaded[Document], audience: ReaderName) -> str:
    """``doc`` (already filtered for ``audience``) as YAML, with a comment saying so."""
    data = doc.model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    header = (
        f"# {doc.source.path.name} as {reader(audience).words} may read it: parts marked for\n"
        "# other readers and every internal note are left out. The content digest in\n"
        "# playbook-content.json is that of the whole document.\n"
    )
    body: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body
