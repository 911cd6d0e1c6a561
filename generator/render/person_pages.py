"""Each person's page of an engagement, with a calendar of their own, and the line under
an overview's status that says which documents wait for the reader's party.

Made from the playbook as the site's reader sees it: a client's site has pages for the
people the client may see, holding nothing internal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from markupsafe import Markup

from generator.audience import PARTY_READERS, reader
from generator.models import Person
from generator.portfolio import Playbook
from generator.render.calendar import calendar
from generator.render.environment import render
from generator.render.markup import inline, link
from generator.render.page import Page, SiteOptions, markdown_page
from generator.views.duties import agenda
from generator.views.progress import Standing
from generator.views.tracking import Tracked

if TYPE_CHECKING:
    from generator.render.engagement_pages import DocumentView

#: Folder of an engagement's person pages, inside its own.
PEOPLE: Final = "people"
#: How far ahead a person's page lists what falls due.
AHEAD_DAYS: Final = 30


@dataclass(frozen=True)
class Involvement:
    """A milestone or review of the timeline, and the person's part in it."""

    item: Tracked
    part: str


def people_pages(
    playbook: Playbook, options: SiteOptions, state: Standing, items: list[Tracked]
) -> list[Page]:
    """The engagement's people index, and a page and a calendar for each person."""
    base = f"{options.folder}/{playbook.id}/{PEOPLE}"
    people = playbook.engagement.model.spec.people
    common = {"people": playbook.people, "metrics": playbook.metrics, "pb": playbook}
    agendas = [(person, agenda(playbook, person, options.today, AHEAD_DAYS)) for person in people]
    pages = [
        markdown_page(
            f"{base}/index.md",
            f"People: {playbook.engagement.model.spec.client.name}",
            render("people.md.j2", rows=agendas, today=options.today, **common),
        )
    ]
    for person, mine in agendas:
        involved = list(_involved(items, person))
        feed = f"{person.id}.ics"
        pages.append(
            markdown_page(
                f"{base}/{person.id}.md",
                f"{person.name}: {playbook.engagement.model.spec.client.name}",
                render(
                    "person.md.j2",
                    person=person,
                    agenda=mine,
                    involved=involved,
                    actions=[a for a in state.actions if a.action.owner == person.id],
                    calendar=feed,
                    ahead=AHEAD_DAYS,
                    today=options.today,
                    **common,
                ),
            )
        )
        pages.append(
            Page(
                f"{base}/{feed}",
                calendar(
                    playbook,
                    options.stamp,
                    [i.item for i in involved],
                    audience=options.audience,
                    person=person,
                    actions=[a for a in state.open_actions if a.action.owner == person.id],
                ),
            )
        )
    return pages


def _involved(items: list[Tracked], person: Person) -> Iterator[Involvement]:
    for item in items:
        if item.entry.owner_id == person.id:
            yield Involvement(item, "owner")
        elif any(a is not None and a.id == person.id for a in item.entry.attendees):
            yield Involvement(item, "attends")


def awaiting_lines(views: Sequence[DocumentView], audience: str) -> list[Markup]:
    """``2 documents await the client's sign-off: 30/60/90-day plan, Scorecard``, for each
    party the reader is (the vendor's team reads for both)."""
    everyone = reader(audience).vendor_team
    lines = []
    for party, party_reader in PARTY_READERS.items():
        if not everyone and party_reader != audience:
            continue
        waiting = [
            view
            for view in views
            if view.doc.model.metadata.status in ("review", "approved")
            and not any(s.party == party and s.current for s in view.approval.signoffs)
        ]
        if not waiting:
            continue
        count = len(waiting)
        noun = "document awaits" if count == 1 else "documents await"
        named = ", ".join(str(link(view.title, view.href)) for view in waiting)
        lines.append(Markup(f"{count} {noun} the {inline(party)}'s sign-off: {named}"))
    return lines
