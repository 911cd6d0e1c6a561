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
    Commercials,
    Document,
    EngagementBrief,
    EscalationMatrix,
    RampPlan,
    Scorecard,
)
from generator.models.kinds import with_page
from generator.models.scorecard import CheckpointResults
from generator.portfolio import Loaded, Playbook
from generator.readiness import Readiness, accepted_flags
from generator.render.calendar import calendar
from generator.render.charts import Band, ramp_chart, timeline_chart, trend_chart
from generator.render.environment import render
from generator.render.notes import notes_section
from generator.render.page import Page, SiteOptions, markdown_page
from generator.render.person_pages import awaiting_lines, people_pages
from generator.views.context import (
    Approval,
    TimelineEntry,
    approval,
    events,
    ramp_series,
    timeline,
)
from generator.views.credits import credit_terms, credits_data
from generator.views.fields import field_sections
from generator.views.pricing import pricing
from generator.views.progress import Standing, TargetStatus, review_date, scorecard, standing
from generator.views.staffing import check
from generator.views.tracking import (
    Tracked,
    late_items,
    next_items,
    ratings,
    score_rows,
    tracked,
    trends,
)

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
    entries = events(playbook)
    state = standing(playbook, options.today)
    items = tracked(playbook, state)
    status = _status(playbook, state, items)
    status["awaiting"] = awaiting_lines(views, options.audience)
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
                items=items,
                timeline_chart=_timeline_chart(playbook, entries, options.today, items),
                ramp_chart=_ramp_chart(playbook, state),
                calendar=calendar_name,
                **common,
                **status,
            )
            + notes_section([playbook.engagement], options.audience),
            source=playbook.engagement.source.path,
            tags=tags,
            description=playbook.engagement.model.spec.summary,
        ),
        Page(
            f"{base}/{calendar_name}",
            calendar(playbook, options.stamp, items, audience=options.audience),
        ),
    ]
    for view in views[1:]:
        kind = REGISTRY[view.doc.kind]
        extra = _EXTRA.get(kind.name, _fields)(playbook, view.doc, state)
        body = render(kind.page_template, view=view, **common, **status, **extra)
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
    pages += people_pages(playbook, options, state, items)
    if review is not None:
        pages.append(
            markdown_page(
                f"{base}/{READINESS_PAGE}.md",
                f"Readiness review: {playbook.engagement.model.spec.client.name}",
                render(
                    "readiness.md.j2",
                    review=review,
                    staffing=[check(s) for s in playbook.ramp.model.spec.staffing]
                    if playbook.ramp
                    else [],
                    folder=playbook.engagement.source.display.rpartition("/")[0],
                ),
                source=playbook.engagement.source.path,
            )
        )
    return pages


def _common(playbook: Playbook) -> dict[str, Any]:
    return {"people": playbook.people, "metrics": playbook.metrics}


def _brief(playbook: Playbook, doc: Loaded[Any], state: Standing) -> dict[str, Any]:
    return {
        "spec": doc.model.spec,
        "milestones": [e for e in timeline(playbook) if e.kind != "checkpoint"],
        "engagement_timezone": playbook.engagement.model.spec.timezone,
        "accepted": accepted_flags(playbook, doc),
    }


def _escalation(playbook: Playbook, doc: Loaded[Any], state: Standing) -> dict[str, Any]:
    matrix = doc.model.spec
    effective = matrix.effective or (
        playbook.date_of(matrix.effective_day) if matrix.effective_day else None
    )
    return {"spec": matrix, "effective": effective}


def _certification(playbook: Playbook, doc: Loaded[Any], state: Standing) -> dict[str, Any]:
    checklist = doc.model.spec
    titles = {m.id: m.title for m in (playbook.brief.model.spec.timeline if playbook.brief else ())}
    before = checklist.gate.before
    return {"spec": checklist, "gate_milestone": titles.get(before or "", before)}


