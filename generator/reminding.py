"""Reminders where people already look: a Markdown digest per engagement for a GitHub
issue (its @-mentions notify each person), one e-mail message per person, and JSON for
chat webhooks.

The digest and the JSON are read by both parties, so they are made from the client's
edition of each engagement: nothing internal is in them. An e-mail goes to one person
only and holds what their own party may read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from typing import Any, Final
from zoneinfo import ZoneInfo

from generator.audience import PARTY_READERS, for_audience
from generator.errors import PlaybookError
from generator.models import Person
from generator.portfolio import Playbook, Portfolio
from generator.views.duties import Agenda, Duty, agendas
from generator.views.text import long_date

#: RFC 5322 with CRLF line ends; headers are not folded below its hard limit of 998
#: characters, so a subject reads the same in every client.
_POLICY: Final = SMTP.clone(max_line_length=998)
#: The hour of the reminder's day its e-mail is dated, in the engagement's time zone.
_SENT_AT: Final = time(8, 0)
_SECTIONS: Final = (
    ("overdue", "Overdue"),
    ("coming", "Due by {until}"),
    ("signoffs", "Awaiting your sign-off"),
    ("actions", "Corrective actions due later"),
)


class ReminderError(PlaybookError):
    """A reminder cannot be made as asked."""


@dataclass(frozen=True)
class Reminders:
    """One engagement's reminders on one day."""

    playbook: Playbook
    today: date
    horizon: int
    #: Each person's agenda as the client's edition shows it: for what both parties read.
    shared: tuple[Agenda, ...]
    #: Each person's agenda as their own party's edition shows it: for them alone.
    own: tuple[Agenda, ...]

    @property
    def until(self) -> date:
        return self.today + timedelta(days=self.horizon)


def reminders(portfolio: Portfolio, today: date, horizon: int) -> list[Reminders]:
    """The reminders of each engagement of ``portfolio`` (the vendor team's, unfiltered)."""
    found = []
    for playbook in portfolio.playbooks:
        editions = {
            party: _edition(portfolio, playbook, reader) for party, reader in PARTY_READERS.items()
        }
        client = editions["client"]
        shared = tuple(agendas(client, today, horizon)) if client else ()
        own = tuple(
            agenda
            for party, edition in editions.items()
            if edition is not None
            for agenda in agendas(edition, today, horizon)
            if agenda.person.party == party
        )
        found.append(Reminders(playbook, today, horizon, shared, own))
    return found


def _edition(portfolio: Portfolio, playbook: Playbook, reader: str) -> Playbook | None:
    filtered = for_audience(portfolio, reader, (playbook.id,))  # type: ignore[arg-type]
    return filtered.get(playbook.id)


def _who(person: Person) -> str:
    """``@malvarez (Marco Alvarez)``, or the name alone without a GitHub handle."""
    if person.github and "/" not in person.github:
        return f"@{person.github.lstrip('@')} ({person.name})"
    return person.name


def _lines(agenda: Agenda, until: date, bullet: str = "- ") -> list[str]:
    lines: list[str] = []
    for name, heading in _SECTIONS:
        duties: tuple[Duty, ...] = getattr(agenda, name)
        if not duties:
            continue
        lines.append(heading.format(until=long_date(until)))
        lines += [f"{bullet}{_said(duty)}" for duty in duties]
        lines.append("")
    return lines


def _said(duty: Duty) -> str:
    if duty.kind == "signoff":
        return f"{duty.title}: {duty.words}"
    return f"{duty.title} ({duty.kind}): {duty.words}"


def markdown_digest(found: Reminders) -> str:
    """The engagement's digest for a GitHub issue: each person who owes anything, by
    @-mention, with what they owe; from the client's edition."""
    title = found.playbook.title
    lines = [
        f"## Due this week: {title}",
        "",
        f"As of {long_date(found.today)}: what is overdue, what falls due by "
        f"{long_date(found.until)}, and the documents that wait for a sign-off.",
        "",
    ]
    if not found.shared:
        lines += ["Nothing is overdue, due or waiting for a sign-off.", ""]
    for agenda in found.shared:
        lines += [f"### {_who(agenda.person)}", ""]
        for text in _lines(agenda, found.until):
            lines.append(f"**{text}**" if text and not text.startswith("- ") else text)
    return "\n".join(lines).rstrip() + "\n"


def sender_address(sender: str) -> str:
    """``sender`` as a From header, refusing what is not an e-mail address."""
    name, spec = parseaddr(sender)
    try:
        header = str(Address(display_name=name, addr_spec=spec))
    except (ValueError, IndexError):
        spec = ""
    if "@" not in spec:
        raise ReminderError(
            f"--from {sender!r} is not an e-mail address; write it as "
            "'Harbor CX <reminders@harborcx.example>' or reminders@harborcx.example"
        )
    return header


def email_messages(found: Reminders, sender: str) -> dict[str, bytes]:
    """One RFC 5322 message per person with an e-mail address, by roster id, from
    ``sender`` (a From header, :func:`sender_address`)."""
    zone = ZoneInfo(found.playbook.engagement.model.spec.timezone)
    sent = datetime.combine(found.today, _SENT_AT, tzinfo=zone)
    messages = {}
    for agenda in found.own:
        person = agenda.person
        if not person.email:
            continue
        message = EmailMessage(policy=_POLICY)
        message["From"] = sender
        message["To"] = str(Address(display_name=person.name, addr_spec=person.email))
        message["Subject"] = _subject(found.playbook.title, agenda)
        message["Date"] = format_datetime(sent)
        body = _email_body(found, agenda)
        ident = hashlib.sha256(f"{person.id}\n{body}".encode()).hexdigest()[:32]
        message["Message-ID"] = f"<{ident}.{found.playbook.id}@playbook.invalid>"
        message.set_content(body)
        messages[person.id] = message.as_bytes()
    return messages


def _subject(title: str, agenda: Agenda) -> str:
    parts = []
    if agenda.overdue:
        parts.append(f"{len(agenda.overdue)} overdue")
    if agenda.coming:
        parts.append(f"{len(agenda.coming)} due this week")
    if agenda.signoffs:
        count = len(agenda.signoffs)
        parts.append(f"{count} sign-off{'s' if count != 1 else ''} awaited")
    return f"{title}: " + (", ".join(parts) or "your open actions")


def _email_body(found: Reminders, agenda: Agenda) -> str:
    first = agenda.person.name.split()[0]
    lines = [
        f"Hello {first},",
        "",
        f"As of {long_date(found.today)}, in {found.playbook.title}:",
        "",
        *_lines(agenda, found.until),
        "This reminder was made from the engagement's playbooks.",
    ]
    return "\n".join(lines) + "\n"


def as_json(found: Reminders) -> dict[str, Any]:
    """The engagement's reminders for a chat webhook, from the client's edition."""
    return {
        "engagement": found.playbook.id,
        "title": found.playbook.title,
        "as_of": found.today.isoformat(),
        "until": found.until.isoformat(),
        "people": [
            {
                "id": agenda.person.id,
                "name": agenda.person.name,
                "party": agenda.person.party,
                "github": agenda.person.github,
                **{
                    name: [
                        {
                            "date": duty.when.isoformat(),
                            "title": duty.title,
                            "kind": duty.kind,
                            "words": duty.words,
                        }
                        for duty in getattr(agenda, name)
                    ]
                    for name, _ in _SECTIONS
                },
                "text": "\n".join(_lines(agenda, found.until)).rstrip(),
            }
            for agenda in found.shared
        ],
    }


def json_text(found: Reminders) -> str:
    return json.dumps(as_json(found), indent=2, ensure_ascii=False) + "\n"
