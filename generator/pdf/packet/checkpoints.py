"""Answers about the reviews a prospect asks after: the day-30 baseline and the day-14 review."""

from __future__ import annotations

from typing import Final

from generator.pdf.packet.answer import NOT_STATED, Answer, Listing, Table, who
from generator.pdf.packet.gaps import Gap, missing_document
from generator.portfolio import Playbook
from generator.rules.red_flags import DAY_30_WINDOW, go_live
from generator.views.context import events
from generator.views.text import long_date, metric_name, person_name, target_text

#: A review this close to day 14 answers "what does the day-14 review cover?".
DAY_14_WINDOW: Final = range(11, 18)


def day_30_missed(playbook: Playbook) -> Answer:
    question = "What happens if the day-30 targets are missed?"
    ramp = playbook.ramp
    if ramp is None:
        return Answer(question, NOT_STATED, gaps=(missing_document(playbook, "RampPlan"),))
    checkpoints = ramp.model.spec.checkpoints
    found = next(((i, c) for i, c in enumerate(checkpoints) if c.day in DAY_30_WINDOW), None)
    if found is None:
        days = ", ".join(str(c.day) for c in checkpoints)
        gap = Gap(
            f"the plan has no checkpoint around day 30 (checkpoints on days {days})",
            ramp.at(("spec", "checkpoints")),
            "add a day-30 baseline checkpoint with its review, targets and `if_missed`",
        )
        return Answer(question, f"{NOT_STATED} The plan has no day-30 review.", gaps=(gap,))
    index, checkpoint = found
    gaps: tuple[Gap, ...] = ()
    if checkpoint.if_missed:
        lead = checkpoint.if_missed
    else:
        lead = f"{NOT_STATED} The day-{checkpoint.day} checkpoint does not say what follows a miss."
        gaps = (
            Gap(
                f"the day-{checkpoint.day} checkpoint has no `if_missed`",
                ramp.at(("spec", "checkpoints", index)),
                "add `if_missed:` with the fixes, their timeline and the escalation path",
            ),
        )
    review = checkpoint.review
    lists = [
        Listing(
            "Where misses are reviewed",
            (
                f"{review.title}, {long_date(review.date or playbook.date_of(checkpoint.day))}, "
                f"run by {who(review.owner, playbook)}",
                f"Written result: {checkpoint.deliverable.title}",
                *_next_checkpoint(playbook, checkpoint.day),
            ),
        ),
        Listing(
            "Accountable on each side",
            tuple(who(p.id, playbook) for p in playbook.people.values() if p.accountable),
        ),
    ]
    brief = playbook.brief
    fee = brief.model.spec.sla.fee_at_risk if brief and brief.model.spec.sla else None
    if fee is not None:
        tied = ", ".join(metric_name(m, playbook.metrics) for m in fee.tied_to)
        lists.append(
            Listing("Fee at risk", (f"{fee.percent:g}% of the monthly invoice, tied to {tied}",))
        )
    if playbook.escalation is not None:
        lists.append(
            Listing(
                "Incidents that cannot wait for a review follow the escalation matrix",
                tuple(
                    f"{level.id} {level.name}: {level.receiver.tier}, "
                    f"{person_name(level.receiver.person, playbook.people)}"
                    for level in playbook.escalation.model.spec.levels
                ),
            )
        )
    rows = tuple(
        (
            metric_name(target.metric, playbook.metrics),
            target_text(target, playbook.metrics.get(target.metric)),
        )
        for target in checkpoint.targets
    )
    table = Table((f"Day-{checkpoint.day} target", "Target"), rows, (1, 1))
    return Answer(question, lead, tuple(lists), table, gaps, see="plan")


def _next_checkpoint(playbook: Playbook, day: int) -> tuple[str, ...]:
    assert playbook.ramp is not None
    later = [c for c in playbook.ramp.model.spec.checkpoints if c.day > day]
    if not later:
        return ()
    nxt = later[0]
    return (
        f"Next checkpoint, where the fixes are judged: day {nxt.day} "
        f"({long_date(playbook.date_of(nxt.day))}), {nxt.title}",
    )


def day_14_review(playbook: Playbook) -> Answer:
    question = "What does the day-14 review cover, and who attends?"
    reviews = [e for e in events(playbook) if e.kind in ("checkpoint", "review")]
    near = [e for e in reviews if e.day in DAY_14_WINDOW]
    live = go_live(playbook)
    if near:
        entry = min(near, key=lambda e: (abs(e.day - 14), e.kind != "checkpoint"))
        lead = f"The {entry.title} is on day {entry.held} ({long_date(entry.when)})"
    else:
        after = [e for e in reviews if live is None or e.when > live[2]]
        if not after:
            where = (playbook.ramp or playbook.brief or playbook.engagement).at(())
            gap = Gap(
                "the playbook plans no review after go-live before the day-30 baseline",
                where,
                "add a first calibration review about three days after go-live",
            )
            return Answer(question, f"{NOT_STATED} No early review is planned.", gaps=(gap,))
        entry = after[0]
        lead = "This plan holds no review on or near day 14."
        if live is not None:
            day = playbook.engagement.model.spec.day_of(live[2])
            lead += f" Go-live is on day {day} ({long_date(live[2])}): {live[1].title}."
        lead += (
            f" The first review with live data comes on day {entry.held} "
            f"({long_date(entry.when)}): {entry.title}"
        )
    lead += f", run by {who(entry.owner_id, playbook)}"
    if entry.kind == "checkpoint":
        assert playbook.ramp is not None
        checkpoint = playbook.ramp.model.spec.checkpoints[int(entry.path[2])]
        attendees = checkpoint.review.attendees
        parties = {playbook.people[a].party for a in attendees if a in playbook.people}
        sides = "both sides" if len(parties) == 2 else "one side only"
        lead += f". {len(attendees)} people attend, from {sides}, for the agenda below"
        lists = (
            Listing("Agenda", checkpoint.review.agenda),
            Listing("Attendees", tuple(who(a, playbook) for a in checkpoint.review.attendees)),
            Listing("Written result", (entry.deliverable,)),
        )
        return Answer(question, lead + ".", lists, see="plan")
    gap = Gap(
        f"the review `{entry.title}` (day {entry.day}) states no agenda or attendees",
        entry.document.at(entry.path),
        f"add a checkpoint on day {entry.day} to the ramp plan with its review meeting",
    )
    lead += f". Its written result: {entry.deliverable}"
    lead += ". Its agenda and attendees are not stated in the playbook."
    return Answer(question, lead, gaps=(gap,), see="brief")