def _plan(playbook: Playbook, doc: Loaded[Any], state: Standing) -> dict[str, Any]:
    plan = doc.model.spec
    points = [CheckpointView(c, c.review.date or playbook.date_of(c.day)) for c in plan.checkpoints]
    return {
        "spec": plan,
        "checkpoints": points,
        "ramp_chart": _ramp_chart(playbook),
        "staffing": [check(staffing) for staffing in plan.staffing],
    }


def _fields(playbook: Playbook, doc: Loaded[Any], state: Standing) -> dict[str, Any]:
    """What a kind's page gets without a data builder of its own: its ``spec``, and
    its fields as labelled ``sections`` (what the generic page shows)."""
    spec = doc.model.spec
    return {"spec": spec, "sections": field_sections(spec, playbook.people, playbook.metrics)}


@dataclass(frozen=True)
class CheckpointResultsView:
    """A checkpoint of the plan with its targets' statuses and what was recorded."""

    checkpoint: Checkpoint
    when: date
    targets: tuple[TargetStatus, ...]
    recorded: CheckpointResults | None
    #: The period's service credits (``credits_data``), once results are recorded.
    credits: dict[str, Any] | None = None


def _results(playbook: Playbook, doc: Loaded[Any], state: Standing) -> dict[str, Any]:
    recorded = {c.day: c for c in doc.model.spec.checkpoints}
    plan = playbook.ramp.model.spec.checkpoints if playbook.ramp else ()
    terms = credit_terms(playbook, state)
    points = [
        CheckpointResultsView(
            c,
            review_date(playbook, c),
            state.at(c.day),
            recorded.get(c.day),
            credits_data(playbook, terms, c.day) if c.day in recorded else None,
        )
        for c in plan
    ]
    return {
        "spec": doc.model.spec,
        "checkpoints": points,
        "milestones": state.milestones,
        "actions": state.actions,
        "trend_chart": trend_chart(trends(playbook)),
    }


def _status(playbook: Playbook, state: Standing, items: list[Tracked]) -> dict[str, Any]:
    """What the overview and the scorecard page show of where the engagement stands."""
    days, rows = score_rows(state)
    return {
        "state": state,
        "late": late_items(items, state.actions),
        "coming": next_items(items, state.actions),
        "score_days": days,
        "score_rows": rows,
        "has_results": scorecard(playbook) is not None,
        "rated": ratings(items),
        "credits_so_far": terms.so_far if (terms := credit_terms(playbook, state)) else "",
    }


#: What each kind's own template needs besides the document; other kinds get `_fields`.
def _commercials(playbook: Playbook, doc: Loaded[Any], state: Standing) -> dict[str, Any]:
    """The price, and each reviewed period's credits in a sentence."""
    terms = credit_terms(playbook, state)
    return {
        "spec": doc.model.spec,
        "price": pricing(playbook),
        "credits": [period.words for period in terms.closed] if terms is not None else [],
    }


_EXTRA: Final[dict[str, Callable[[Playbook, Loaded[Any], Standing], dict[str, Any]]]] = {
    EngagementBrief.KIND: _brief,
    EscalationMatrix.KIND: _escalation,
    CertificationChecklist.KIND: _certification,
    RampPlan.KIND: _plan,
    Commercials.KIND: _commercials,
    Scorecard.KIND: _results,
}


def _timeline_chart(
    playbook: Playbook, entries: list[TimelineEntry], today: date, items: list[Tracked]
) -> Any:
    spec = playbook.engagement.model.spec
    bands = (
        [
            Band(phase.name, spec.date_of(phase.from_day), spec.date_of(phase.to_day))
            for phase in playbook.ramp.model.spec.phases
        ]
        if playbook.ramp is not None
        else []
    )
    progress = {item.entry.id: item for item in items}
    return timeline_chart(entries, spec.start, spec.last_day, today, bands, progress)


def _ramp_chart(playbook: Playbook, state: Standing | None = None) -> Any:
    """The targets across checkpoints; with ``state``, the results recorded beside them."""
    spec = playbook.engagement.model.spec
    series = ramp_series(playbook, state.targets if state else ())
    return ramp_chart(series, playbook.metrics, spec.day_of(spec.last_day))
