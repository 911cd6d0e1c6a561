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

from collections.abc import Mapping, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal, TypeVar
from weakref import WeakKeyDictionary

from pydantic import BaseModel

from generator.digest import content_digest
from generator.models import Block, Document, Person
from generator.models.types import Mark
from generator.models.walk import person_fields
from generator.portfolio import Loaded, Playbook, Portfolio

#: The name of each reader in :data:`READERS`, as written after ``--audience``.
ReaderName = Literal["internal", "client", "prospect"]
#: The reader who sees everything: the vendor's own team.
VENDOR_TEAM: Final[ReaderName] = "internal"

#: The marks (the `audience:` of a part) from the widest to the narrowest: a reader who
#: sees one sees every mark before it.
MARKS: Final[tuple[Mark, ...]] = ("all", "client", "internal")
#: Each mark (the `audience:` of a part) in words, as a page or a change summary says it.
MARK_LABELS: Final = {"all": "Everyone", "client": "Client and vendor", "internal": "Vendor only"}
MARK_WORDS: Final = {
    "all": "everyone (prospects too)",
    "client": "client and vendor teams",
    "internal": "vendor team only",
}


@dataclass(frozen=True)
class Reader:
    """Who an output is for, and the policy every output asks instead of comparing names.

    The block marks a reader sees follow from :func:`visible`; the rest is here.
    """

    name: ReaderName
    #: The narrowest mark this reader sees (and so every wider one): `internal` for the
    #: vendor's team, `client` for the client, `all` for a prospect.
    reach: Mark
    #: The vendor's own team: internal notes, the readiness review, a packet's list of
    #: what it could not state, the source YAML attached as written and links to it.
    vendor_team: bool
    #: How a sentence names this reader: "the client", "a prospect".
    words: str
    #: The parties whose signatures this reader's copy asks for.
    signing_parties: tuple[str, ...]
    #: The packet's cover label and title for this reader.
    packet_title: tuple[str, str]
    #: Whether its outputs are made one engagement at a time: other engagements belong
    #: to other clients, whose names must not appear.
    one_engagement: bool

    def sees(self, mark: str) -> bool:
        """Whether a part marked ``mark`` is shown to this reader."""
        return MARKS.index(mark) <= MARKS.index(self.reach)

    def must_name_engagement(self, named: Sequence[str], available: Sized) -> bool:
        """Whether an output for this reader must say which engagement it holds: it
        names none, and there is more than one to choose from."""
        return self.one_engagement and not named and len(available) > 1


#: Every reader's record, from the widest access to the narrowest. A reader is added
#: here and to :data:`ReaderName`; the outputs ask its record.
READERS: Final[dict[str, Reader]] = {
    "internal": Reader(
        "internal",
        reach="internal",
        vendor_team=True,
        words="the vendor's team",
        signing_parties=("client", "vendor"),
        packet_title=("Proposal", "Proposal packet"),
        one_engagement=False,
    ),
    "client": Reader(
        "client",
        reach="client",
        vendor_team=False,
        words="the client",
        signing_parties=("client", "vendor"),
        packet_title=("Engagement overview", "Engagement packet"),
        one_engagement=True,
    ),
    "prospect": Reader(
        "prospect",
        reach="all",
        vendor_team=False,
        words="a prospect",
        # a prospect has agreed to nothing yet: the vendor signs its copy alone
        signing_parties=("vendor",),
        packet_title=("Proposal", "Proposal packet"),
        one_engagement=True,
    ),
}
#: Every reader's name, from the widest access to the narrowest.
AUDIENCES: Final[tuple[ReaderName, ...]] = tuple(READERS)  # type: ignore[arg-type]


def vendor_only(mark: str) -> bool:
    """Whether a part marked ``mark`` is for the vendor's own team alone."""
    return not visible(mark, "client")


def narrower(first: str, second: str) -> str:
    """Of two marks, the one fewer readers see."""
    return max(first, second, key=MARKS.index)


def reader(name: str) -> Reader:
    """The policy of the reader called ``name`` (`internal`, `client` or `prospect`)."""
    return READERS[name]


#: Where outputs go unless a command is told otherwise.
BUILD_ROOT: Final = Path("build")


def reader_folder(audience: str, engagement: str | None = None) -> Path:
    """Where a reader's outputs go: ``build/internal``, or ``build/<reader>/<engagement>``.

    Each client's and prospect's outputs have a folder of their own, so that one
    reader's folder never holds another's documents.
    """
    if engagement is None or not reader(audience).one_engagement:
        return BUILD_ROOT / audience
    return BUILD_ROOT / audience / engagement


