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
from generator.render.engagement_pages import DOCUMENT_PAGES
from generator.render.markup import attribute

#: Top-level pages and folders in the order the navigation shows them; others follow.
TOP_ORDER = ("index.md", "upcoming.md", "{folder}", "metrics.md", "reference", "guides")
_ENGAGEMENT_ORDER = ("index.md", *(f"{name}.md" for name in DOCUMENT_PAGES.values()))


def shape_navigation(
    nav: Navigation, portfolio: Portfolio, folder: str, group_size: int
) -> Navigation:
    """The navigation MkDocs derived from the files, reshaped as described above."""
    pages = {page.file.src_uri: page for page in nav.pages}
    engagements = [
        _engagement(playbook, pages, folder)
        for playbook in sorted(portfolio.playbooks, key=lambda p: (p.title.casefold(), p.id))
    ]
    listing = pages.get(f"{folder}/index.md")
    children: list[StructureItem] = [listing] if listing is not None else []
    children.extend(_grouped(engagements, group_size))
    section = Section("Engagements", children)
    items = [section if _top_key(item) == folder else item for item in nav.items]
    order = [key.format(folder=folder) for key in TOP_ORDER]
    items.sort(key=lambda item: order.index(k) if (k := _top_key(item)) in order else len(order))
    ordered = _pages_of(items)
    _link(items, ordered)
    return Navigation(items, ordered)


def _engagement(playbook: Playbook, pages: dict[str, Page], folder: str) -> Section:
    base = f"{folder}/{playbook.id}/"
    found = [pages[base + name] for name in _ENGAGEMENT_ORDER if base + name in pages]
    return Section(attribute(playbook.title), list(found))


def _grouped(sections: list[Section], size: int) -> list[Section]:
    if len(sections) <= size:
        return sections
    groups = []
    for start in range(0, len(sections), size):
        chunk = sections[start : start + size]
        title = f"{_short(chunk[0].title)} – {_short(chunk[-1].title)}"
        groups.append(Section(title, list(chunk)))
    return groups


def _short(title: str, limit: int = 24) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


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
