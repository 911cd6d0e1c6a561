"""The data a packet is typeset from: cover, summary, answers, then the documents.

The documents come through the same builders as their own PDFs
(:mod:`generator.pdf.documents`), and the packet template includes the same section
templates, so a packet and the PDFs never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

from generator.audience import ReaderName, reader
from generator.branding import Branding
from generator.models.kinds import Kind, members
from generator.pdf import documents, editions, sections
from generator.pdf.packet.acceptance import acceptance
from generator.pdf.packet.answer import NOT_STATED, Answer
from generator.pdf.packet.answers import answers
from generator.pdf.packet.gaps import Gap, absence, hidden_document, missing_document, unique
from generator.pdf.packet.summary import summary
from generator.portfolio import Loaded, Playbook
from generator.readiness import Readiness
from generator.views.methods import method_words
from generator.views.notes import notes
from generator.views.pricing import pricing
from generator.views.text import long_date, metric_name

JSON = dict[str, Any]

#: The parts of a packet, in reading order.
PARTS: Final = (
    "summary",
    "answers",
    "brief",
    "plan",
    "escalation",
    "certification",
    "pricing",
    "metrics",
    "acceptance",
    "readiness",
    "notes",
)
#: Parts only the vendor's own team reads.
INTERNAL_PARTS: Final = ("readiness", "notes")
_DIRECTIONS: Final = {"higher": "Higher is better", "lower": "Lower is better"}


@dataclass(frozen=True)
class Contents:
    """A packet's data, and what the playbook did not state for it."""

    data: JSON
    gaps: tuple[Gap, ...]


def document_parts() -> list[Kind]:
    """The kinds a packet shows as parts of their own, in reading order."""
    return [kind for kind in members() if kind.part is not None]


def title(audience: ReaderName) -> str:
    return reader(audience).packet_title[1]


@dataclass(frozen=True)
class Cover:
    """What the cover says besides the playbook: when the packet is prepared, for whom."""

    prepared: date
    #: Whom the cover names; the client's accountable person when None.
    recipient: str | None = None


def contents(
    view: Playbook,
    full: Playbook,
    audience: ReaderName,
    branding: Branding,
    built: date,
    parts: tuple[str, ...],
    readiness: Readiness | None = None,
    *,
    cover: Cover | None = None,
) -> Contents:
    """The packet of ``view`` (what ``audience`` may see of ``full``) for ``parts``.

    ``cover`` says when it is prepared and for whom; by default the day ``built`` and
    the client's accountable person.
    """
    found = answers(view, branding)
    gaps = [
        gap
        for answer in _explained(found, answers(full, branding), audience)
        for gap in answer.gaps
    ]
    data: JSON = {
        **sections.header(view, view.engagement, built),
        "mark": editions.mark(audience),
        "parts": list(parts),
        "cover": _cover(view, audience, branding, cover or Cover(built)),
        "summary": summary(view, branding),
        "answers": [_answer(a, parts) for a in found],
        "missing": {},
        "metrics": metric_rows(view),
        "price": pricing(view),
        "acceptance": acceptance(view, branding.edition(view.engagement.model.metadata.version)),
        "readiness": _readiness(readiness) if readiness and reader(audience).vendor_team else None,
        "notes": _notes(view) if reader(audience).vendor_team else [],
    }
    data["document"] = {
        **data["document"],
        "kind": "ProposalPacket",
        "title": title(audience),
        "status": "Confidential",
    }
    for kind in document_parts():
        part = str(kind.part)
        doc = view.member(kind.name)
        if doc is not None:
            data[part] = _document(kind.name, view, doc, built, audience)
            if part == "escalation":
                data[part]["landscape"] = (
                    len(data[part]["levels"]) >= documents.PACKET_LANDSCAPE_LEVELS
                )
        else:
            data[part] = None
            hidden = full.member(kind.name)
            if hidden is not None:  # the whole document is marked for narrower readers
                data["missing"][part] = {"title": "Not part of this copy", "text": ""}
                if part in parts:
                    gaps.append(hidden_document(hidden, audience))
            else:
                data["missing"][part] = {
                    "title": NOT_STATED.rstrip("."),
                    "text": absence(view, kind.name),
                }
                if part in parts:
                    gaps.append(missing_document(view, kind.name))
    result = unique(gaps)
    # Where the playbook is silent, with file and line: for the vendor's eyes only.
    data["gaps"] = [
        {"where": str(g.location), "message": g.message, "hint": g.hint or ""}
        for g in result
        if reader(audience).vendor_team
    ]
    return Contents(data, result)


