"""Pages across engagements: all engagements, what is coming up, the metric catalog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from generator.audience import reader
from generator.models import MetricDefinition
from generator.portfolio import Playbook, Portfolio
from generator.render.engagement_pages import DocumentView, document_views
from generator.render.environment import render
from generator.render.notes import notes_section
from generator.render.page import Page, SiteOptions, markdown_page
from generator.views.credits import credit_terms, money
from generator.views.progress import Standing, days, standing
from generator.views.tracking import Ratings, Tracked, late_items, ratings, tracked

#: Each engagement's standing and its tracked timeline, by engagement id.
Standings = dict[str, tuple[Standing, list[Tracked]]]

#: How many engagements a metric lists by name before it only counts the rest.
USED_BY_SHOWN = 12


@dataclass(frozen=True)
class EngagementRow:
    playbook: Playbook
    href: str
    documents: tuple[DocumentView, ...]
    state: Standing
    items: tuple[Tracked, ...]

    @property
    def rag(self) -> tuple[str, str]:
        """The status class and words; a proposal has not started, so it has no colour."""
        if self.playbook.engagement.model.spec.phase == "proposal":
            return "none", "Not started"
        return self.state.rag, self.state.rag_words

    @property
    def overdue(self) -> int:
        """Everything late, as the Upcoming page lists it: milestones, reviews whose
        results are due, and corrective actions past their date."""
        return len(late_items(list(self.items), self.state.actions))

    @property
    def open_actions(self) -> int:
        return len(self.state.open_actions)

    @property
    def rated(self) -> Ratings | None:
        return ratings(list(self.items))

    @property
    def next_review(self) -> Tracked | None:
        reviews = [i for i in self.items if i.entry.kind == "checkpoint" and i.state != "held"]
        return reviews[0] if reviews else None

    @property
    def credits(self) -> str:
        """The service credits due over the reviewed periods, in the contract's currency;
        nothing without commercials that put a fee at risk, or before a period closes."""
        terms = credit_terms(self.playbook, self.state)
        if terms is None or not terms.closed:
            return ""
        return money(terms.due, terms.at_risk.currency)

    @property
    def approved(self) -> int:
        return sum(1 for d in self.documents if d.approval.state == "approved")

    @property
    def stale(self) -> int:
        return sum(1 for d in self.documents if d.approval.stale)


@dataclass(frozen=True)
class Item:
    """A dated item of one engagement, as the Upcoming page lists it."""

    when: date
    title: str
    owner: str
    playbook: Playbook
    href: str

    def late_words(self, today: date) -> str:
        """``8 days late``: an overdue item is never worded as if it were still to come."""
        return days((today - self.when).days) + " late"


@dataclass(frozen=True)
class MetricView:
    metric: MetricDefinition
    used_by: tuple[EngagementRow, ...]


def portfolio_pages(portfolio: Portfolio, options: SiteOptions) -> list[Page]:
    """The engagements index, the upcoming-and-overdue dashboard and the metric catalog."""
    standings: Standings = {}
    for playbook in portfolio.playbooks:
        state = standing(playbook, options.today)
        standings[playbook.id] = (state, tracked(playbook, state))
    rows = [
        EngagementRow(
            p,
            f"{p.id}/index.md",
            tuple(document_views(p)),
            standings[p.id][0],
            tuple(standings[p.id][1]),
        )
        for p in sorted(portfolio.playbooks, key=lambda p: (p.title.casefold(), p.id))
    ]
    return [
        markdown_page(
            f"{options.folder}/index.md",
            "All engagements",
            render("engagements.md.j2", rows=rows, today=options.today),
            hide=["toc"],
        ),
        _upcoming(portfolio, options, standings),
        _metrics(portfolio, rows, options),
    ]


def _upcoming(portfolio: Portfolio, options: SiteOptions, standings: Standings) -> Page:
    today, horizon = options.today, options.today + timedelta(days=options.upcoming_days)
    upcoming: list[Item] = []
    overdue: list[Item] = []
    for playbook in portfolio.playbooks:
        href = f"{options.folder}/{playbook.id}/index.md"
        state, items = standings[playbook.id]
        for late in late_items(items, state.actions):
            overdue.append(Item(late.was_due, late.title, late.owner, playbook, href))
        for item in items:
            if item.state in ("due-soon", "planned") and item.due <= horizon:
                what = item.entry.title + (" (review)" if item.entry.kind == "checkpoint" else "")
                if "re-planned" in item.words:
                    what += f" ({item.words.rpartition('(')[2].rstrip(')')})"
                upcoming.append(Item(item.due, what, item.entry.owner_id, playbook, href))
        for action in state.open_actions:
            if action.overdue_by == 0 and action.action.due <= horizon:
                what = f"{action.action.title} (action)"
                due, owner = action.action.due, action.action.owner
                upcoming.append(Item(due, what, owner, playbook, href))

    def order(item: Item) -> tuple[object, ...]:
        return (item.when, item.playbook.title.casefold(), item.title)

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
    # the vendor's team sees the whole catalog; a client or prospect the metrics of theirs
    everything = reader(options.audience).vendor_team
    shared = [
        MetricView(metric, tuple(targeted.get(metric.id, ())))
        for catalog in portfolio.catalogs
        for metric in catalog.model.spec.metrics
        if everything or metric.id in targeted
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
            whole=everything,
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