def widest_reader(mark: str) -> Reader:
    """The reader with the least access who still sees a part marked ``mark``."""
    return next(r for r in reversed(READERS.values()) if r.sees(mark))


M = TypeVar("M", bound=BaseModel)
_NONE: Final[Mapping[str, str]] = MappingProxyType({})


def visible(mark: str, audience: ReaderName) -> bool:
    """Whether a part marked ``mark`` may be shown to ``audience``."""
    return reader(audience).sees(mark)


def redact(model: M, audience: ReaderName, renamed: Mapping[str, str] = _NONE) -> M | None:
    """``model`` as ``audience`` may see it; ``None`` when all of it is hidden.

    Hidden items disappear from their lists and hidden optional parts become empty;
    notes and contact details are cleared where they may not be read; a reference to a
    person kept from the reader is replaced by the id ``renamed`` gives them.
    """
    if reader(audience).vendor_team:
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
    doc: Loaded[Document], audience: ReaderName, renamed: Mapping[str, str] = _NONE
) -> Loaded[Document] | None:
    """The document as ``audience`` may see it, keeping its full-content digest."""
    if not visible(doc.model.metadata.audience, audience):
        return None
    model = redact(doc.model, audience, renamed)
    if model is None or model is doc.model:
        return doc if model is not None else None
    return Loaded(doc.source, model, origin=doc)


def for_audience(
    portfolio: Portfolio, audience: ReaderName, engagements: tuple[str, ...] | None = None
) -> Portfolio:
    """The portfolio as ``audience`` may see it, limited to ``engagements`` when given.

    A client or prospect output should name its engagement: other engagements are
    other clients', and their names must not appear in it.
    """
    chosen = [p for p in portfolio.playbooks if engagements is None or p.id in engagements]
    if reader(audience).vendor_team:
        return Portfolio(portfolio.root, tuple(chosen), portfolio.catalogs)
    shared = tuple(c for c in (redact_document(doc, audience) for doc in portfolio.catalogs) if c)
    return Portfolio(
        portfolio.root,
        tuple(_playbook(p, audience, shared) for p in chosen),
        shared,  # type: ignore[arg-type]
    )


def _playbook(
    playbook: Playbook, audience: ReaderName, shared: tuple[Loaded[Document], ...]
) -> Playbook:
    roster = playbook.engagement.model.spec.people
    hidden = [person for person in roster if redact(person, audience) is None]
    renamed = _stand_in_ids(hidden)
    engagement = redact_document(playbook.engagement, audience, renamed)
    if engagement is None:  # rule PB503 refuses such playbooks
        raise ValueError(f"engagement `{playbook.id}` cannot be hidden as a whole")

    # Every kind alike: a kind cannot be forgotten here and reach a reader unfiltered.
    members = {
        kind: kept
        for kind, doc in playbook.members.items()
        if (kept := redact_document(doc, audience, renamed)) is not None
    }
    catalogs = tuple(c for c in (redact_document(doc, audience) for doc in playbook.catalogs) if c)
    return Playbook(
        folder=playbook.folder,
        engagement=engagement,  # type: ignore[arg-type]
        members=members,
        catalogs=catalogs,  # type: ignore[arg-type]
        shared_catalogs=shared,  # type: ignore[arg-type]
        broken=playbook.broken,
        stand_ins=tuple(stand_in(p, renamed[p.id], playbook) for p in hidden),
        origin=playbook,
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


#: The reader whose edition each party's sign-off approves: the client approves what the
#: client can read, the vendor the whole document.
PARTY_READERS: Final[Mapping[str, ReaderName]] = MappingProxyType(
    {"client": "client", "vendor": VENDOR_TEAM}
)
_PARTY_DIGESTS: WeakKeyDictionary[Loaded[Document], dict[str, str]] = WeakKeyDictionary()


def party_digest(doc: Loaded[Document], party: str) -> str:
    """The digest a sign-off for ``party`` approves: of the edition that party reads.

    An internal note or a part kept from the client changes the vendor's digest only, so
    it leaves the client's approval current, and the client never approves content it
    cannot read. A document hidden from the party as a whole keeps its full digest.
    """
    audience = PARTY_READERS.get(party, VENDOR_TEAM)
    if reader(audience).vendor_team:
        return doc.digest
    known = _PARTY_DIGESTS.setdefault(doc, {})
    if party not in known:
        edition = (
            redact(doc.model, audience) if visible(doc.model.metadata.audience, audience) else None
        )
        if edition is None or (edition is doc.model and doc.origin is None):
            # Hidden whole, or nothing in it is hidden from the party: the full digest.
            known[party] = doc.digest
        else:
            known[party] = content_digest(edition)
    return known[party]
