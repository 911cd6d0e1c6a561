"""The pages of one engagement: overview, brief, escalation matrix, checklist, plan, calendar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from generator.models import (
    REGISTRY,
    CertificationChecklist,
    Checkpoint,
    Document,
    EngagementBrief,
    EscalationMatrix,
    RampPlan,
)
from generator.models.kinds import with_page
from generator.portfolio import Loaded, Playbook
from generator.render.calendar import calendar
from generator.render.charts import Band, ramp_chart, timeline_chart
from generator.render.environment import render
from generator.render.notes import notes_section
from generator.render.page import Page, SiteOptions, markdown_page
from generator.views.context import (
    Approval,
    TimelineEntry,
    approval,
    ramp_series,
    timeline,
)
from generator.views.fields import field_sections
from generator.views.readiness import Readiness

#: Page of the readiness review, in the internal site only.
READINESS_PAGE = "readiness"


def document_pages() -> list[str]:
    """Page file of each kind that has a page, inside an engagement's folder, in order."""
    return [f"{kind.page}.md" for kind in with_page()]


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
    for kind in with_page():
        doc = playbook.member(kind.name)
        if doc is not None:
            href = f"{kind.page}.md"
            views.append(DocumentView(doc.model.title, href, doc, approval(playbook, doc)))
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
        kind = REGISTRY[view.doc.kind]
        extra = _EXTRA.get(kind.name, _fields)(playbook, view.doc)
        body = render(kind.page_template, view=view, **common, **extra)
        body += notes_section([view.doc], options.audience)
        pages.append(
            markdown_page(
                f"{base}/{view.href}",
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


def _brief(playbook: Playbook, doc: Loaded[Any]) -> dict[str, Any]:
    return {
        "spec": doc.model.spec,
        "milestones": [e for e in timeline(playbook) if e.kind != "checkpoint"],
        "engagement_timezone": playbook.engagement.model.spec.timezone,
    }


def _escalation(playbook: Playbook, doc: Loaded[Any]) -> dict[str, Any]:
    matrix = doc.model.spec
    effective = matrix.effective or (
        playbook.date_of(matrix.effective_day) if matrix.effective_day else None
    )
    return {"spec": matrix, "effective": effective}


def _certification(playbook: Playbook, doc: Loaded[Any]) -> dict[str, Any]:
    checklist = doc.model.spec
    titles = {m.id: m.title for m in (playbook.brief.model.spec.timeline if playbook.brief else ())}
    before = checklist.gate.before
    return {"spec": checklist, "gate_milestone": titles.get(before or "", before)}


def _plan(playbook: Playbook, doc: Loaded[Any]) -> dict[str, Any]:
    plan = doc.model.spec
    points = [CheckpointView(c, c.review.date or playbook.date_of(c.day)) for c in plan.checkpoints]
    return {"spec": plan, "checkpoints": points, "ramp_chart": _ramp_chart(playbook)}


def _fields(playbook: Playbook, doc: Loaded[Any]) -> dict[str, Any]:
    """What the generic page of a kind without its own template shows."""
    return {"sections": field_sections(doc.model.spec, playbook.people, playbook.metrics)}


#: What each kind's own template needs besides the document; other kinds get `_fields`.
_EXTRA: Final[dict[str, Callable[[Playbook, Loaded[Any]], dict[str, Any]]]] = {
    EngagementBrief.KIND: _brief,
    EscalationMatrix.KIND: _escalation,
    CertificationChecklist.KIND: _certification,
    RampPlan.KIND: _plan,
}


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
