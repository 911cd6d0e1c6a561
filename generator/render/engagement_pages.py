"""The pages of one engagement: overview, brief, escalation matrix, checklist, plan, calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.models import Checkpoint, Document
from generator.portfolio import Loaded, Playbook
from generator.readiness import Readiness
from generator.render.calendar import calendar
from generator.render.charts import Band, ramp_chart, timeline_chart
from generator.render.context import (
    Approval,
    TimelineEntry,
    approval,
    ramp_series,
    timeline,
)
from generator.render.environment import render
from generator.render.notes import notes_section
from generator.render.page import Page, SiteOptions, markdown_page

#: Page of the readiness review, in the internal site only.
READINESS_PAGE = "readiness"
#: Page file of each document kind inside an engagement's folder, in reading order.
DOCUMENT_PAGES = {
    "EngagementBrief": "brief",
    "EscalationMatrix": "escalation",
    "CertificationChecklist": "certification",
    "RampPlan": "plan",
}


@dataclass(frozen=True)
class DocumentView:
    """A document as its page and the overview show it."""

    title: str
    href: str
    doc: Loaded[Document]
    approval: Approval


@dataclass(frozen=True)
class CheckpointView:
    checkpoint: Checkpoint
    when: date


def engagement_tags(playbook: Playbook) -> list[str]:
    """Tags of every page of the engagement: client, vendor, channels, phase."""
    spec = playbook.engagement.model.spec
    return [
        f"client: {spec.client.name}",
        f"vendor: {spec.vendor.name}",
        *(f"channel: {channel}" for channel in spec.channels),
        f"status: {spec.phase}",
    ]


def document_views(playbook: Playbook) -> list[DocumentView]:
    """The engagement file and each document it has, with its sign-off state."""
    views = [DocumentView("Engagement", "index.md", playbook.engagement, _approval(playbook))]
    for doc in playbook.documents():
        name = DOCUMENT_PAGES.get(doc.kind)
        if name is not None:
            views.append(DocumentView(doc.model.title, f"{name}.md", doc, approval(playbook, doc)))
    return views


def _approval(playbook: Playbook) -> Approval:
    return approval(playbook, playbook.engagement)


def engagement_pages(
    playbook: Playbook, options: SiteOptions, review: Readiness | None = None
) -> list[Page]:
    """Every page of one engagement, overview first; its readiness review when given."""
    base = f"{options.folder}/{playbook.id}"
    views = document_views(playbook)
    common = _common(playbook)
    tags = engagement_tags(playbook)
    calendar_name = f"{playbook.id}.ics"
    entries = timeline(playbook)
    pages = [
        markdown_page(
            f"{base}/index.md",
            playbook.title,
            render(
                "overview.md.j2",
                pb=playbook,
                spec=playbook.engagement.model.spec,
                view=views[0],
                documents=views,
                entries=entries,
                timeline_chart=_timeline_chart(playbook, entries, options.today),
                ramp_chart=_ramp_chart(playbook),
                calendar=calendar_name,
                **common,
            )
            + notes_section([playbook.engagement], options.audience),
            source=playbook.engagement.source.path,
            tags=tags,
            description=playbook.engagement.model.spec.summary,
        ),
        Page(f"{base}/{calendar_name}", calendar(playbook, options.stamp, entries)),
    ]
    for view in views[1:]:
        name = DOCUMENT_PAGES[view.doc.kind]
        body = render(f"{name}.md.j2", view=view, **common, **_extra(name, playbook))
        body += notes_section([view.doc], options.audience)
        pages.append(
            markdown_page(
                f"{base}/{name}.md",
                f"{view.title}: {playbook.engagement.model.spec.client.name}",
                body,
                source=view.doc.source.path,
                tags=tags,
            )
        )
    if review is not None:
        pages.append(
            markdown_page(
                f"{base}/{READINESS_PAGE}.md",
                f"Readiness review: {playbook.engagement.model.spec.client.name}",
                render(
                    "readiness.md.j2",
                    review=review,
                    folder=playbook.engagement.source.display.rpartition("/")[0],
                ),
                source=playbook.engagement.source.path,
            )
        )
    return pages


def _common(playbook: Playbook) -> dict[str, Any]:
    return {"people": playbook.people, "metrics": playbook.metrics}


def _extra(name: str, playbook: Playbook) -> dict[str, Any]:
    """What each document's template needs besides the document itself."""
    spec = playbook.engagement.model.spec
    if name == "brief" and playbook.brief is not None:
        milestones = [e for e in timeline(playbook) if e.kind != "checkpoint"]
        return {
            "spec": playbook.brief.model.spec,
            "milestones": milestones,
            "engagement_timezone": spec.timezone,
        }
    if name == "escalation" and playbook.escalation is not None:
        matrix = playbook.escalation.model.spec
        effective = matrix.effective or (
            spec.date_of(matrix.effective_day) if matrix.effective_day else None
        )
        return {"spec": matrix, "effective": effective}
    if name == "certification" and playbook.certification is not None:
        checklist = playbook.certification.model.spec
        titles = {
            m.id: m.title for m in (playbook.brief.model.spec.timeline if playbook.brief else ())
        }
        before = checklist.gate.before
        return {"spec": checklist, "gate_milestone": titles.get(before or "", before)}
    if name == "plan" and playbook.ramp is not None:
        plan = playbook.ramp.model.spec
        points = [CheckpointView(c, c.review.date or spec.date_of(c.day)) for c in plan.checkpoints]
        return {"spec": plan, "checkpoints": points, "ramp_chart": _ramp_chart(playbook)}
    return {}


def _timeline_chart(playbook: Playbook, entries: list[TimelineEntry], today: date) -> Any:
    spec = playbook.engagement.model.spec
    bands = (
        [
            Band(phase.name, spec.date_of(phase.from_day), spec.date_of(phase.to_day))
            for phase in playbook.ramp.model.spec.phases
        ]
        if playbook.ramp is not None
        else []
    )
    return timeline_chart(entries, spec.start, spec.last_day, today, bands)


def _ramp_chart(playbook: Playbook) -> Any:
    spec = playbook.engagement.model.spec
    return ramp_chart(ramp_series(playbook), playbook.metrics, spec.day_of(spec.last_day))