def _explained(
    found: tuple[Answer, ...], whole: tuple[Answer, ...], audience: ReaderName
) -> list[Answer]:
    """Answers whose gaps say so when the playbook has the piece but hides it from ``audience``."""
    explained = []
    for seen, full in zip(found, whole, strict=True):
        if seen.gaps and not full.gaps:
            gaps = tuple(
                Gap(
                    f"{gap.message}: the playbook has it, marked for a narrower audience "
                    f"than `{audience}`",
                    gap.location,
                    "mark the part `audience: all` if a prospect may read it",
                )
                for gap in seen.gaps
            )
            explained.append(replace(seen, gaps=gaps))
        else:
            explained.append(seen)
    return explained


def _cover(view: Playbook, audience: ReaderName, branding: Branding, cover: Cover) -> JSON:
    spec = view.engagement.model.spec
    kicker, _ = reader(audience).packet_title
    logo = branding.logo
    return {
        "kicker": kicker,
        "title": view.title,
        "prepared_for": spec.client.name,
        "prepared_by": spec.vendor.name,
        "date": long_date(cover.prepared),
        "version": branding.edition(view.engagement.model.metadata.version),
        "recipient": cover.recipient or recipient(view),
        "confidentiality": branding.confidentiality(spec.client.name, spec.vendor.name),
        "full": True,  # a cover page; a split packet's later files show a band instead
        "logo": {"bytes": list(logo.data), "format": logo.format} if logo else None,
    }


def recipient(view: Playbook) -> str | None:
    """Whom the packet is for, from the client's side of the roster: its first
    accountable person (or first person), with role."""
    people = [p for p in view.engagement.model.spec.people if p.party == "client"]
    chosen = next((p for p in people if p.accountable), people[0] if people else None)
    if chosen is None:
        return None
    return f"{chosen.name}, {chosen.role}" if chosen.role else chosen.name


def _answer(answer: Answer, parts: tuple[str, ...]) -> JSON:
    return {
        "question": answer.question,
        "lead": answer.lead,
        "lists": [{"title": item.title, "items": list(item.items)} for item in answer.lists],
        "table": {
            "header": list(answer.table.header),
            "rows": [list(r) for r in answer.table.rows],
            "widths": list(answer.table.widths),
        }
        if answer.table
        else None,
        "see": f"part-{answer.see}" if answer.see in parts else None,
    }


def _document(
    kind: str, view: Playbook, doc: Loaded[Any], built: date, audience: ReaderName
) -> JSON:
    build: documents.Builder = documents.BUILDERS.get(kind, documents.fields)
    return {**build(view, doc, built), **editions.extras(doc, audience)}


def metric_rows(view: Playbook) -> list[JSON]:
    """Definitions of the metrics the packet's targets name, in order of first use."""
    used: list[str] = []
    brief = view.brief
    if brief is not None and brief.model.spec.sla is not None:
        used += [t.metric for t in brief.model.spec.sla.targets]
    if view.ramp is not None:
        used += [t.metric for c in view.ramp.model.spec.checkpoints for t in c.targets]
    rows = []
    for metric_id in dict.fromkeys(used):
        metric = view.metrics.get(metric_id)
        if metric is None:
            continue
        rows.append(
            {
                "name": metric_name(metric_id, view.metrics),
                "unit": metric.unit,
                "direction": _DIRECTIONS.get(metric.direction, metric.direction),
                "formula": metric.formula,
                "method": method_words(metric.method) if metric.method else "",
                "source": metric.source,
            }
        )
    return rows


def _readiness(readiness: Readiness) -> JSON:
    return {
        "passed": readiness.passed,
        "accepted": len(readiness.accepted),
        "total": len(readiness.results),
        "flags": [
            {
                "number": r.flag.number,
                "title": r.flag.title,
                "passed": r.passed,
                "state": r.state,
                "reason": r.reason,
                "where": str(r.location),
                "findings": [f"{d.location}: {d.code} {d.message}" for d in r.findings[1:]],
            }
            for r in readiness.results
        ],
    }


def _notes(view: Playbook) -> list[JSON]:
    """Internal notes of each document of the engagement, and of the catalogs it uses."""
    groups = []
    for doc in (*view.documents(), *view.shared_catalogs):
        rows = notes(doc)
        if rows:
            groups.append({"title": doc.model.title, "rows": rows})
    return groups
