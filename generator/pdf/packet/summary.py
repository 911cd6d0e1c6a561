"""The executive summary of a packet: the engagement at a glance, from the playbook's data."""

from __future__ import annotations

from typing import Any

from generator.branding import Branding
from generator.models.kinds import kind_of
from generator.pdf import sections
from generator.pdf.packet.answer import who
from generator.portfolio import Playbook
from generator.rules.red_flags import go_live
from generator.views.context import TimelineEntry, events, timeline
from generator.views.text import long_date, number, person_name

JSON = dict[str, Any]


def summary(view: Playbook, branding: Branding) -> JSON:
    """Four figures at a glance, the objectives, the reviews, service levels, people."""
    spec = view.engagement.model.spec
    brief = view.brief
    return {
        "text": brief.model.spec.summary if brief else spec.summary,
        "objectives": list(brief.model.spec.objectives) if brief else [],
        "glance": [_go_live(view), _milestones(view), _checks(view), _record(branding)],
        "reviews": [
            {
                "day": f"Day {entry.held}",
                "date": long_date(entry.when),
                "title": entry.title,
                "owner": person_name(entry.owner_id, view.people),
            }
            for entry in _reviews(view)
        ],
        "sla": sections.targets(view, brief.model.spec.sla.targets)
        if brief and brief.model.spec.sla
        else [],
        "team": [who(p.id, view) for p in spec.people if p.accountable],
        # Each document by its title and the part that holds it (linked, with its page).
        "documents": [
            {"title": doc.model.title, "part": getattr(kind_of(doc.kind), "part", None)}
            for doc in (view.brief, view.ramp, view.escalation, view.certification)
            if doc is not None
        ],
    }


def _reviews(view: Playbook) -> list[TimelineEntry]:
    """Checkpoint reviews and review milestones, each meeting once."""
    return [e for e in events(view) if e.kind in ("checkpoint", "review")]


def _figure(figure: str, label: str, detail: str) -> JSON:
    return {"figure": figure, "label": label, "detail": detail}


def _go_live(view: Playbook) -> JSON:
    live = go_live(view)
    if live is None:
        return _figure("–", "First live interaction", "Not stated")
    day = view.engagement.model.spec.day_of(live[2])
    return _figure(long_date(live[2]), "First live interaction", f"Day {day}: {live[1].title}")


def _milestones(view: Playbook) -> JSON:
    entries = [e for e in timeline(view) if e.kind != "checkpoint"]
    if not entries:
        return _figure("–", "Milestones with named owners", "Not stated")
    span = f"{long_date(entries[0].when)} – {long_date(entries[-1].when)}"
    return _figure(str(len(entries)), "Milestones, each with one named owner", span)


def _checks(view: Playbook) -> JSON:
    checklist = view.certification
    if checklist is None:
        return _figure("–", "Certification checks before go-live", "Not stated")
    items = [i for m in checklist.model.spec.modules for i in m.items if i.required]
    if not items:
        return _figure("0", "Certification checks before go-live", "No required check")
    marks = sorted({i.pass_threshold for i in items})
    span = f"{number(marks[0])}%" if len(marks) == 1 else f"{number(marks[0])}–{number(marks[-1])}%"
    gate = "required before going live" if checklist.model.spec.gate.go_live else "not a gate"
    return _figure(str(len(items)), "Certification checks per agent", f"Pass marks {span}, {gate}")


def _record(branding: Branding) -> JSON:
    record = branding.track_record
    if record is None:
        return _figure("–", "Launches on schedule", "Not stated")
    share = round(100 * record.launched_on_schedule / record.launches)
    detail = f"{record.launched_on_schedule} of {record.launches}"
    if record.period:
        detail += f", {record.period}"
    return _figure(f"{share}%", "Past launches live on schedule", detail)
