"""What an answer in a packet is made of: a lead sentence, then the facts behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from generator.models import Person
from generator.pdf.packet.gaps import Gap
from generator.portfolio import Playbook

NOT_STATED: Final = "Not stated in the playbook."


@dataclass(frozen=True)
class Listing:
    """A titled list of short points."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    """Share of the width of each column; 0 sizes a column to its content."""


@dataclass(frozen=True)
class Answer:
    """One question and its answer: a lead sentence, then the facts behind it."""

    question: str
    lead: str
    lists: tuple[Listing, ...] = ()
    table: Table | None = None
    gaps: tuple[Gap, ...] = ()
    see: str | None = None
    """The part of the packet with the whole of it: brief, plan, escalation, certification."""


def who(person_id: str, playbook: Playbook) -> str:
    """``Leo Grant, Campaign Manager (Harbor CX)``."""
    person = playbook.people.get(person_id)
    if person is None:
        return person_id
    if not person.role:  # a stand-in for someone kept from the reader names the side only
        return person.name
    return f"{person.name}, {person.role}, {_organisation(person, playbook)}"


def _organisation(person: Person, playbook: Playbook) -> str:
    spec = playbook.engagement.model.spec
    return (spec.client if person.party == "client" else spec.vendor).name
