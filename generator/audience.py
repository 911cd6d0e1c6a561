"""Audiences: the same playbooks, with what a reader may not see taken out.

Every output is built for one audience:

- ``internal``: the vendor's own team; everything.
- ``client``: the client's team; no part marked ``audience: internal``, no
  ``internal_notes``, no contact details kept internal.
- ``prospect``: a company that has not signed yet; only parts marked (or left as)
  ``audience: all``, and no contact details unless they are for all.

Filtering happens once, on the typed objects, before anything is rendered, so no
renderer can forget it. A filtered document keeps the digest of its full content:
approvals and PDFs stay bound to what was approved, not to an excerpt of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal, TypeVar

from pydantic import BaseModel

from generator.models import Block, Document, Person
from generator.models.walk import person_fields
from generator.portfolio import Loaded, Playbook, Portfolio

Audience = Literal["internal", "client", "prospect"]
AUDIENCES: Final[tuple[Audience, ...]] = ("internal", "client", "prospect")

# How far a mark reaches: a part marked `client` is seen by the client and internally.
_MARK_RANK: Final = {"all": 0, "client": 1, "internal": 2}
_READER_RANK: Final = {"prospect": 0, "client": 1, "internal": 2}

M = TypeVar("M", bound=BaseModel)
_NONE: Final[Mapping[str, str]] = MappingProxyType({})


def visible(mark: str, audience: Audience) -> bool:
    """Whether a part marked ``mark`` may be shown to ``audience``."""
    return _MARK_RANK[mark] <= _READER_RANK[audience]


def redact(model: M, audience: Audience, renamed: Mapping[str, str] = _NONE) -> M | None:
    """``model`` as ``audience`` may see it; ``None`` when all of it is hidden.

    Hidden items disappear from their lists and hidden optional parts become empty;
    notes and contact details are cleared where they may not be read; a reference to a
    person kept from the reader is replaced by the id ``renamed`` gives them.
    """
    if audience == "internal":
        return model
    if isinstance(model, Block) and not visible(model.audience, audience):
        return None
    updates = _renamed_people(model, renamed) if renamed else {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            kept = redact(value, audience, renamed)
            if kept is None and info.is_required():
                # Rule PB503 refuses such playbooks; nothing is built from them.
                raise ValueError(f"required part `{name}` cannot be hidden from {audience}")
            if kept is not value:
                updates[name] = kept
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            redacted = [redact(item, audience, renamed) for item in value]
            if any(new is not item for new, item in zip(redacted, value, strict=True)):
                updates[name] = tuple(item for item in redacted if item is not None)
    if isinstance(model, Block) and model.internal_notes is not None:
        updates["internal_notes"] = None
    if isinstance(model, Person) and not visible(model.contact_visibility, audience):
        updates.update(email=None, phone=None, github=None)
    return model.model_copy(update=updates) if updates else model


def _renamed_people(model: BaseModel, renamed: Mapping[str, str]) -> dict[str, object]:
    """The person references of ``model`` that name someone ``renamed`` gives a stand-in."""
    updates: dict[str, object] = {}
    for name in person_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, str) and value in renamed:
            updates[name] = renamed[value]
        elif isinstance(value, tuple) and any(v in renamed for v in value):
            updates[name] = tuple(renamed.get(v, v) for v in value)
    return updates


def redact_document(
    doc: Loaded[Document], audience: Audience, renamed: Mapping[str, str] = _NONE
) -> Loaded[Document] | None:
    """The document as ``audience`` may see it, keeping its full-content digest."""
    if not visible(doc.model.metadata.audience, audience):
        return None
    model = redact(doc.model, audience, renamed)
    if model is None or model is doc.model:
        return doc if model is not None else None
    return Loaded(doc.source, model, full_digest=doc.digest)


def for_audience(
    portfolio: Portfolio, audience: Audience, engagements: tuple[str, ...] | None = None
) -> Portfolio:
    """The portfolio as ``audience`` may see it, limited to ``engagements`` when given.

    A client or prospect output should name its engagement: other engagements are
    other clients', and their names must not appear in it.
    """
    chosen = [p for p in portfolio.playbooks if engagements is None or p.id in engagements]
    if audience == "internal":
        return Portfolio(portfolio.root, tuple(chosen), portfolio.catalogs)
    shared = tuple(c for c in (redact_document(doc, audience) for doc in portfolio.catalogs) if c)
    return Portfolio(
        portfolio.root,
        tuple(_playbook(p, audience, shared) for p in chosen),
        shared,  # type: ignore[arg-type]
    )


def _playbook(
    playbook: Playbook, audience: Audience, shared: tuple[Loaded[Document], ...]
) -> Playbook:
    roster = playbook.engagement.model.spec.people
    hidden = [person for person in roster if redact(person, audience) is None]
    renamed = _stand_in_ids(hidden)
    engagement = redact_document(playbook.engagement, audience, renamed)
    if engagement is None:  # rule PB503 refuses such playbooks
        raise ValueError(f"engagement `{playbook.id}` cannot be hidden as a whole")

    def optional(doc: Loaded[Document] | None) -> Loaded[Document] | None:
        return redact_document(doc, audience, renamed) if doc is not None else None

    catalogs = tuple(c for c in (redact_document(doc, audience) for doc in playbook.catalogs) if c)
    return Playbook(
        folder=playbook.folder,
        engagement=engagement,  # type: ignore[arg-type]
        brief=optional(playbook.brief),  # type: ignore[arg-type]
        escalation=optional(playbook.escalation),  # type: ignore[arg-type]
        certification=optional(playbook.certification),  # type: ignore[arg-type]
        ramp=optional(playbook.ramp),  # type: ignore[arg-type]
        catalogs=catalogs,  # type: ignore[arg-type]
        shared_catalogs=shared,  # type: ignore[arg-type]
        broken=playbook.broken,
        stand_ins=tuple(stand_in(p, renamed[p.id], playbook) for p in hidden),
    )


def _stand_in_ids(hidden: list[Person]) -> dict[str, str]:
    """A neutral id for each hidden person, numbered per side in roster order."""
    counts: dict[str, int] = {}
    renamed: dict[str, str] = {}
    for person in hidden:
        counts[person.party] = counts.get(person.party, 0) + 1
        renamed.setdefault(person.id, f"{person.party}-team-member-{counts[person.party]}")
    return renamed


def stand_in(person: Person, new_id: str, playbook: Playbook) -> Person:
    """How a person kept from the reader is named where something refers to them: by
    their side (``Northwind Outfitters team member``), never by name, role or id."""
    spec = playbook.engagement.model.spec
    organisation = (spec.client if person.party == "client" else spec.vendor).name
    return person.model_copy(
        update={
            "id": new_id,
            "name": f"{organisation} team member",
            "role": "",
            "email": None,
            "phone": None,
            "github": None,
            "internal_notes": None,
        }
    )
