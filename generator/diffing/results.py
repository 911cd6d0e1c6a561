"""What changed in the scorecard, in the words a review meeting uses.

"Customer satisfaction on day 30: 84% against at least 85%, missed by 1 point; root
cause and 2 actions added", "Voice overflow queue live re-planned 4 days later, to
11 Dec 2026 (agreed by Marco Alvarez and Sofia Marsh)", "Dana Whitfield rated “Tier 1
go-live” 5 of 5". The rows of the change table
still list every field; these lines come first and say what it means.
"""

from __future__ import annotations

from datetime import date

from generator.models.scorecard import Measurement, Progress, Rating, Scorecard
from generator.portfolio import Loaded, Playbook
from generator.views.credits import CreditTerms, credit_terms, money
from generator.views.progress import Standing, TargetStatus, days, scorecard, standing
from generator.views.text import (
    long_date,
    metric_name,
    number,
    people_names,
    person_name,
    target_text,
)


def results_summary(old: Playbook | None, new: Playbook | None, today: date) -> tuple[str, ...]:
    """One line per result recorded or changed, miss explained, milestone done or moved."""
    if new is None:
        return ()
    before, after = scorecard(old) if old else None, scorecard(new)
    if after is None:
        return ()
    lines = list(_results(before, after, new, standing(new, today)))
    lines += _milestones(before, after, new)
    return tuple(lines)


def _measured(card: Loaded[Scorecard] | None) -> dict[tuple[int, str], Measurement]:
    if card is None:
        return {}
    return {
        (checkpoint.day, result.metric): result
        for checkpoint in card.model.spec.checkpoints
        for result in checkpoint.results
    }


def _results(
    before: Loaded[Scorecard] | None, after: Loaded[Scorecard], new: Playbook, state: Standing
) -> list[str]:
    was, now = _measured(before), _measured(after)
    statuses = {(s.checkpoint.day, s.target.metric): s for s in state.targets}
    terms = credit_terms(new, state)
    lines = []
    for key, result in now.items():
        old = was.get(key)
        status = statuses.get(key)
        if status is None:
            continue
        parts = []
        if old is None or old.value != result.value:
            parts.append(_reading(new, status) + _cost(terms, key))
        if result.root_cause and not (old and old.root_cause):
            parts.append("root cause added")
        added = len(result.actions) - (len(old.actions) if old else 0)
        if added > 0:
            parts.append(f"{added} action{'s' if added != 1 else ''} added")
        if parts:
            lines.append("; ".join(parts))
    return lines


def _cost(terms: CreditTerms | None, key: tuple[int, str]) -> str:
    """``, which costs $6,111 in service credits (40% of the pool)`` for a miss the
    commercials credit; empty otherwise."""
    period = terms.at(key[0]) if terms is not None else None
    credit = next((c for c in period.credits if c.metric == key[1]), None) if period else None
    if terms is None or credit is None:
        return ""
    if credit.state == "same-incident":
        return f", no credit: the incident {credit.incident} is credited once"
    cost = money(credit.amount, terms.at_risk.currency)
    back = " unless earned back" if credit.state == "may-earn-back" else ""
    return f", which costs {cost} in service credits ({number(credit.share)}% of the pool){back}"


def _reading(playbook: Playbook, status: TargetStatus) -> str:
    """``Customer satisfaction on day 30: 84% against at least 85%, missed by 1 point``."""
    name = metric_name(status.target.metric, playbook.metrics)
    goal = target_text(status.target, playbook.metrics.get(status.target.metric))
    shown = status.actual_text or "no value"
    return (
        f"{name} on day {status.checkpoint.day}: {shown} against {goal}, "
        f"{status.words[:1].lower()}{status.words[1:]}"
    )


def _milestones(
    before: Loaded[Scorecard] | None, after: Loaded[Scorecard], new: Playbook
) -> list[str]:
    was = {p.milestone: p for p in before.model.spec.milestones} if before else {}
    titles = {m.id: m.title for m in new.brief.model.spec.timeline} if new.brief else {}
    planned = new.milestone_dates()
    lines = []
    for progress in after.model.spec.milestones:
        old = was.get(progress.milestone)
        title = titles.get(progress.milestone, progress.milestone)
        lines += _moves(progress, old, title, planned.get(progress.milestone), new)
        if progress.done_on and not (old and old.done_on):
            due = progress.due or planned.get(progress.milestone)
            late = (progress.done_on - due).days if due else 0
            when = f", {days(late)} late" if late > 0 else ""
            lines.append(f"{title} done on {long_date(progress.done_on)}{when}")
        rating = progress.rating
        if rating is not None and (old is None or old.rating != rating):
            lines.append(_rated(rating, old.rating if old else None, title, new))
    return lines


def _rated(rating: Rating, before: Rating | None, title: str, new: Playbook) -> str:
    """``Dana Whitfield rated “Go live” 5 of 5: “A clean cut-over”``."""
    who = person_name(rating.by, new.people)
    was = f" (was {before.score} of 5)" if before and before.score != rating.score else ""
    said = f": “{rating.comment}”" if rating.comment else ""
    return f"{who} rated “{title}” {rating.score} of 5{was}{said}"


def _moves(
    progress: Progress, old: Progress | None, title: str, planned: date | None, new: Playbook
) -> list[str]:
    earlier = len(old.replanned) if old else 0
    lines = []
    for index, replan in enumerate(progress.replanned[earlier:], start=earlier):
        previous = progress.replanned[index - 1].due if index else planned
        if previous is None:
            continue
        moved = (replan.due - previous).days
        direction = "later" if moved >= 0 else "earlier"
        agreed = people_names(replan.agreed_by, new.people)
        lines.append(
            f"{title} re-planned {days(abs(moved))} {direction}, to {long_date(replan.due)} "
            f"(agreed by {agreed})"
        )
    return lines
