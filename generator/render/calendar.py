"""An engagement's milestones and checkpoint reviews as an iCalendar (RFC 5545) file.

Each item is an all-day event on its due date; its owner is the organizer and, for
reviews, the attendees are invited. The same playbook gives the same bytes: event ids
come from the engagement and item ids, the stamp from the sources' time, and the
status from the scorecard (a re-planned milestone moves to its new date).

Written directly rather than through a calendar library: the site carries one file per
engagement, and a general-purpose writer took about a quarter of the site's own
rendering time. The tests read every file back with an independent parser.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from generator.models import Person
from generator.models.ramp import Review
from generator.portfolio import Playbook
from generator.views.context import TimelineEntry
from generator.views.progress import ActionStatus, days, standing
from generator.views.text import label, long_date, metric_name, person_label
from generator.views.tracking import Tracked, tracked

PRODUCT_ID = "-//playbook-generator//Engagement playbooks//EN"
#: A review meeting without a stated duration runs this long.
_MEETING_MINUTES: Final = 60
_LINE_OCTETS = 75
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def calendar(
    playbook: Playbook,
    stamp: datetime,
    items: list[Tracked] | None = None,
    *,
    audience: str,
    person: Person | None = None,
    actions: Sequence[ActionStatus] = (),
) -> bytes:
    """The ``.ics`` file of ``playbook``'s timeline; ``stamp`` is every event's DTSTAMP.

    ``playbook`` is already filtered for ``audience``, whom the calendar's name names.
    ``items`` is the timeline as it stands (:func:`generator.views.progress.tracked`);
    by default as it stands on the day of ``stamp``. A ``person``'s calendar is named
    for them, and holds their corrective ``actions`` too.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(_name_of(playbook, audience, person))}",
        f"X-WR-TIMEZONE:{_text(playbook.engagement.model.spec.timezone)}",
    ]
    moment = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    if items is None:
        items = tracked(playbook, standing(playbook, stamp.date()))
    for item in items:
        lines.extend(_event(playbook, item, moment))
    for action in actions:
        lines.extend(_action_event(playbook, action, moment))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _name_of(playbook: Playbook, audience: str, person: Person | None) -> str:
    whose = f"{person.name}: " if person is not None else ""
    return f"{whose}{playbook.title} ({audience} copy)"


def _action_event(playbook: Playbook, status: ActionStatus, moment: str) -> Iterator[str]:
    """A corrective action as an all-day event on its due date."""
    action = status.action
    details = [
        f"Corrective action for {metric_name(status.metric, playbook.metrics)}, "
        f"day {status.day} of {playbook.title}",
        f"Owner: {person_label(action.owner, playbook.people)}",
    ]
    yield "BEGIN:VEVENT"
    yield f"UID:{playbook.id}.action.{action.id}@playbook"
    yield f"DTSTAMP:{moment}"
    yield f"DTSTART;VALUE=DATE:{_date(action.due)}"
    yield f"DTEND;VALUE=DATE:{_date(action.due + timedelta(days=1))}"
    yield f"SUMMARY:{_text('Action: ' + action.title)}"
    yield f"DESCRIPTION:{_text(chr(10).join(details))}"
    yield "CATEGORIES:Corrective action"
    yield "END:VEVENT"


def _event(playbook: Playbook, item: Tracked, moment: str) -> Iterator[str]:
    """One event, keyed by the item's id (never its place in a list) so inserting a
    milestone changes no other event; SEQUENCE counts the scorecard's changes to it."""
    entry = item.entry
    kind = "Checkpoint review" if entry.kind == "checkpoint" else label(entry.kind)
    details = [
        f"{kind}, day {entry.held} of {playbook.title}",
        f"Owner: {person_label(entry.owner_id, playbook.people)}",
        f"Deliverable: {entry.deliverable}",
    ]
    if entry.kind != "checkpoint":
        details.append(f"Status: {_status(item)}")
    if item.due != entry.when and not item.done:
        details.append(f"Planned for {long_date(entry.when)}")
    yield "BEGIN:VEVENT"
    family = "review" if entry.kind == "checkpoint" else "milestone"
    yield f"UID:{playbook.id}.{family}.{entry.id}@playbook"
    yield f"DTSTAMP:{moment}"
    yield f"SEQUENCE:{item.changes}"
    yield from _when(playbook, item)
    yield f"SUMMARY:{_text(entry.title)}"
    yield f"DESCRIPTION:{_text(chr(10).join(details))}"
    yield f"CATEGORIES:{_text(kind)}"
    if entry.status == "cancelled" or item.state == "cancelled":
        yield "STATUS:CANCELLED"
    elif item.done:
        yield "STATUS:CONFIRMED"
    if entry.owner is not None and entry.owner.email:
        yield f"ORGANIZER;{_name(entry.owner)}:mailto:{entry.owner.email}"
    invited = [entry.owner] if entry.owner is not None else []
    invited += [person for person in entry.attendees if person is not entry.owner]
    for person in invited:
        if person is not None and person.email:
            role = "CHAIR" if person is entry.owner else "REQ-PARTICIPANT"
            yield f"ATTENDEE;{_name(person)};ROLE={role}:mailto:{person.email}"
    yield "END:VEVENT"


def _status(item: Tracked) -> str:
    """The status as it stays true until the next change: no "in 3 days" or "overdue"."""
    if item.done or item.state == "cancelled":
        return item.words
    moved = item.replanned_by
    if moved:
        return f"Re-planned {'+' if moved > 0 else '-'}{days(abs(moved))}"
    return "Planned"


def _when(playbook: Playbook, item: Tracked) -> Iterator[str]:
    """An all-day event on the date, or a meeting when the plan gives the review's time."""
    review = _review(playbook, item.entry)
    day = item.due
    if review is None or review.time is None:
        yield f"DTSTART;VALUE=DATE:{_date(day)}"
        yield f"DTEND;VALUE=DATE:{_date(day + timedelta(days=1))}"
        return
    zone = ZoneInfo(playbook.engagement.model.spec.timezone)
    hours, minutes = (int(part) for part in review.time.split(":"))
    start = datetime.combine(day, time(hours, minutes), tzinfo=zone).astimezone(UTC)
    end = start + timedelta(minutes=review.duration or _MEETING_MINUTES)
    yield f"DTSTART:{start:%Y%m%dT%H%M%SZ}"
    yield f"DTEND:{end:%Y%m%dT%H%M%SZ}"


def _review(playbook: Playbook, entry: TimelineEntry) -> Review | None:
    if entry.kind != "checkpoint" or playbook.ramp is None:
        return None
    node: Any = playbook.ramp.model
    for step in entry.path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node if isinstance(node, Review) else None


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
