"""Rules on dates: inside the engagement, in order, checkpoints ascending."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.diagnostics import Severity
from generator.models.engagement import EngagementSpec
from generator.rules.registry import Context, Finding, rule


@rule("PB301", "outside-window")
def outside_window(ctx: Context) -> Iterator[Finding]:
    """A milestone, checkpoint or review falls outside the engagement's dates.

    The engagement runs from `spec.start` (day 1) to `spec.end` (day 90 when absent).
    A date outside that window is usually a typo in the year or month.
    """
    for playbook in ctx.portfolio.playbooks:
        spec = playbook.engagement.model.spec

        if playbook.brief is not None:
            for index, milestone in enumerate(playbook.brief.model.spec.timeline):
                when = milestone.due or spec.date_of(milestone.day or 1)
                problem = _outside(spec, when)
                if problem:
                    field = "due" if milestone.due else "day"
                    yield Finding(
                        playbook.brief,
                        ("spec", "timeline", index, field),
                        f"milestone `{milestone.id}` is due {when.isoformat()}, {problem}",
                    )
        if playbook.ramp is not None:
            for index, checkpoint in enumerate(playbook.ramp.model.spec.checkpoints):
                problem = _outside(spec, spec.date_of(checkpoint.day))
                if problem:
                    yield Finding(
                        playbook.ramp,
                        ("spec", "checkpoints", index, "day"),
                        f"checkpoint day {checkpoint.day} falls on "
                        f"{spec.date_of(checkpoint.day).isoformat()}, {problem}",
                    )
                review_date = checkpoint.review.date
                if review_date is not None and (problem := _outside(spec, review_date)):
                    yield Finding(
                        playbook.ramp,
                        ("spec", "checkpoints", index, "review", "date"),
                        f"the day-{checkpoint.day} review is on {review_date.isoformat()}, "
                        + problem,
                    )


def _outside(spec: EngagementSpec, when: date) -> str | None:
    """Why ``when`` is outside the engagement's window, or None when it is inside."""
    if when < spec.start:
        return f"before the engagement starts on {spec.start.isoformat()}"
    if when > spec.last_day:
        last = spec.last_day
        return f"after the engagement ends on {last.isoformat()} (day {spec.day_of(last)})"
    return None


@rule("PB302", "timeline-order", Severity.WARNING)
def timeline_order(ctx: Context) -> Iterator[Finding]:
    """The brief's timeline is not listed in date order.

    Readers take the timeline top to bottom; a milestone listed after a later one is
    easy to miss, and often a wrong date.
    """
    for playbook in ctx.portfolio.playbooks:
        if playbook.brief is None:
            continue
        previous: tuple[str, date] | None = None
        spec = playbook.engagement.model.spec
        for index, milestone in enumerate(playbook.brief.model.spec.timeline):
            when = milestone.due or spec.date_of(milestone.day or 1)
            if previous is not None and when < previous[1]:
                yield Finding(
                    playbook.brief,
                    ("spec", "timeline", index),
                    f"milestone `{milestone.id}` ({when.isoformat()}) is listed after "
                    f"`{previous[0]}` ({previous[1].isoformat()}) but is due earlier",
                    "list milestones in date order",
                )
            if previous is None or when >= previous[1]:
                previous = (milestone.id, when)


@rule("PB303", "days-ascending")
def days_ascending(ctx: Context) -> Iterator[Finding]:
    """Checkpoint days do not ascend, or phases overlap or run backwards.

    Checkpoints are read as a sequence (day 30, then 60, then 90); phases should
    follow each other without overlapping.
    """
    for playbook in ctx.portfolio.playbooks:
        ramp = playbook.ramp
        if ramp is None:
            continue
        previous_day = 0
        for index, checkpoint in enumerate(ramp.model.spec.checkpoints):
            if checkpoint.day <= previous_day:
                yield Finding(
                    ramp,
                    ("spec", "checkpoints", index, "day"),
                    f"checkpoint day {checkpoint.day} comes after day {previous_day}: "
                    "days must ascend",
                )
            previous_day = max(previous_day, checkpoint.day)
        previous_end = 0
        for index, phase in enumerate(ramp.model.spec.phases):
            if phase.to_day < phase.from_day:
                yield Finding(
                    ramp,
                    ("spec", "phases", index, "to_day"),
                    f"phase `{phase.name}` ends on day {phase.to_day}, before it starts "
                    f"on day {phase.from_day}",
                )
            elif phase.from_day <= previous_end:
                yield Finding(
                    ramp,
                    ("spec", "phases", index, "from_day"),
                    f"phase `{phase.name}` starts on day {phase.from_day}, inside the "
                    f"previous phase (which ends on day {previous_end})",
                )
            previous_end = max(previous_end, phase.to_day)
