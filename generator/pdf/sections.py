"""Data of the sections several PDFs share: the running header, the team, the sign-off page.

Every value is plain JSON (text, numbers, lists, mappings) already formatted by the
filters in :mod:`generator.views.text`; the Typst templates only place it. A proposal
packet reuses these builders and the matching ``sections/*.typ`` templates.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from generator.audience import vendor_only
from generator.digest import short
from generator.models import Document, Person, Target
from generator.pdf.manifest import signature_places
from generator.portfolio import Loaded, Playbook
from generator.views.context import SignoffView, TimelineEntry, approval, status_line
from generator.views.text import long_date, metric_name, person_label, person_name, target_text

JSON = dict[str, Any]

_PHASE_WORDS: Final = {
    "proposal": "Proposal",
    "onboarding": "Onboarding",
    "live": "Live",
    "closed": "Closed",
}
_MILESTONE_STATUS: Final = {
    "planned": "Planned",
    "in-progress": "In progress",
    "done": "Done",
    "at-risk": "At risk",
    "missed": "Missed",
    "cancelled": "Cancelled",
}


def header(playbook: Playbook, doc: Loaded[Document], built: date) -> JSON:
    """What every page and the title page say about the engagement and the document."""
    spec = playbook.engagement.model.spec
    state = approval(playbook, doc)
    return {
        "engagement": {
            "id": playbook.id,
            "title": playbook.title,
            "client": spec.client.name,
            "vendor": spec.vendor.name,
            "type": "Support transition" if spec.type == "support" else "Sales campaign",
            "phase": _PHASE_WORDS[spec.phase],
            "start": long_date(spec.start),
            "end": long_date(spec.last_day),
            "timezone": spec.timezone,
            "summary": spec.summary,
        },
        "document": {
            "kind": doc.kind,
            "title": doc.model.title,
            "version": doc.model.metadata.version,
            "status": status_line(state),
            "owner": _owner(playbook, doc.model.metadata.owner),
            "digest": doc.digest,
            "digest_short": short(doc.digest),
        },
        "built": long_date(built),
    }


def _owner(playbook: Playbook, person_id: str | None) -> str:
    return person_label(person_id, playbook.people) if person_id else ""


def contact(person: Person) -> list[str]:
    """E-mail and phone of ``person`` unless they are kept to the vendor's own team."""
    if vendor_only(person.contact_visibility):
        return []
    return [value for value in (person.email, person.phone) if value]


def team(playbook: Playbook) -> list[JSON]:
    """Both parties with their people: client first, then vendor."""
    spec = playbook.engagement.model.spec
    parties = []
    for party, org in (("client", spec.client), ("vendor", spec.vendor)):
        parties.append(
            {
                "party": party.capitalize(),
                "name": org.name,
                "legal_name": org.legal_name or org.name,
                "website": org.website or "",
                "people": [
                    {
                        "name": person.name,
                        "role": person.role,
                        "contact": contact(person),
                        "accountable": person.accountable,
                    }
                    for person in spec.people
                    if person.party == party
                ],
            }
        )
    return parties


def signature_block(playbook: Playbook, person: Person, given: SignoffView | None = None) -> JSON:
    """One signatory's place (``signature-blocks`` in ``common.typ``): for which
    organisation they sign, and the approval they recorded, if any."""
    spec = playbook.engagement.model.spec
    org = spec.client if person.party == "client" else spec.vendor
    return {
        "id": person.id,
        "party": person.party.capitalize(),
        "organisation": org.legal_name or org.name,
        "name": person.name,
        "role": person.role,
        "date": long_date(given.when) if given else "",
        "current": bool(given and given.current),
        "stale": bool(given and not given.current),
    }


def signoff(playbook: Playbook, doc: Loaded[Document]) -> JSON:
    """The sign-off page: recorded approvals (current or stale) and a signature block per party.

    The signature blocks name the people who sign (:func:`signature_places`).
    """
    state = approval(playbook, doc)
    recorded = [
        {
            "name": person_name(view.person_id, playbook.people),
            "role": view.person.role if view.person else "",
            "party": view.party.capitalize(),
            "date": long_date(view.when),
            "digest": short(view.digest),
            "current": view.current,
        }
        for view in state.signoffs
    ]
    blocks = [
        signature_block(
            playbook, person, next((v for v in state.signoffs if v.person_id == person.id), None)
        )
        for person in signature_places(playbook, doc)
    ]
    return {
        "state": state.state,
        "label": state.label,
        "digest": state.digest,
        "digest_short": short(state.digest),
        "recorded": recorded,
        "blocks": blocks,
    }


def timeline_rows(playbook: Playbook, entries: list[TimelineEntry]) -> list[JSON]:
    """The timeline table: date, day, what, owner, written deliverable, status."""
    return [
        {
            "date": long_date(entry.when),
            "day": entry.held,
            "title": entry.title,
            "owner": person_name(entry.owner_id, playbook.people),
            "owner_role": entry.owner.role if entry.owner else "",
            "deliverable": entry.deliverable,
            "kind": entry.kind,
            "status": _MILESTONE_STATUS.get(entry.status, entry.status),
        }
        for entry in entries
    ]


def targets(playbook: Playbook, items: tuple[Target, ...]) -> list[JSON]:
    """Targets as rows: metric name, target in words, note."""
    return [
        {
            "metric": metric_name(item.metric, playbook.metrics),
            "target": target_text(item, playbook.metrics.get(item.metric)),
            "note": item.note or "",
        }
        for item in items
    ]
