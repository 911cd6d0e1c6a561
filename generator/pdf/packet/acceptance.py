"""The packet's acceptance page: what signing accepts, what happens next and whom to ask,
and the places where the prospect and the vendor sign."""

from __future__ import annotations

from typing import Any, Final

from generator.models.commercials import Commercials
from generator.pdf.manifest import signing_people
from generator.pdf.sections import contact, signature_block
from generator.portfolio import Playbook
from generator.views.context import events
from generator.views.text import long_date

JSON = dict[str, Any]

#: How many of the first dated steps the page lists: up to the first live interaction.
NEXT_STEPS: Final = 4


def acceptance(view: Playbook, version: str) -> JSON:
    """The acceptance page: what signing accepts, the first steps after it, whom to ask,
    and a place for each signatory of the client (the prospect) and of the vendor."""
    spec = view.engagement.model.spec
    client = spec.client.legal_name or spec.client.name
    vendor = spec.vendor.legal_name or spec.vendor.name
    return {
        "text": (
            f"By signing below, {client} accepts this proposal ({version}) from {vendor}: the "
            "scope, plan and service levels it sets out"
            + (" and the prices above" if view.document(Commercials) else "")
            + ". The contract follows from it; each signature covers this exact file."
        ),
        "next": next_steps(view),
        "contact": _contact(view),
        "blocks": [signature_block(view, person) for person in signing_people(view)],
    }


def next_steps(view: Playbook) -> list[str]:
    """The first dated steps of the engagement, each with its owner: what signing starts."""
    steps = []
    for entry in events(view)[:NEXT_STEPS]:
        owner = f", {entry.owner.name}" if entry.owner else ""
        steps.append(f"{long_date(entry.when)} (day {entry.day}): {entry.title}{owner}")
    return steps


def _contact(view: Playbook) -> str:
    """Whom the prospect asks about the proposal: the vendor's first accountable person,
    with the e-mail and phone this reader may see."""
    spec = view.engagement.model.spec
    people = [p for p in spec.people if p.party == "vendor"]
    person = next((p for p in people if p.accountable), people[0] if people else None)
    if person is None:
        return ""
    reach = contact(person)
    return ", ".join([person.name, person.role, spec.vendor.name, *reach])
