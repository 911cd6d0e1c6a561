"""Rules on the plan's staffing: enough agents for each service level, by Erlang C (or
Erlang A where callers' patience is given), and a forecast within the brief's volume caps."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.rules.registry import Context, Finding, rule
from generator.views.staffing import MOST_AGENTS, StaffingCheck, check
from generator.views.text import label


@rule("PB406", "understaffed")
def understaffed(ctx: Context) -> Iterator[Finding]:
    """The plan staffs a channel with fewer agents than its service level needs.

    For each entry of the plan's `staffing:`, Erlang C works out the fewest agents on
    the queue that answer the given share of contacts within the given seconds at the
    interval's volume and handle time, without working above the occupancy cap (a chat
    agent counts once per chat handled at once). Where the staffing gives callers' mean
    `patience`, Erlang A does it instead, counting the callers who hang up before an
    answer against the service level. Without a `forecast` the busiest interval is
    checked; with one, every interval of it, and each day pattern with short intervals is
    reported once, at its first short interval, naming the others. Fewer planned agents
    miss the service level from day one of that staffing, whatever else the plan says.
    """
    for playbook in ctx.portfolio.playbooks:
        plan = playbook.ramp
        if plan is None:
            continue
        for index, staffing in enumerate(plan.model.spec.staffing):
            found = check(staffing)
            if not found.intervals:
                if found.short:
                    yield Finding(
                        plan, ("spec", "staffing", index, "agents"), found.words, _hint(found)
                    )
                continue
            for day in found.days:
                if not day.short:
                    continue
                first = day.short[0]
                assert first.place is not None
                words = first.words
                if len(day.short) > 1:
                    words += f"; {day.words}"
                d, i = first.place
                where = ("spec", "staffing", index, "forecast", d, "intervals", i, "agents")
                yield Finding(plan, where, words, _hint(first))


def _hint(found: StaffingCheck) -> str:
    if found.needed >= MOST_AGENTS:
        return (
            "the forecast is beyond what one queue can be staffed for: check the volume and "
            "the interval"
        )
    return (
        f"plan {found.needed} agents on the queue ({found.to_schedule} scheduled), "
        "or agree a lower service level with the client"
    )


@rule("PB407", "forecast-above-cap", Severity.WARNING)
def forecast_above_cap(ctx: Context) -> Iterator[Finding]:
    """A day of the plan's staffing forecast holds more contacts than the brief's volume
    cap for that channel.

    The brief's `volume_caps` say the most contacts a day the vendor takes on a channel;
    a forecast above it plans for work the contract lets the vendor turn away. Each day
    pattern of a staffing `forecast` is added up and compared with the cap of its channel.
    """
    for playbook in ctx.portfolio.playbooks:
        plan, brief = playbook.ramp, playbook.brief
        if plan is None or brief is None:
            continue
        caps = {cap.channel: cap.per_day for cap in brief.model.spec.scope.volume_caps}
        for index, staffing in enumerate(plan.model.spec.staffing):
            cap = caps.get(staffing.channel)
            if cap is None:
                continue
            for d, day in enumerate(staffing.forecast):
                total = sum(slot.volume for slot in day.intervals)
                if total > cap:
                    yield Finding(
                        plan,
                        ("spec", "staffing", index, "forecast", d, "days"),
                        f"the forecast for {day.days} adds up to {total:,} "
                        f"{label(staffing.channel).lower()} contacts a day, above the brief's "
                        f"cap of {cap:,} a day",
                        "lower the forecast, or agree a higher cap in the brief's "
                        "`volume_caps` with the client",
                    )
