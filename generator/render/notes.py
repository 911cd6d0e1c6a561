"""The internal notes of documents as a section of an internal page."""

from __future__ import annotations

from collections.abc import Iterable

from generator.audience import reader
from generator.models import Document
from generator.portfolio import Loaded
from generator.render.environment import render
from generator.views.notes import notes


def notes_section(docs: Iterable[Loaded[Document]], audience: str) -> str:
    """The Markdown listing the notes of ``docs`` on an internal page; '' for other readers."""
    if not reader(audience).vendor_team:
        return ""
    return render("_notes.md.j2", notes=[row for doc in docs for row in notes(doc)])
