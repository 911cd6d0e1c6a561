"""Gaps: what a packet needs that the playbook does not state, and where to write it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Location
from generator.models import REGISTRY, Document
from generator.portfolio import Loaded, Playbook


@dataclass(frozen=True)
class Gap:
    """A piece of the packet the playbook does not state."""

    message: str
    location: Location
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def missing_document(playbook: Playbook, kind: str) -> Gap:
    """The gap a missing (or unreadable) document leaves."""
    record = REGISTRY[kind]
    words, file_name = record.noun, record.file_name
    where = playbook.engagement.at(("kind",))
    if kind in playbook.broken:
        return Gap(
            f"the {words} of `{playbook.id}` has errors and is left out",
            where,
            "run `playbook validate` and fix them",
        )
    return Gap(
        f"engagement `{playbook.id}` has no {words}",
        where,
        f"add {file_name} (kind: {kind}) to its folder",
    )


def hidden_document(doc: Loaded[Document], audience: str) -> Gap:
    """The gap a document marked for narrower readers leaves in an audience's packet."""
    mark = doc.model.metadata.audience
    return Gap(
        f"the {doc.model.title.lower()} is marked `audience: {mark}` and left out of "
        f"{audience} copies",
        doc.at(("metadata", "audience")),
        "mark it `audience: all` if a prospect may read it",
    )


def absence(playbook: Playbook, kind: str) -> str:
    """What a reader is told where a document is missing, or unreadable."""
    words = REGISTRY[kind].noun
    if kind in playbook.broken:
        return f"The {words} is being corrected and is left out of this copy."
    return f"This engagement has no {words} yet."


def unique(gaps: list[Gap]) -> tuple[Gap, ...]:
    """``gaps`` without repeats (two answers may miss the same document), in place order."""
    return tuple(sorted(dict.fromkeys(gaps), key=lambda g: (g.location, g.message)))
