"""Plan the PDF jobs of a packet: one file, or one per part when split.

The engagement is filtered for the audience before any data is built, and scoped to
itself: no other engagement, so no other client's name, reaches the templates. Each
file carries a manifest naming every document it was built from, so `playbook verify`
can tell whether the packet still matches the playbook, and attachments chosen for
its audience (:mod:`generator.pdf.editions`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from generator.audience import ReaderName, for_audience, reader
from generator.branding import Branding
from generator.clock import source_time
from generator.models import Document, Engagement, MetricCatalog
from generator.pdf import editions
from generator.pdf.engine import Attachment, for_paper
from generator.pdf.jobs import PdfJob
from generator.pdf.manifest import (
    BOTH_PARTIES,
    Manifest,
    combined_digest,
    part_of,
    relative,
    signatories_of,
)
from generator.pdf.packet.contents import (
    INTERNAL_PARTS,
    PARTS,
    Cover,
    contents,
    document_parts,
    title,
)
from generator.pdf.packet.gaps import Gap, unique
from generator.portfolio import Loaded, Playbook, Portfolio
from generator.readiness import Readiness

TEMPLATE: Final = "packet.typ"
#: The files of a split packet, and the parts each holds.
SPLIT: Final = (
    ("01-summary", "Summary and answers", ("summary", "answers")),
    ("02-brief", "The engagement brief", ("brief",)),
    ("03-plan", "The 30/60/90-day plan", ("plan", "metrics")),
    ("04-escalation", "The escalation matrix", ("escalation",)),
    ("05-certification", "The certification gate", ("certification",)),
    ("06-pricing", "Pricing and acceptance", ("pricing", "acceptance")),
    ("07-readiness", "Readiness review", ("readiness", "notes")),
)


@dataclass(frozen=True)
class PacketPlan:
    """The jobs that write a packet, and what the playbook did not state for it."""

    jobs: tuple[PdfJob, ...]
    gaps: tuple[Gap, ...]
    #: Files of a split packet not written because their document is missing.
    skipped: tuple[str, ...] = ()


def plan_packet(
    portfolio: Portfolio,
    engagement: str,
    audience: ReaderName,
    branding: Branding,
    output: Path,
    *,
    split: bool = False,
    readiness: Readiness | None = None,
    when: datetime | None = None,
    cover: Cover | None = None,
) -> PacketPlan:
    """The packet of ``engagement`` for ``audience``: ``output`` is a file, or a folder if split."""
    full = portfolio.get(engagement)
    view = for_audience(portfolio, audience, (engagement,)).get(engagement)
    if full is None or view is None:
        raise KeyError(engagement)
    branding.check(full)
    sources = [doc.source.path for doc in (*_shown(full), *full.shared_catalogs)]
    stamp = when or source_time(sources)
    allowed = tuple(p for p in PARTS if reader(audience).vendor_team or p not in INTERNAL_PARTS)
    files = _split(output, allowed) if split else [(output, "", allowed)]
    skipped = [path.name for path, _, parts in files if split and _lacks(view, parts[0])]
    jobs: list[PdfJob] = []
    gaps: list[Gap] = []
    for index, (path, words, parts) in enumerate(files):
        built = contents(
            view, full, audience, branding, stamp.date(), parts, readiness, cover=cover
        )
        # the first file opens on the cover; the others under a band naming their part
        built.data["cover"]["full"] = index == 0
        gaps.extend(built.gaps)
        if path.name in skipped:
            continue
        name = title(audience) + (f": {words}" if words else "")
        built.data["document"]["title"] = name
        jobs.append(
            PdfJob(
                output=path,
                template=TEMPLATE,
                data=built.data,
                manifest=_manifest(full, view, name, audience).as_json(),
                sources=_attachments(view, portfolio.root, audience),
                timestamp=stamp,
                style=for_paper(branding.style, full.engagement.model.spec.client_paper),
            )
        )
    return PacketPlan(tuple(jobs), unique(gaps), tuple(skipped))


def _split(output: Path, allowed: tuple[str, ...]) -> list[tuple[Path, str, tuple[str, ...]]]:
    """The files of a split packet: path, what it holds in words, and its parts."""
    files = []
    for name, words, group in SPLIT:
        kept = tuple(p for p in group if p in allowed)
        if kept:
            files.append((output / f"{name}.pdf", words, kept))
    return files


def _lacks(view: Playbook, part: str) -> bool:
    """Whether ``part`` shows a document ``view`` does not have."""
    return any(kind.part == part and view.member(kind.name) is None for kind in document_parts())


def _manifest(full: Playbook, view: Playbook, name: str, audience: ReaderName) -> Manifest:
    """What the packet was built from: the documents its reader got, with the digests of
    their full content (what sign-offs approve)."""
    parts = tuple(part_of(full, doc) for doc in _shown(view) if doc.kind != MetricCatalog.KIND)
    return Manifest(
        engagement=full.id,
        kind="ProposalPacket",
        title=name,
        version=full.engagement.model.metadata.version,
        source=relative(full.engagement.source.path, full.folder),
        digest=combined_digest(parts),
        audience=audience,
        parts=parts,
        signatories=signatories_of(view, BOTH_PARTIES),  # the names its reader may see
        accepting=("client",),  # the vendor offers; the client accepts by signing
    )


def _attachments(view: Playbook, root: Path, audience: ReaderName) -> tuple[Attachment, ...]:
    """Every source file for the internal audience; what the reader may see otherwise.

    Attachments are named by their path under the playbooks root, so an engagement's
    own metric catalog and the shared one keep apart.
    """
    if reader(audience).vendor_team:
        docs = (*_shown(view), *view.shared_catalogs)
        return tuple(editions.attachment(d, audience, relative(d.source.path, root)) for d in docs)
    own = (d for d in _shown(view) if d.kind != MetricCatalog.KIND)
    return tuple(editions.attachment(d, audience) for d in own)


def _shown(view: Playbook) -> Iterator[Loaded[Document]]:
    """The documents a packet is built from: the engagement file, each kind that is a part
    of packets, and the catalogs (not what is recorded after signing, such as results)."""
    parts = {kind.name for kind in document_parts()}
    for doc in view.documents():
        if doc.kind in parts or doc.kind in (Engagement.KIND, MetricCatalog.KIND):
            yield doc
