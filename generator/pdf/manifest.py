"""The manifest every playbook PDF carries: which engagement and document, and its digest.

It travels as the attachment ``playbook-content.json``, next to the source YAML, so a
PDF can be checked against the playbooks long after it was built.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from generator.models import Document
from generator.portfolio import Loaded, Playbook

MANIFEST_NAME: Final = "playbook-content.json"
FORMAT: Final = "playbook-pdf/1"


_PART_FIELDS: Final = ("kind", "source", "digest")


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
    audience: str = "internal"
    parts: tuple[Part, ...] = ()

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
        return data

    @classmethod
    def from_json(cls, data: object) -> Manifest | None:
        """The manifest in ``data``, or None when it is not one of ours."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        fields = ("engagement", "kind", "title", "version", "source", "digest")
        if not all(isinstance(data.get(name), str) for name in fields):
            return None
        audience = data.get("audience", "internal")
        parts = data.get("parts", [])
        if not isinstance(audience, str) or not isinstance(parts, list):
            return None
        if not all(
            isinstance(p, dict) and all(isinstance(p.get(f), str) for f in _PART_FIELDS)
            for p in parts
        ):
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
        )


def manifest_for(playbook: Playbook, doc: Loaded[Document], audience: str = "internal") -> Manifest:
    """The manifest of ``doc``'s PDF; the source path is relative to the engagement folder."""
    return Manifest(
        engagement=playbook.id,
        kind=doc.kind,
        title=doc.model.title,
        version=doc.model.metadata.version,
        source=relative(doc.source.path, playbook.folder),
        digest=doc.digest,
        audience=audience,
    )


def part_of(playbook: Playbook, doc: Loaded[Document]) -> Part:
    return Part(doc.kind, relative(doc.source.path, playbook.folder), doc.digest)


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
