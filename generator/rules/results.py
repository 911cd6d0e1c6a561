"""Rules on the scorecard: every miss explained and acted on, every number plausible.

The merge gate treats a recorded miss like a milestone: without a root cause, or
without an action that has an owner and a due date, it does not merge. Rules that
depend on the day (results due, overdue actions) count from ``Context.today``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from generator.diagnostics import Severity
from generator.loading.composer import Path as DataPath
from generator.models.scorecard import Scorecard
from generator.portfolio import Loaded, Playbook
from generator.rules.registry import Context, Finding, rule
from generator.views.progress import amount, days, scorecard, standing
from generator.views.text import long_date, metric_name, number

#: Engagements in these phases run their plan; a proposal has no results yet.
RUNNING: Final = frozenset({"onboarding", "live"})
#: Units whose values cannot be negative, and the percent range.
_NOT_NEGATIVE: Final = frozenset({"percent", "seconds", "minutes", "hours", "days", "count"})
_PERCENT_MAX: Final = 100


def _cards(ctx: Context) -> Iterator[tuple[Playbook, Loaded[Scorecard]]]:
    for playbook in ctx.portfolio.playbooks:
        card = scorecard(playbook)
        if card is not None:
            yield playbook, card


def _result_path(place: tuple[int, int], *rest: str | int) -> DataPath:
    return ("spec", "checkpoints", place[0], "results", place[1], *rest)


@rule("PB801", "results-due", Severity.WARNING)
def results_due(ctx: Context) -> Iterator[Finding]:
    """A checkpoint's review date has passed and no results are recorded for it.

    Each checkpoint review ends in a written deliverable with the measured numbers.
    Once its date has passed, record what was measured in `results.yaml`, one entry per
    target, so the scorecard, the site and the checkpoint report show it.
    """
    for playbook in ctx.portfolio.playbooks:
        ramp = playbook.ramp
        if ramp is None or playbook.engagement.model.spec.phase not in RUNNING:
            continue
        if Scorecard.KIND in playbook.broken:
            continue  # its own errors are reported; its results are unknown, not missing
        state = standing(playbook, ctx.today)
        card = scorecard(playbook)
        recorded = {c.day for c in card.model.spec.checkpoints if c.results} if card else set()
        for index, checkpoint in enumerate(ramp.model.spec.checkpoints):
            statuses = state.at(checkpoint.day)
            if checkpoint.day in recorded or not any(s.state == "no-data" for s in statuses):
                continue
            when = statuses[0].when
            yield Finding(
                ramp,
                ("spec", "checkpoints", index, "day"),
                f"the day-{checkpoint.day} review was due on {long_date(when)} and no "
                "results are recorded for it",
                f"add `day: {checkpoint.day}` with its results under `checkpoints:` in "
                f"{card.source.display if card else 'results.yaml (kind: Scorecard)'}",
            )


@rule("PB802", "miss-without-root-cause")
def miss_without_root_cause(ctx: Context) -> Iterator[Finding]:
    """A missed target has no root cause.

    A miss reviewed without its cause gets the same fix as the last one. Write what
    caused it in `root_cause:` next to the value: the driver, not the symptom.
    """
    for playbook, card in _cards(ctx):
        for status in standing(playbook, ctx.today).missed:
            if status.place is None or status.measured is None or status.measured.root_cause:
                continue
            yield Finding(
                card,
                _result_path(status.place, "metric"),
                f"{metric_name(status.target.metric, playbook.metrics)} missed its day-"
                f"{status.checkpoint.day} target ({_gap(status.gap, status.unit)}) and has no "
                "root cause",
                "add `root_cause:` saying what caused the miss",
            )


@rule("PB803", "miss-without-action")
def miss_without_action(ctx: Context) -> Iterator[Finding]:
    """A missed target has no corrective action.

    Every miss gets at least one action with one owner and a due date, so the next
    review can check it was done. Add them under `actions:` next to the value.
    """
    for playbook, card in _cards(ctx):
        for status in standing(playbook, ctx.today).missed:
            if status.place is None or status.measured is None or status.measured.actions:
                continue
            yield Finding(
                card,
                _result_path(status.place, "metric"),
                f"{metric_name(status.target.metric, playbook.metrics)} missed its day-"
                f"{status.checkpoint.day} target and has no corrective action",
                "add `actions:` with an `id`, `title`, `owner` and `due` date",
            )


@rule("PB804", "results-for-unknown-checkpoint")
def results_for_unknown_checkpoint(ctx: Context) -> Iterator[Finding]:
    """The scorecard records a checkpoint day the 30/60/90-day plan does not have."""
    for playbook, card in _cards(ctx):
        if playbook.ramp is None:
            continue
        planned = [c.day for c in playbook.ramp.model.spec.checkpoints]
        seen: set[int] = set()
        for index, checkpoint in enumerate(card.model.spec.checkpoints):
            path = ("spec", "checkpoints", index, "day")
            if checkpoint.day in seen:
                yield Finding(card, path, f"day {checkpoint.day} is recorded twice")
            elif checkpoint.day not in planned:
                yield Finding(
                    card,
                    path,
                    f"the plan has no checkpoint on day {checkpoint.day}",
                    "the plan's checkpoints are on days " + _and(str(day) for day in planned),
                )
            seen.add(checkpoint.day)


@rule("PB805", "result-not-targeted")
def result_not_targeted(ctx: Context) -> Iterator[Finding]:
    """A result names a metric its checkpoint does not target, or one metric twice."""
    for playbook, card in _cards(ctx):
        if playbook.ramp is None:
            continue
        targets = {
            c.day: [t.metric for t in c.targets] for c in playbook.ramp.model.spec.checkpoints
        }
        for i, checkpoint in enumerate(card.model.spec.checkpoints):
            wanted = targets.get(checkpoint.day)
            if wanted is None:
                continue  # PB804
            seen: set[str] = set()
            for j, result in enumerate(checkpoint.results):
                path = _result_path((i, j), "metric")
                if result.metric in seen:
                    yield Finding(
                        card, path, f"`{result.metric}` is recorded twice on day {checkpoint.day}"
                    )
                elif result.metric not in wanted and result.metric in playbook.metrics:
                    yield Finding(
                        card,
                        path,
                        f"the day-{checkpoint.day} checkpoint has no target on `{result.metric}`",
                        "its targets are on "
                        + _and(f"`{m}`" for m in wanted)
                        + "; record another metric under `observations:`, shown and not judged",
                    )
                seen.add(result.metric)


@rule("PB806", "result-unit")
def result_unit(ctx: Context) -> Iterator[Finding]:
    """A result is in another unit than its metric's definition."""
    for playbook, card in _cards(ctx):
        for i, checkpoint in enumerate(card.model.spec.checkpoints):
            for j, result in enumerate(checkpoint.results):
                metric = playbook.metrics.get(result.metric)
                if metric is None or result.unit is None or result.unit == metric.unit:
                    continue
                yield Finding(
                    card,
                    _result_path((i, j), "unit"),
                    f"`{result.metric}` is measured in {metric.unit}, not {result.unit}",
                    f"convert the value to {metric.unit}, or leave out `unit:`",
                )


