"""An engagement's milestones and checkpoint reviews as an iCalendar (RFC 5545) file.

Each item is an all-day event on its due date; its owner is the organizer and, for
reviews, the attendees are invited. The same playbook gives the same bytes: event ids
come from the engagement and item ids, and the stamp from the sources' time.

Written directly rather than through a calendar library: the site carries one file per
engagement, and a general-purpose writer took about a quarter of the site's own
rendering time. The tests read every file back with an independent parser.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from generator.models import Person
from generator.portfolio import Playbook
from generator.views.context import TimelineEntry, timeline
from generator.views.text import label, person_label

PRODUCT_ID = "-//playbook-generator//Engagement playbooks//EN"
_LINE_OCTETS = 75
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def calendar(
    playbook: Playbook, stamp: datetime, entries: list[TimelineEntry] | None = None
) -> bytes:
    """The ``.ics`` file of ``playbook``'s timeline; ``stamp`` is every event's DTSTAMP."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(playbook.title)}",
        f"X-WR-TIMEZONE:{_text(playbook.engagement.model.spec.timezone)}",
    ]
    moment = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for entry in timeline(playbook) if entries is None else entries:
        lines.extend(_event(playbook, entry, moment))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _event(playbook: Playbook, entry: TimelineEntry, moment: str) -> Iterator[str]:
    kind = "Checkpoint review" if entry.kind == "checkpoint" else label(entry.kind)
    details = [
        f"{kind}, day {entry.day} of {playbook.title}",
        f"Owner: {person_label(entry.owner_id, playbook.people)}",
        f"Deliverable: {entry.deliverable}",
    ]
    if entry.kind != "checkpoint":
        details.append(f"Status: {label(entry.status)}")
    where = "-".join(str(part) for part in entry.path)
    yield "BEGIN:VEVENT"
    yield f"UID:{playbook.id}.{entry.document.kind}.{where}@playbook"
    yield f"DTSTAMP:{moment}"
    yield f"DTSTART;VALUE=DATE:{_date(entry.when)}"
    yield f"DTEND;VALUE=DATE:{_date(entry.when + timedelta(days=1))}"
    yield f"SUMMARY:{_text(entry.title)}"
    yield f"DESCRIPTION:{_text(chr(10).join(details))}"
    yield f"CATEGORIES:{_text(kind)}"
    if entry.status in {"done", "cancelled"}:
        yield f"STATUS:{'CANCELLED' if entry.status == 'cancelled' else 'CONFIRMED'}"
    if entry.owner is not None and entry.owner.email:
        yield f"ORGANIZER;{_name(entry.owner)}:mailto:{entry.owner.email}"
    invited = [entry.owner] if entry.owner is not None else []
    invited += [person for person in entry.attendees if person is not entry.owner]
    for person in invited:
        if person is not None and person.email:
            role = "CHAIR" if person is entry.owner else "REQ-PARTICIPANT"
            yield f"ATTENDEE;{_name(person)};ROLE={role}:mailto:{person.email}"
    yield "END:VEVENT"


def _date(when: date) -> str:
    return when.strftime("%Y%m%d")


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped."""
    return value.translate(_TEXT_ESCAPES)


def _name(person: Person) -> str:
    # A quoted parameter value cannot hold a double quote or a control character.
    cleaned = "".join(c for c in person.name if c >= " " and c != '"')
    return f'CN="{cleaned}"'


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on lines starting with a space."""
    data = line.encode("utf-8")
    if len(data) <= _LINE_OCTETS:
        return line
    parts: list[str] = []
    limit = _LINE_OCTETS
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:  # not inside a character
            cut -= 1
        parts.append(data[:cut].decode("utf-8"))
        data = data[cut:]
        limit = _LINE_OCTETS - 1  # the leading space counts
    return "\r\n ".join(parts)
