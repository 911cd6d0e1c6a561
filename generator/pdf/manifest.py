"""The manifest every playbook PDF carries: which engagement and document, and its digest.

It travels as the attachment ``playbook-content.json``, next to the source YAML, so a
PDF can be checked against the playbooks long after it was built.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from generator.approved import Shown, approved_digest, reader_party, shown
from generator.audience import VENDOR_TEAM, reader
from generator.models import Document, Person
from generator.portfolio import Loaded, Playbook

MANIFEST_NAME: Final = "playbook-content.json"
FORMAT: Final = "playbook-pdf/1"


_PART_FIELDS: Final = ("kind", "source", "digest")
_SIGNATORY_FIELDS: Final = ("name", "party")


@dataclass(frozen=True)
class Signatory:
    """Someone whose signature the PDF's sign-off page asks for, and the party they sign for."""

    name: str
    party: str
    #: Their roster id; PDFs built before ids were recorded name none.
    person: str = ""


#: Who signs a document; a prospect has agreed to nothing yet, and a proposal packet is
#: the vendor's offer, so both are signed by the vendor alone.
BOTH_PARTIES: Final = ("client", "vendor")
VENDOR_ONLY: Final = ("vendor",)


def signing_people(
    playbook: Playbook,
    parties: tuple[str, ...] = BOTH_PARTIES,
    doc: Loaded[Document] | None = None,
) -> list[Person]:
    """Who may sign for ``parties``, the client first, as on the sign-off page.

    For a document: everyone who may sign its kind (the accountable people, and those
    whose roster entry lists the kind under ``signs``). Without one: each party's
    accountable people. A party with neither gives its first member.
    """
    people = playbook.engagement.model.spec.people
    chosen: list[Person] = []
    for party in parties:
        members = [p for p in people if p.party == party]
        signers = [p for p in members if (p.may_sign(doc.kind) if doc else p.accountable)]
        chosen.extend(signers or members[:1])
    return chosen


def signature_places(playbook: Playbook, doc: Loaded[Document]) -> list[Person]:
    """Whose signature the sign-off page has room for: for each party, the people who
    recorded a sign-off on ``doc`` (and may give it), or, when none did yet, everyone
    who may sign it."""
    recorded = {s.person for s in doc.model.signoffs}
    places: list[Person] = []
    for party in BOTH_PARTIES:
        signers = signing_people(playbook, (party,), doc)
        places.extend([p for p in signers if p.id in recorded] or signers)
    return places


@dataclass(frozen=True)
class Part:
    """One document a PDF of several (a packet) was built from."""

    kind: str
    source: str
    digest: str


@dataclass(frozen=True)
class Manifest:
    """What a PDF says it was built from, and for which audience.

    A packet names each document it includes in ``parts``; its own ``digest`` is
    derived from theirs (:func:`combined_digest`).
    """

    engagement: str
    kind: str
    title: str
    version: str
    source: str
    digest: str
    audience: str = VENDOR_TEAM
    parts: tuple[Part, ...] = ()
    #: Who must sign; PDFs built before signatories were recorded name none.
    signatories: tuple[Signatory, ...] = ()
    #: Parties among the signatories who sign to accept the document (a proposal's
    #: client): until they do, the file is whole with the others' signatures.
    accepting: tuple[str, ...] = ()
    #: What the document shows its reader through references (metric definitions,
    #: people's names and roles), so that a change to them can be named.
    shows: Shown = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "engagement": self.engagement,
            "kind": self.kind,
            "title": self.title,
            "version": self.version,
            "source": self.source,
            "digest": self.digest,
            "audience": self.audience,
        }
        if self.parts:
            data["parts"] = [
                {"kind": p.kind, "source": p.source, "digest": p.digest} for p in self.parts
            ]
        if self.shows:
            data["shows"] = self.shows
        if self.signatories:
            data["signatories"] = [
                {"name": s.name, "party": s.party, "person": s.person} for s in self.signatories
            ]
        if self.accepting:
            data["accepting"] = list(self.accepting)
        return data

    @classmethod
    def from_json(cls, data: object) -> Manifest | None:
        """The manifest in ``data``, or None when it is not one of ours."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        fields = ("engagement", "kind", "title", "version", "source", "digest")
        if not all(isinstance(data.get(name), str) for name in fields):
            return None
        audience = data.get("audience", VENDOR_TEAM)
        parts = data.get("parts", [])
        signatories = data.get("signatories", [])
        if not isinstance(audience, str) or not _records(parts, _PART_FIELDS):
            return None
        if not _records(signatories, _SIGNATORY_FIELDS):
            return None
        shows = data.get("shows", {})
        if not _shown(shows):
            return None
        accepting = data.get("accepting", [])
        if not isinstance(accepting, list) or not all(isinstance(p, str) for p in accepting):
            return None
        engagement, kind, title, version, source, digest = (str(data[name]) for name in fields)
        return cls(
            engagement,
            kind,
            title,
            version,
            source,
            digest,
            audience=audience,
            parts=tuple(Part(*(p[f] for f in _PART_FIELDS)) for p in parts),
            signatories=tuple(
                Signatory(s["name"], s["party"], str(s.get("person", ""))) for s in signatories
            ),
            shows=shows,
            accepting=tuple(accepting),
        )


def _records(value: object, fields: tuple[str, ...]) -> bool:
    """Whether ``value`` is a list of mappings whose ``fields`` are all text."""
    return isinstance(value, list) and all(
        isinstance(item, dict) and all(isinstance(item.get(f), str) for f in fields)
        for item in value
    )


def _shown(value: object) -> bool:
    """Whether ``value`` is what a document shows: groups of records of text."""
    return isinstance(value, dict) and all(
        isinstance(group, dict)
        and all(
            isinstance(record, dict) and all(isinstance(v, str) for v in record.values())
            for record in group.values()
        )
        for group in value.values()
    )


def signatories_of(
    playbook: Playbook, parties: tuple[str, ...], doc: Loaded[Document] | None = None
) -> tuple[Signatory, ...]:
    return tuple(Signatory(p.name, p.party, p.id) for p in signing_people(playbook, parties, doc))


def manifest_for(
    playbook: Playbook, doc: Loaded[Document], audience: str = VENDOR_TEAM
) -> Manifest:
    """The manifest of ``doc``'s PDF; the source path is relative to the engagement folder."""
    return Manifest(
        engagement=playbook.id,
        kind=doc.kind,
        title=doc.model.title,
        version=doc.model.metadata.version,
        source=relative(doc.source.path, playbook.folder),
        digest=approved_digest(playbook, doc, "vendor"),
        audience=audience,
        signatories=signatories_of(playbook, reader(audience).signing_parties, doc),
        shows=shown(playbook, doc, reader_party(audience)),
    )


def part_of(playbook: Playbook, doc: Loaded[Document]) -> Part:
    return Part(
        doc.kind,
        relative(doc.source.path, playbook.folder),
        approved_digest(playbook, doc, "vendor"),
    )


def combined_digest(parts: tuple[Part, ...]) -> str:
    """The digest of a PDF built from several documents: one over each part's digest."""
    lines = sorted(f"{p.kind} {p.digest}" for p in parts)
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def relative(path: Path, folder: Path) -> str:
    try:
        return path.absolute().relative_to(folder.absolute()).as_posix()
    except ValueError:
        return path.name


def parse_manifest(raw: bytes) -> Manifest | None:
    """Read the attachment's bytes; None when they are not a manifest."""
    try:
        return Manifest.from_json(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        return None
