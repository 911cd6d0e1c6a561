"""Rules on the order of the launch: nobody goes live untrained, unreviewed live results
are not reviewed before there are any, and escalation targets are consistent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.diagnostics import Severity
from generator.models import EngagementBrief, Milestone
from generator.models.types import format_duration
from generator.portfolio import Loaded, Playbook
from generator.rules.red_flags import go_live as first_go_live
from generator.rules.registry import Context, Finding, rule

#: The first checkpoint that reviews live results: the 30-day baseline.
BASELINE_DAY = 30
#: The gates the first live interaction waits for, in words.
_GATES = {
    "training": "the end of training",
    "readiness": "the launch-readiness sign-off",
}


@rule("PB304", "go-live-before-gate")
def go_live_before_gate(ctx: Context) -> Iterator[Finding]:
    """The first go-live comes before training ends or before the readiness sign-off.

    Agents go live only once they are trained and certified and every setup item is
    tested: the launch-readiness sign-off is the gate. A go-live dated before it means
    agents would meet customers untrained, whatever order the timeline lists them in.
    Move the go-live after the gate, or the gate before the go-live.
    """
    for playbook in ctx.portfolio.playbooks:
        brief = playbook.brief
        first = first_go_live(playbook)
        if brief is None or first is None:
            continue
        index, go_live, when = first
        for gate, words in _GATES.items():
            gates = [(m, d) for _, m, d in _dated(playbook) if m.type == gate]
            if gates and all(due > when for _, due in gates):
                milestone, due = min(gates, key=lambda pair: pair[1])
                yield Finding(
                    brief,
                    ("spec", "timeline", index, "day" if go_live.day else "due"),
                    f"go-live `{go_live.id}` on {_day(playbook, when)} comes before "
                    f"{words} (`{milestone.id}`, {_day(playbook, due)}): agents would go "
                    "live before it",
                    f"move `{go_live.id}` after `{milestone.id}`, or `{milestone.id}` before it",
                )


@rule("PB305", "review-before-go-live")
def review_before_go_live(ctx: Context) -> Iterator[Finding]:
    """A checkpoint review of live results is held before the first go-live.

    The day-30 baseline and later reviews judge live results against targets; held
    before anyone goes live they have nothing to judge, and the plan's ramp is out of
    step with the brief's timeline. Earlier checkpoints (a launch-readiness review) may
    come before go-live.
    """
    for playbook in ctx.portfolio.playbooks:
        first = first_go_live(playbook)
        ramp = playbook.ramp
        if ramp is None or first is None:
            continue
        _, go_live, when = first
        spec = playbook.engagement.model.spec
        for index, checkpoint in enumerate(ramp.model.spec.checkpoints):
            held = checkpoint.review.date or spec.date_of(checkpoint.day)
            if checkpoint.day >= BASELINE_DAY and held < when:
                yield Finding(
                    ramp,
                    ("spec", "checkpoints", index, "day"),
                    f"the {checkpoint.review.title} on {_day(playbook, held)} comes before "
                    f"go-live `{go_live.id}` on {_day(playbook, when)}: there are no live "
                    "results to review yet",
                    "move the checkpoint after go-live, or go-live before it",
                )


@rule("PB306", "resolution-before-response", Severity.ERROR)
def resolution_before_response(ctx: Context) -> Iterator[Finding]:
    """An escalation level's resolution target is shorter than its response target.

    A case cannot be resolved before anyone has responded to it; one of the two
    durations is usually mistyped (`4m` for `4h`).
    """
    for playbook in ctx.portfolio.playbooks:
        matrix = playbook.escalation
        if matrix is None:
            continue
        for index, level in enumerate(matrix.model.spec.levels):
            if level.resolution is not None and level.resolution < level.response:
                yield Finding(
                    matrix,
                    ("spec", "levels", index, "resolution"),
                    f"level `{level.id}` is to be resolved in {format_duration(level.resolution)}"
                    f", sooner than its response target of {format_duration(level.response)}",
                    "check both durations: resolution comes after the first response",
                )


@rule("PB307", "review-on-day-off", Severity.WARNING)
def review_on_day_off(ctx: Context) -> Iterator[Finding]:
    """A checkpoint review falls on a Saturday, a Sunday or one of the engagement's holidays.

    Reviews need people from both parties; give the review its own `date` on a working
    day when the checkpoint day falls on a day off. The engagement's `holidays` list the
    days off besides weekends (public holidays of either team, shutdowns).
    """
    for playbook in ctx.portfolio.playbooks:
        ramp = playbook.ramp
        if ramp is None:
            continue
        spec = playbook.engagement.model.spec
        holidays = {h.date: h.name for h in spec.holidays}
        for index, checkpoint in enumerate(ramp.model.spec.checkpoints):
            review = checkpoint.review
            held = review.date or spec.date_of(checkpoint.day)
            off = f"a {held:%A}" if held.weekday() >= 5 else holidays.get(held)
            if off is not None:
                path = ("spec", "checkpoints", index, "review", "date" if review.date else "title")
                yield Finding(
                    ramp,
                    path,
                    f"the {review.title} falls on {off} ({_day(playbook, held)})",
                    f"give the review a `date:` on a working day near day {checkpoint.day}",
                )


@rule("PB308", "review-without-a-party")
def review_without_a_party(ctx: Context) -> Iterator[Finding]:
    """A checkpoint review has no attendee from the client or none from the vendor.

    Targets are judged by both sides together; a review one side does not attend is a
    report, not a review.
    """
    for playbook in ctx.portfolio.playbooks:
        ramp = playbook.ramp
        if ramp is None:
            continue
        for index, checkpoint in enumerate(ramp.model.spec.checkpoints):
            attendees = checkpoint.review.attendees
            parties = {playbook.people[a].party for a in attendees if a in playbook.people}
            if any(a not in playbook.people for a in attendees):
                continue  # an unknown attendee is PB201; its party cannot be told
            for party in ("client", "vendor"):
                if party not in parties:
                    yield Finding(
                        ramp,
                        ("spec", "checkpoints", index, "review", "attendees"),
                        f"the {checkpoint.review.title} has no attendee from the {party}",
                        f"invite the {party}'s accountable people to it",
                    )


@rule("PB309", "tier-handover-day")
def tier_handover_day(ctx: Context) -> Iterator[Finding]:
    """A support tier is handed over on another day than its go-live milestone.

    The engagement's `tiers` say from which day the vendor carries each tier; the
    brief's timeline dates the go-live that hands it over. Name that milestone in the
    tier (`milestone: go-live-tier-1`) and keep the two days equal, or the site, the
    PDFs and the readiness review tell two stories. A tier that names no milestone
    may not start before the first go-live.
    """
    for playbook in ctx.portfolio.playbooks:
        first = first_go_live(playbook)
        dates = playbook.milestone_dates()
        spec = playbook.engagement.model.spec
        for index, tier in enumerate(spec.tiers):
            if tier.handled_by != "vendor":
                continue
            day = tier.from_day or 1
            path = ("spec", "tiers", index, "from_day" if tier.from_day else "tier")
            if tier.milestone is not None:
                when = dates.get(tier.milestone)
                if when is not None and spec.day_of(when) != day:
                    yield Finding(
                        playbook.engagement,
                        path,
                        f"Tier {tier.tier} is handed over from day {day}, but its go-live "
                        f"`{tier.milestone}` is on {_day(playbook, when)}",
                        f"set `from_day: {spec.day_of(when)}`, or move `{tier.milestone}` "
                        f"to day {day}",
                    )
            elif first is not None and day < spec.day_of(first[2]):
                yield Finding(
                    playbook.engagement,
                    path,
                    f"Tier {tier.tier} is handed over from day {day}, before the first "
                    f"go-live `{first[1].id}` on {_day(playbook, first[2])}",
                    f"name its go-live milestone (`milestone: {first[1].id}`) and use its day",
                )


def _dated(playbook: Playbook) -> list[tuple[int, Milestone, date]]:
    brief: Loaded[EngagementBrief] | None = playbook.brief
    if brief is None:
        return []
    dates = playbook.milestone_dates()
    return [(i, m, dates[m.id]) for i, m in enumerate(brief.model.spec.timeline) if m.id in dates]


def _day(playbook: Playbook, when: date) -> str:
    spec = playbook.engagement.model.spec
    return f"{when:%-d %b %Y} (day {spec.day_of(when)})"
