"""The manifest every playbook PDF carries: which engagement and document, and its digest.

It travels as the attachment ``playbook-content.json``, next to the source YAML, so a
PDF can be checked against the playbooks long after it was built.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from generator.models import Document
from generator.portfolio import Loaded, Playbook

MANIFEST_NAME: Final = "playbook-content.json"
FORMAT: Final = "playbook-pdf/1"


@dataclass(frozen=True)
class Manifest:
    """What a PDF says it was built from."""

    engagement: str
    kind: str
    title: str
    version: str
    source: str
    digest: str

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "engagement": self.engagement,
            "kind": self.kind,
            "title": self.title,
            "version": self.version,
            "source": self.source,
            "digest": self.digest,
        }

    @classmethod
    def from_json(cls, data: object) -> Manifest | None:
        """The manifest in ``data``, or None when it is not one of ours."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        fields = ("engagement", "kind", "title", "version", "source", "digest")
        if not all(isinstance(data.get(name), str) for name in fields):
            return None
        return cls(*(data[name] for name in fields))


def manifest_for(playbook: Playbook, doc: Loaded[Document]) -> Manifest:
    """The manifest of ``doc``'s PDF; the source path is relative to the engagement folder."""
    return Manifest(
        engagement=playbook.id,
        kind=doc.kind,
        title=doc.model.title,
        version=doc.model.metadata.version,
        source=_relative(doc.source.path, playbook.folder),
        digest=doc.digest,
    )


def _relative(path: Path, folder: Path) -> str:
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
