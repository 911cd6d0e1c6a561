"""The five questions a prospect asks a vendor, each answered from the playbook's data.

An answer says what the data says, and no more: where the playbook is silent, the
answer says "not stated" and a :class:`Gap` tells the vendor where to write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from generator.branding import Branding
from generator.diagnostics import Location
from generator.loading import display_path
from generator.models import Person
from generator.packet.gaps import Gap, absence, missing_document
from generator.portfolio import Playbook
from generator.render.context import TimelineEntry, timeline
from generator.render.text import long_date, metric_name, person_name, target_text
from generator.rules.red_flags import DAY_30_WINDOW, go_live

NOT_STATED: Final = "Not stated in the playbook."
#: A review this close to day 14 answers "what does the day-14 review cover?".
DAY_14_WINDOW: Final = range(11, 18)
_METHODS: Final = {
    "quiz": "Quiz",
    "observed-call": "Observed call",
    "role-play": "Role play",
    "reverse-test": "Reverse test",
    "shadowing": "SME shadowing",
    "system-check": "System check",
}


@dataclass(frozen=True)
class Listing:
    """A titled list of short points."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    """Share of the width of each column; 0 sizes a column to its content."""


@dataclass(frozen=True)
class Answer:
    """One question and its answer: a lead sentence, then the facts behind it."""

    question: str
    lead: str
    lists: tuple[Listing, ...] = ()
    table: Table | None = None
    gaps: tuple[Gap, ...] = ()
    see: str | None = None
    """The part of the packet with the whole of it: brief, plan, escalation, certification."""

    @property
    def complete(self) -> bool:
        return not self.gaps


def answers(playbook: Playbook, branding: Branding) -> tuple[Answer, ...]:
    """The five answers, in the order a prospect asks."""
    return (
        launch_plan(playbook),
        tested_before_live(playbook),
        day_30_missed(playbook),
        day_14_review(playbook),
        track_record(playbook, branding),
    )


def who(person_id: str, playbook: Playbook) -> str:
    """``Leo Grant, Campaign Manager (Harbor CX)``."""
    person = playbook.people.get(person_id)
    if person is None:
        return person_id
    return f"{person.name}, {person.role}, {_organisation(person, playbook)}"


def _organisation(person: Person, playbook: Playbook) -> str:
    spec = playbook.engagement.model.spec
    return (spec.client if person.party == "client" else spec.vendor).name


def launch_plan(playbook: Playbook) -> Answer:
    question = "Can a written launch plan with milestones and named owners be sent before signing?"
    if playbook.brief is None:
        gap = missing_document(playbook, "EngagementBrief")
        lead = f"{NOT_STATED} {absence(playbook, 'EngagementBrief')}"
        return Answer(question, lead, gaps=(gap,))
    milestones = [e for e in timeline(playbook) if e.kind != "checkpoint"]
    if not milestones:
        gap = Gap("the brief's timeline has no milestones", playbook.brief.at(("spec", "timeline")))
        return Answer(question, f"{NOT_STATED} The timeline is empty.", gaps=(gap,))
    live = go_live(playbook)
    launch = [e for e in milestones if live is None or e.when <= live[2]]
    lead = (
        f"Yes: this packet holds it. The {playbook.brief.model.title.lower()} both sides sign "
        f"sets {len(milestones)} milestones, each with one named owner, a due date and a "
        "written deliverable"
    )
    gaps: tuple[Gap, ...] = ()
    if live is not None:
        lead += (
            f". The {len(launch)} below lead to go-live on {long_date(live[2])}: {live[1].title}"
        )
    else:
        gaps = (
            Gap(
                "the timeline marks no milestone as the first live interaction",
                playbook.brief.at(("spec", "timeline")),
                "give the go-live milestone `type: go-live`",
            ),
        )
    rows = tuple(
        (f"{long_date(e.when)} · day {e.day}", e.title, _owner(e, playbook)) for e in launch
    )
    table = Table(("Due", "Milestone", "Owner"), rows, (0, 1.5, 1))
    return Answer(question, lead + ".", table=table, gaps=gaps, see="brief")


def _owner(entry: TimelineEntry, playbook: Playbook) -> str:
    return who(entry.owner_id, playbook)


def tested_before_live(playbook: Playbook) -> Answer:
    question = "What is tested before the first live interaction?"
    lists: list[Listing] = []
    gaps: list[Gap] = []
    sentences: list[str] = []
    live = go_live(playbook)
    checklist = playbook.certification
    table = None
    if checklist is None:
        gaps.append(missing_document(playbook, "CertificationChecklist"))
    else:
        spec = checklist.model.spec
        items = [(m, i) for m in spec.modules for i in m.items]
        required = sum(1 for _, item in items if item.required)
        if spec.gate.go_live:
            sentences.append(
                f"No agent takes a live interaction before passing {required} required "
                "checks, each with a pass mark and a named assessor"
            )
        else:
            sentences.append("Certification does not gate going live in this playbook")
        table = Table(
            ("Check", "Method", "Pass mark", "Assessor"),
            widths=(2, 0, 0, 0.8),
            rows=tuple(
                (
                    item.title + ("" if item.required else " (optional)"),
                    _METHODS[item.method],
                    f"{item.pass_threshold:g}%",
                    person_name(item.assessor, playbook.people),
                )
                for _, item in items
            ),
        )
    brief = playbook.brief
    if brief is None:
        gaps.append(missing_document(playbook, "EngagementBrief"))
    else:
        systems = brief.model.spec.systems
        if not systems:
            gaps.append(
                Gap(
                    "the brief lists no systems to configure and test",
                    brief.at(("spec",)),
                    "add `systems:` with each system, its owner and whether it is tested",
                )
            )
        else:
            tested = sum(1 for s in systems if s.tested)
            sentences.append(
                f"{tested} of {len(systems)} systems are tested end to end so far"
                if tested
                else f"None of the {len(systems)} systems is marked tested yet"
            )
            lists.append(
                Listing(
                    "Systems",
                    tuple(
                        f"{s.name}: {'tested' if s.tested else 'not yet tested'} "
                        f"({person_name(s.owner, playbook.people)})"
                        for s in systems
                    ),
                )
            )
        ready = [
            e
            for e in timeline(playbook)
            if e.kind == "readiness" and (live is None or e.when <= live[2])
        ]
        for entry in ready:
            sentences.append(
                f"Go-live waits for {entry.title[:1].lower()}{entry.title[1:]} on "
                f"{long_date(entry.when)} ({person_name(entry.owner_id, playbook.people)}): "
                f"{entry.deliverable}"
            )
    lists.extend(_readiness_reviews(playbook, live[2] if live else None))
    lead = ". ".join(sentences) + "." if sentences else NOT_STATED
    return Answer(question, lead, tuple(lists), table, tuple(gaps), see="certification")


def _readiness_reviews(playbook: Playbook, live: date | None) -> list[Listing]:
    """The agendas of checkpoint reviews held before go-live."""
    if playbook.ramp is None or live is None:
        return []
    return [
        Listing(f"{c.review.title}, day {c.day}", c.review.agenda)
        for c in playbook.ramp.model.spec.checkpoints
        if playbook.date_of(c.day) <= live
    ]


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
    reviews = [e for e in timeline(playbook) if e.kind in ("checkpoint", "review")]
    near = [e for e in reviews if e.day in DAY_14_WINDOW]
    live = go_live(playbook)
    if near:
        entry = min(near, key=lambda e: (abs(e.day - 14), e.kind != "checkpoint"))
        lead = f"The {entry.title} is on day {entry.day} ({long_date(entry.when)})"
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
            f" The first review with live data comes on day {entry.day} "
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


def track_record(playbook: Playbook, branding: Branding) -> Answer:
    question = "What share of past launches went live on schedule?"
    vendor = playbook.engagement.model.spec.vendor.name
    record = branding.track_record
    if record is None:
        gap = Gap(
            "the settings give no track record of past launches",
            _settings_location(branding),
            "add [tool.playbook.vendor.track_record] with launches and launched_on_schedule",
        )
        return Answer(question, f"{NOT_STATED} {vendor} does not quote a record here.", gaps=(gap,))
    share = round(100 * record.launched_on_schedule / record.launches)
    lead = (
        f"{record.launched_on_schedule} of {vendor}'s last {record.launches} launches "
        f"({share}%) went live on schedule"
    )
    if record.period:
        lead += f", {record.period}"
    lists = (Listing("How launches are counted", (record.note,)),) if record.note else ()
    return Answer(question, lead + ".", lists)


def _settings_location(branding: Branding) -> Location:
    if branding.settings_file is None:
        return Location("playbook.toml")
    shown = display_path(branding.settings_file)
    try:
        lines = branding.settings_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return Location(shown)
    for table in ("[tool.playbook.vendor", "[tool.playbook", "[vendor"):
        line = next((n for n, text in enumerate(lines, 1) if text.startswith(table)), None)
        if line is not None:
            return Location(shown, line)
    return Location(shown)