@rule("PB807", "result-out-of-range")
def result_out_of_range(ctx: Context) -> Iterator[Finding]:
    """A recorded value cannot be: a percentage above 100, or a negative time or count."""
    for playbook, card in _cards(ctx):
        spec = card.model.spec
        values = [
            (_result_path((i, j), "value"), r.metric, r.value)
            for i, c in enumerate(spec.checkpoints)
            for j, r in enumerate(c.results)
        ]
        values += [
            (("spec", "series", i, "points", k, "value"), s.metric, p.value)
            for i, s in enumerate(spec.series)
            for k, p in enumerate(s.points)
        ]
        for path, metric_id, value in values:
            metric = playbook.metrics.get(metric_id)
            if metric is None or value is None:
                continue
            if metric.unit in _NOT_NEGATIVE and value < 0:
                problem = "cannot be negative"
            elif metric.unit == "percent" and value > _PERCENT_MAX:
                problem = "is a percentage above 100"
            else:
                continue
            yield Finding(card, path, f"{number(value)} for `{metric_id}` {problem}")


@rule("PB808", "recorded-in-the-future")
def recorded_in_the_future(ctx: Context) -> Iterator[Finding]:
    """Something is recorded as done, a review as held, or a milestone as rated, on a day
    still to come."""
    for _, card in _cards(ctx):
        spec = card.model.spec
        dated: list[tuple[DataPath, str]] = []
        for i, progress in enumerate(spec.milestones):
            if progress.done_on is not None and progress.done_on > ctx.today:
                dated.append((("spec", "milestones", i, "done_on"), long_date(progress.done_on)))
            if progress.rating is not None and progress.rating.on > ctx.today:
                rated: DataPath = ("spec", "milestones", i, "rating", "on")
                dated.append((rated, long_date(progress.rating.on)))
        for i, checkpoint in enumerate(spec.checkpoints):
            if checkpoint.review is not None and checkpoint.review.held_on > ctx.today:
                held: DataPath = ("spec", "checkpoints", i, "review", "held_on")
                dated.append((held, long_date(checkpoint.review.held_on)))
            for j, result in enumerate(checkpoint.results):
                for k, action in enumerate(result.actions):
                    if action.done_on is not None and action.done_on > ctx.today:
                        done = _result_path((i, j), "actions", k, "done_on")
                        dated.append((done, long_date(action.done_on)))
        for path, when in dated:
            yield Finding(
                card,
                path,
                f"{when} is after today ({long_date(ctx.today)})",
                "record it once it has happened",
            )


