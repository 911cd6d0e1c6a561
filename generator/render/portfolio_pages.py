"""Pages across engagements: all engagements, what is coming up, the metric catalog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from generator.models import MetricDefinition
from generator.portfolio import Playbook, Portfolio
from generator.render.engagement_pages import DocumentView, document_views
from generator.render.environment import render
from generator.render.notes import notes_section
from generator.render.page import Page, SiteOptions, markdown_page
from generator.views.context import TimelineEntry, timeline

#: Milestone statuses that still need doing; past their date they are overdue.
OPEN = frozenset({"planned", "in-progress", "at-risk", "missed"})
#: How many engagements a metric lists by name before it only counts the rest.
USED_BY_SHOWN = 12


@dataclass(frozen=True)
class EngagementRow:
    playbook: Playbook
    href: str
    documents: tuple[DocumentView, ...]

    @property
    def approved(self) -> int:
        return sum(1 for d in self.documents if d.approval.state == "approved")

    @property
    def stale(self) -> int:
        return sum(1 for d in self.documents if d.approval.stale)


@dataclass(frozen=True)
class Item:
    """A dated item of one engagement, as the dashboard lists it."""

    entry: TimelineEntry
    playbook: Playbook
    href: str


@dataclass(frozen=True)
class MetricView:
    metric: MetricDefinition
    used_by: tuple[EngagementRow, ...]


def portfolio_pages(portfolio: Portfolio, options: SiteOptions) -> list[Page]:
    """The engagements index, the upcoming-and-overdue dashboard and the metric catalog."""
    rows = [
        EngagementRow(p, f"{p.id}/index.md", tuple(document_views(p)))
        for p in sorted(portfolio.playbooks, key=lambda p: (p.title.casefold(), p.id))
    ]
    return [
        markdown_page(
            f"{options.folder}/index.md",
            "All engagements",
            render("engagements.md.j2", rows=rows, today=options.today),
        ),
        _upcoming(portfolio, options),
        _metrics(portfolio, rows, options),
    ]


def _upcoming(portfolio: Portfolio, options: SiteOptions) -> Page:
    today, horizon = options.today, options.today + timedelta(days=options.upcoming_days)
    upcoming: list[Item] = []
    overdue: list[Item] = []
    for playbook in portfolio.playbooks:
        href = f"{options.folder}/{playbook.id}/index.md"
        for entry in timeline(playbook):
            if today <= entry.when <= horizon and entry.status != "cancelled":
                upcoming.append(Item(entry, playbook, href))
            elif entry.when < today and entry.kind != "checkpoint" and entry.status in OPEN:
                overdue.append(Item(entry, playbook, href))

    def order(item: Item) -> tuple[object, ...]:
        return (item.entry.when, item.playbook.title.casefold(), item.entry.title)

    return markdown_page(
        "upcoming.md",
        "Upcoming",
        render(
            "upcoming.md.j2",
            upcoming=sorted(upcoming, key=order),
            overdue=sorted(overdue, key=order),
            today=today,
            horizon=horizon,
            days=options.upcoming_days,
        ),
    )


def _metrics(portfolio: Portfolio, rows: list[EngagementRow], options: SiteOptions) -> Page:
    targeted: dict[str, list[EngagementRow]] = {}
    for row in rows:
        for metric_id in _targeted(row.playbook):
            targeted.setdefault(metric_id, []).append(row)
    shared = [
        MetricView(metric, tuple(targeted.get(metric.id, ())))
        for catalog in portfolio.catalogs
        for metric in catalog.model.spec.metrics
    ]
    local = [
        (row, metric)
        for row in rows
        for catalog in row.playbook.catalogs
        for metric in catalog.model.spec.metrics
    ]
    return markdown_page(
        "metrics.md",
        "Metric catalog",
        render(
            "metrics.md.j2",
            shared=shared,
            local=local,
            shown=USED_BY_SHOWN,
            folder=options.folder,
        )
        + notes_section(
            [*portfolio.catalogs, *(c for row in rows for c in row.playbook.catalogs)],
            options.audience,
        ),
    )


def _targeted(playbook: Playbook) -> set[str]:
    found: set[str] = set()
    if playbook.ramp is not None:
        for checkpoint in playbook.ramp.model.spec.checkpoints:
            found.update(t.metric for t in checkpoint.targets)
    if playbook.brief is not None and playbook.brief.model.spec.sla is not None:
        found.update(t.metric for t in playbook.brief.model.spec.sla.targets)
    return found
