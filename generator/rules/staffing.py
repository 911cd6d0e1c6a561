"""Rules on the plan's staffing: enough agents for each service level, by Erlang C (or
Erlang A where callers' patience is given)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.rules.registry import Context, Finding, rule
from generator.views.staffing import MOST_AGENTS, StaffingCheck, check


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
