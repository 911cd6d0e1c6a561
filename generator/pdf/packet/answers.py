"""The five questions a prospect asks a vendor, each answered from the playbook's data.

An answer says what the data says, and no more: where the playbook is silent, the
answer says "not stated" and a :class:`Gap` tells the vendor where to write it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from generator.branding import Branding
from generator.diagnostics import Location
from generator.loading import display_path
from generator.models.brief import System
from generator.pdf.documents import METHODS
from generator.pdf.packet.answer import NOT_STATED, Answer, Listing, Table, who
from generator.pdf.packet.checkpoints import day_14_review, day_30_missed
from generator.pdf.packet.gaps import Gap, absence, missing_document
from generator.portfolio import Playbook
from generator.rules.red_flags import go_live
from generator.views.context import TimelineEntry, timeline
from generator.views.text import long_date, person_name


def answers(playbook: Playbook, branding: Branding) -> tuple[Answer, ...]:
    """The five answers, in the order a prospect asks."""
    return (
        launch_plan(playbook),
        tested_before_live(playbook),
        day_30_missed(playbook),
        day_14_review(playbook),
        track_record(playbook, branding),
    )


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
            f". These {len(launch)} lead up to the first live interaction: "
            f"{_lower_first(live[1].title)} on {long_date(live[2])}"
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
        (f"{long_date(e.when)} · day {e.held}", e.title, _owner(e, playbook)) for e in launch
    )
    table = Table(("Due", "Milestone", "Owner"), rows, (0, 1.2, 1.3))
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
                    METHODS[item.method],
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
            lists.append(_systems(systems, playbook))
        ready = [
            e
            for e in timeline(playbook)
            if e.kind == "readiness" and (live is None or e.when <= live[2])
        ]
        for entry in ready:
            sentences.append(
                f"Go-live waits for the {_lower_first(entry.title)}, given on "
                f"{long_date(entry.when)} by {person_name(entry.owner_id, playbook.people)}"
                + _what_it_proves(entry.title, entry.deliverable)
            )
    lists.extend(_readiness_reviews(playbook, live[2] if live else None))
    lead = ". ".join(sentences) + "." if sentences else NOT_STATED
    return Answer(question, lead, tuple(lists), table, tuple(gaps), see="certification")


def _systems(systems: Sequence[System], playbook: Playbook) -> Listing:
    """The systems with who sets each up, grouped by whether they are tested yet."""
    named = [f"{s.name} ({person_name(s.owner, playbook.people)})" for s in systems]
    count = len(systems)
    noun = "system" if count == 1 else "systems"
    if not any(s.tested for s in systems):
        return Listing(f"{count} {noun}, none tested yet", tuple(named))
    if all(s.tested for s in systems):
        return Listing(f"{count} {noun}, all tested end to end", tuple(named))
    return Listing(
        f"{count} {noun}",
        tuple(
            f"{name}: {'tested' if s.tested else 'to be tested'}"
            for name, s in zip(named, systems, strict=True)
        ),
    )


def _lower_first(text: str) -> str:
    """A title inside a sentence: "Supervised launch" -> "supervised launch"."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def _what_it_proves(title: str, deliverable: str) -> str:
    """ ", which records ..." for a deliverable that says more than the title does."""
    rest = deliverable
    if rest.lower().startswith(title.lower()):
        rest = rest[len(title) :].lstrip(" ;:,.-")
    return f": {_lower_first(rest)}" if rest else ""


def _readiness_reviews(playbook: Playbook, live: date | None) -> list[Listing]:
    """The agendas of checkpoint reviews held before go-live."""
    if playbook.ramp is None or live is None:
        return []
    return [
        Listing(f"{c.review.title}, day {c.day}", c.review.agenda)
        for c in playbook.ramp.model.spec.checkpoints
        if playbook.date_of(c.day) <= live
    ]


def track_record(playbook: Playbook, branding: Branding) -> Answer:
    question = "What share of past launches went live on schedule?"
    vendor = playbook.engagement.model.spec.vendor.name
    record = branding.track_record
    if record is None:
        table = "a [tool.playbook.vendor.track_record] table (launches, launched_on_schedule)"
        gap = Gap(
            "the settings give no track record of past launches",
            _settings_location(branding),
            f"add {table}"
            if branding.settings_file
            else f"there is no settings file: create playbook.toml with {table}",
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
