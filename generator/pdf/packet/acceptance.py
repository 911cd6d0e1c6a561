"""The packet's acceptance page: what signing accepts, and the places where the prospect
and the vendor sign."""

from __future__ import annotations

from typing import Any

from generator.models.commercials import Commercials
from generator.pdf.manifest import signing_people
from generator.pdf.sections import signature_block
from generator.portfolio import Playbook

JSON = dict[str, Any]


def acceptance(view: Playbook, version: str) -> JSON:
    """The acceptance page: what signing accepts, and a place for each signatory of the
    client (the prospect) and of the vendor."""
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
        "blocks": [signature_block(view, person) for person in signing_people(view)],
    }