@rule("PB809", "action-overdue", Severity.WARNING)
def action_overdue(ctx: Context) -> Iterator[Finding]:
    """A corrective action is still open after its due date.

    Close it (`status: done` with `done_on:`), or agree a new date and write it in
    `due:` with a note saying why it moved.
    """
    for playbook, card in _cards(ctx):
        for status in standing(playbook, ctx.today).open_actions:
            if status.overdue_by <= 0:
                continue
            yield Finding(
                card,
                _result_path(status.place[:2], "actions", status.place[2], "due"),
                f"action `{status.action.id}` was due on {long_date(status.action.due)} and is "
                f"still open ({days(status.overdue_by)} late)",
                "mark it `status: done` with `done_on:`, or agree a new `due:` date",
            )


def _gap(gap: float | None, unit: str | None) -> str:
    return "trend the wrong way" if gap is None else f"by {amount(gap, unit)}"


def _and(items: Iterator[str] | list[str]) -> str:
    words = list(items)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


@rule("PB810", "milestone-overdue", Severity.WARNING)
def milestone_overdue(ctx: Context) -> Iterator[Finding]:
    """A milestone of the brief's timeline is past its date and not done.

    The date is the latest re-plan's when the scorecard re-planned it, the brief's
    otherwise. Record `done_on:` for it in the scorecard's `milestones:` once it is
    done, or agree a new date and add it under `replanned:` with the reason. A
    proposal's timeline is a plan nobody runs yet: it owes nothing.
    """
    for playbook in ctx.portfolio.playbooks:
        brief = playbook.brief
        card = scorecard(playbook)
        if brief is None or playbook.engagement.model.spec.phase not in RUNNING:
            continue
        if Scorecard.KIND in playbook.broken:
            continue  # its own errors are reported; what it records is unknown
        progress = card.model.spec.milestones if card is not None else ()
        places = {p.milestone: index for index, p in enumerate(progress)}
        for status in standing(playbook, ctx.today).milestones:
            if status.state != "overdue":
                continue
            milestone = status.milestone
            moved = ""
            if status.replanned_by and card is not None and milestone.id in places:
                index = places[milestone.id]
                last = len(progress[index].replanned) - 1
                document: Loaded[Any] = card
                path: DataPath = ("spec", "milestones", index, "replanned", last, "due")
                moved = f" (re-planned from {long_date(status.planned)})"
            else:
                document = brief
                field = "due" if milestone.due is not None else "day"
                path = ("spec", "timeline", status.index, field)
            yield Finding(
                document,
                path,
                f"milestone `{milestone.id}` was due on {long_date(status.due)}{moved} and is "
                f"not done ({days(status.late_by)} late)",
                "record `done_on:` for it under the scorecard's `milestones:`, or agree a new "
                "date and add it under `replanned:` with the reason",
            )
