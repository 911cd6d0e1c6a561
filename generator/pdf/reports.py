"""The checkpoint report: the written deliverable of each checkpoint review, as a PDF.

One report per checkpoint the scorecard records results for: each target with what was
measured and its status, every miss with its root cause and corrective actions, the
weekly trends, who attended and what was decided, and the sign-off page. Its manifest
names the plan and the scorecard it was built from, so `playbook verify --against`
tells whether either changed since it was signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from generator.audience import VENDOR_TEAM, ReaderName, reader
from generator.models import Checkpoint
from generator.models.methods import AnyMethod
from generator.models.scorecard import CheckpointResults, Scorecard
from generator.pdf import editions, sections
from generator.pdf.charts import trend_charts
from generator.pdf.manifest import (
    Manifest,
    combined_digest,
    part_of,
    relative,
    signatories_of,
)
from generator.portfolio import Loaded, Playbook
from generator.views.credits import credit_terms, credits_data
from generator.views.methods import method_words
from generator.views.progress import Standing, review_date, scorecard, standing
from generator.views.text import long_date, metric_name, person_label, quantity, target_text
from generator.views.tracking import trends

JSON = dict[str, Any]
TEMPLATE: Final = "report.typ"
KIND: Final = "CheckpointReport"


@dataclass(frozen=True)
class Report:
    """One checkpoint's report: the checkpoint of the plan and what was recorded for it."""

    checkpoint: Checkpoint
    recorded: CheckpointResults

    @property
    def file_name(self) -> str:
        return f"report-day-{self.checkpoint.day}.pdf"

    def as_of(self, playbook: Playbook) -> date:
        """The day the report judges on: when its review was held, or was to be."""
        review = self.recorded.review
        return review.held_on if review is not None else review_date(playbook, self.checkpoint)


def reports(playbook: Playbook) -> list[Report]:
    """The reports ``playbook`` has: one per checkpoint of the plan with recorded results."""
    card = scorecard(playbook)
    if card is None or playbook.ramp is None:
        return []
    recorded = {c.day: c for c in card.model.spec.checkpoints if c.results}
    return [
        Report(checkpoint, recorded[checkpoint.day])
        for checkpoint in playbook.ramp.model.spec.checkpoints
        if checkpoint.day in recorded
    ]


def report_data(playbook: Playbook, report: Report, built: date, state: Standing) -> JSON:
    """What ``report.typ`` typesets."""
    card = scorecard(playbook)
    assert card is not None
    people = playbook.people
    checkpoint = report.checkpoint
    header = sections.header(playbook, card, built)
    header["document"] = {
        **header["document"],
        "kind": KIND,
        "title": checkpoint.deliverable.title,
    }
    statuses = state.at(checkpoint.day)
    review = report.recorded.review
    metrics = {t.target.metric for t in statuses}
    return {
        **header,
        "checkpoint": {
            "day": f"Day {checkpoint.day}",
            "title": checkpoint.title,
            "date": long_date(review_date(playbook, checkpoint)),
            "focus": checkpoint.focus,
            "owner": person_label(checkpoint.deliverable.owner, people),
            "as_of": long_date(state.today),
        },
        "results": [
            {
                "metric": metric_name(s.target.metric, playbook.metrics),
                "target": target_text(s.target, playbook.metrics.get(s.target.metric)),
                "actual": s.actual_text,
                "status": s.words,
                "state": s.state,
                "source": (s.measured.source or "") if s.measured else "",
            }
            for s in statuses
        ],
        "misses": [
            {
                "metric": metric_name(s.target.metric, playbook.metrics),
                "status": s.words,
                "root_cause": (s.measured.root_cause or "") if s.measured else "",
                "actions": [
                    {
                        "title": a.action.title,
                        "owner": person_label(a.action.owner, people),
                        "due": long_date(a.action.due),
                        "status": a.words,
                    }
                    for a in state.actions
                    if a.day == checkpoint.day and a.metric == s.target.metric
                ],
            }
            for s in statuses
            if s.state == "missed"
        ],
        "methods": [
            {"metric": metric_name(m, playbook.metrics), "words": method_words(method)}
            for m in dict.fromkeys(s.target.metric for s in statuses)
            if (method := _method(playbook, m)) is not None
        ],
        "observed": [
            {
                "metric": metric_name(seen.metric, playbook.metrics),
                "value": quantity(seen.value, _unit(playbook, seen.metric, seen.unit)),
                "source": seen.source or "",
            }
            for seen in report.recorded.observations
        ],
        "ratings": _ratings(playbook, review_date(playbook, checkpoint), state),
        "review": {
            "held_on": long_date(review.held_on) if review else "",
            "attendees": [person_label(p, people) for p in review.attendees] if review else [],
            "decisions": list(review.decisions) if review else [],
        },
        "charts": trend_charts(
            [t for t in trends(playbook) if t.metric in metrics],
            until=review_date(playbook, checkpoint),
        ),
        "if_missed": checkpoint.if_missed or "",
        "credits": credits_data(playbook, credit_terms(playbook, state), checkpoint.day),
        "signoff": sections.signoff(playbook, card),
    }


def _unit(playbook: Playbook, metric: str, given: str | None) -> str | None:
    definition = playbook.metrics.get(metric)
    return definition.unit if definition is not None else given


def _method(playbook: Playbook, metric: str) -> AnyMethod | None:
    definition = playbook.metrics.get(metric)
    return definition.method if definition is not None else None


def _ratings(playbook: Playbook, until: date, state: Standing) -> list[JSON]:
    """The client's ratings of the milestones done by ``until``, in the order done."""
    found = []
    for status in state.milestones:
        progress = status.progress
        rating = progress.rating if progress is not None else None
        done = progress.done_on if progress is not None else None
        if rating is not None and done is not None and done <= until:
            found.append((done, status.milestone.title, rating))
    return [
        {
            "milestone": title,
            "done": long_date(done),
            "score": f"{rating.score} of 5",
            "by": person_label(rating.by, playbook.people),
            "comment": rating.comment or "",
        }
        for done, title, rating in sorted(found, key=lambda row: (row[0], row[1]))
    ]


def report_manifest(
    playbook: Playbook, report: Report, audience: ReaderName = VENDOR_TEAM
) -> Manifest:
    """What the report was built from: the plan and the scorecard, by digest."""
    card = scorecard(playbook)
    assert card is not None
    assert playbook.ramp is not None
    parts = (part_of(playbook, playbook.ramp), part_of(playbook, card))
    return Manifest(
        engagement=playbook.id,
        kind=KIND,
        title=report.checkpoint.deliverable.title,
        version=card.model.metadata.version,
        source=relative(card.source.path, playbook.folder),
        digest=combined_digest(parts),
        audience=audience,
        parts=parts,
        signatories=signatories_of(playbook, reader(audience).signing_parties),
    )


def report_jobs(
    playbook: Playbook, folder: Path, when: datetime, audience: ReaderName
) -> list[tuple[Path, JSON, Manifest, Loaded[Scorecard]]]:
    """Where each report goes, its data, its manifest and the scorecard it attaches."""
    card = scorecard(playbook)
    if card is None:
        return []
    found = []
    for report in reports(playbook):
        # A report tells where things stood at its review, whenever it is rebuilt.
        state = standing(playbook, report.as_of(playbook))
        data = {
            **report_data(playbook, report, when.date(), state),
            **editions.extras(card, audience),
        }
        manifest = report_manifest(playbook, report, audience)
        found.append((folder / report.file_name, data, manifest, card))
    return found
