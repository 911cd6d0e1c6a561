"""An engagement's milestones and checkpoint reviews as an iCalendar (.ics) file.

Each item is an all-day event on its due date; its owner is the organizer and, for
reviews, the attendees are invited. The same playbook gives the same bytes: event ids
come from the engagement and item ids, and the stamp from the sources' time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar

from generator.models import Person
from generator.portfolio import Playbook
from generator.render.context import TimelineEntry, timeline
from generator.render.text import label, person_label

PRODUCT_ID = "-//playbook-generator//Engagement playbooks//EN"


def calendar(playbook: Playbook, stamp: datetime) -> bytes:
    """The ``.ics`` file of ``playbook``'s timeline; ``stamp`` is every event's DTSTAMP."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", playbook.title)
    cal.add("x-wr-timezone", playbook.engagement.model.spec.timezone)
    for entry in timeline(playbook):
        cal.add_component(_event(playbook, entry, stamp))
    return bytes(cal.to_ical())


def _event(playbook: Playbook, entry: TimelineEntry, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid(playbook, entry))
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.when)
    event.add("dtend", entry.when + timedelta(days=1))
    event.add("summary", entry.title)
    kind = "Checkpoint review" if entry.kind == "checkpoint" else label(entry.kind)
    lines = [
        f"{kind}, day {entry.day} of {playbook.title}",
        f"Owner: {person_label(entry.owner_id, playbook.people)}",
        f"Deliverable: {entry.deliverable}",
    ]
    if entry.kind != "checkpoint":
        lines.append(f"Status: {label(entry.status)}")
    event.add("description", "\n".join(lines))
    event.add("categories", [kind])
    if entry.status in {"done", "cancelled"}:
        event.add("status", "CANCELLED" if entry.status == "cancelled" else "CONFIRMED")
    if entry.owner is not None and entry.owner.email:
        event.add("organizer", _address(entry.owner, "CHAIR"))
    invited = [entry.owner] if entry.owner is not None else []
    invited += [p for p in entry.attendees if p is not entry.owner]
    for person in invited:
        if person is not None and person.email:
            event.add("attendee", _address(person, "CHAIR" if person is entry.owner else None))
    return event


def _uid(playbook: Playbook, entry: TimelineEntry) -> str:
    where = "-".join(str(part) for part in entry.path)
    return f"{playbook.id}.{entry.document.kind}.{where}@playbook"


def _address(person: Person, role: str | None) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = icalendar.vText(person.name)
    if role:
        address.params["role"] = icalendar.vText(role)
    return address
