"""The shape of the site's navigation, so that it stays small as engagements multiply.

MkDocs derives a navigation from the folders. This puts the generated pages in reading
order, names each engagement's section after the engagement, and, past ``group_size``
engagements, groups them alphabetically so no level holds more than ``group_size``
entries: with ``navigation.prune`` every page then carries a navigation of bounded
size and the build time grows linearly with the number of engagements.
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from generator.portfolio import Playbook, Portfolio
from generator.render.engagement_pages import READINESS_PAGE, document_pages
from generator.render.markup import attribute
from generator.render.person_pages import PEOPLE

#: Top-level pages and folders in the order the navigation shows them; others follow.
TOP_ORDER = ("index.md", "upcoming.md", "{folder}", "metrics.md", "reference", "guides")


def _engagement_order() -> list[str]:
    return ["index.md", *document_pages(), f"{READINESS_PAGE}.md"]


#: One entry of a navigation in MkDocs' ``nav:`` form: a page path, or a titled section.
NavEntry = str | dict[str, list["NavEntry"]]


def outline(portfolio: Portfolio, folder: str, group_size: int) -> list[NavEntry]:
    """The engagements part of the navigation, in the form of MkDocs' ``nav:`` setting.

    The list of all engagements, then one section per engagement (overview first,
    documents in reading order), grouped alphabetically past ``group_size``.
    """
    order = _engagement_order()
    sections: list[NavEntry] = [
        {
            attribute(p.title): [
                *(f"{folder}/{p.id}/{name}" for name in order),
                {"People": _people(p, f"{folder}/{p.id}/{PEOPLE}")},
            ]
        }
        for p in sorted(portfolio.playbooks, key=lambda p: (p.title.casefold(), p.id))
    ]
    if len(sections) > group_size:
        sections = [
            _group(sections[start : start + group_size])
            for start in range(0, len(sections), group_size)
        ]
    return [f"{folder}/index.md", *sections]


def _people(playbook: Playbook, base: str) -> list[NavEntry]:
    """The people index, then a page per person in roster order."""
    roster = playbook.engagement.model.spec.people
    return [f"{base}/index.md", *(f"{base}/{person.id}.md" for person in roster)]


def _group(chunk: list[NavEntry]) -> NavEntry:
    first, last = (next(iter(entry)) for entry in (chunk[0], chunk[-1]) if isinstance(entry, dict))
    return {f"{_short(first)} – {_short(last)}": chunk}


def _short(title: str, limit: int = 24) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def shape_navigation(nav: Navigation, engagements: list[NavEntry], folder: str) -> Navigation:
    """The navigation MkDocs derived from the files, with ``engagements`` (an
    :func:`outline`) as its engagements section and the top level in reading order."""
    pages = {page.file.src_uri: page for page in nav.pages}
    section = Section("Engagements", _build(engagements, pages))
    items = [section if _top_key(item) == folder else item for item in nav.items]
    order = [key.format(folder=folder) for key in TOP_ORDER]
    items.sort(key=lambda item: order.index(k) if (k := _top_key(item)) in order else len(order))
    ordered = _pages_of(items)
    _link(items, ordered)
    return Navigation(items, ordered)


def _build(entries: list[NavEntry], pages: dict[str, Page]) -> list[StructureItem]:
    """Sections and pages for ``entries``; paths without a page are left out."""
    built: list[StructureItem] = []
    for entry in entries:
        if isinstance(entry, str):
            if entry in pages:
                built.append(pages[entry])
            continue
        for title, children in entry.items():
            built.append(Section(title, _build(children, pages)))
    return built


def _top_key(item: StructureItem) -> str:
    """The file or folder a top-level item stands for: ``upcoming.md``, ``reference``."""
    if isinstance(item, Page):
        return item.file.src_uri
    if isinstance(item, Section):
        for page in _pages_of([item]):
            return page.file.src_uri.split("/", 1)[0]
    return ""


def _pages_of(items: Sequence[StructureItem]) -> list[Page]:
    found: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found.extend(_pages_of(item.children))
    return found


def _link(items: Sequence[StructureItem], pages: list[Page]) -> None:
    """Parents, previous and next pages, as MkDocs sets them on the navigation it builds."""
    for item in items:
        item.parent = None
        _adopt(item)
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None


def _adopt(item: StructureItem) -> None:
    if isinstance(item, Section):
        for child in item.children:
            child.parent = item
            _adopt(child)
