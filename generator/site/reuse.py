"""What a generated page keeps of its last build under ``mkdocs serve``.

A page whose Markdown and surroundings did not change is neither converted to HTML nor
indexed for search again: its rendering (HTML body, table of contents, title, anchors,
links to other pages' anchors) and its search entries are put back as they were. At a
hundred engagements those two steps were nine tenths of a rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

#: The search plugin whose index is a list of entries, one per section of a page.
_SEARCH_PLUGIN = "material/search"


@dataclass
class Rendered:
    """A page's rendering by MkDocs, without reference to the build it came from."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]
    #: Links to anchors of other pages, by the linked page's path.
    links: dict[str, dict[str, str]]
    #: The search index's entries for the page; ``None`` when no index is known.
    entries: list[Any] | None


def capture(page: Page, entries: list[Any] | None) -> Rendered:
    """The rendering MkDocs just made of ``page``, with the search ``entries`` made for it."""
    links = {target.src_uri: dict(found) for target, found in (page.links_to_anchors or {}).items()}
    return Rendered(
        content=page.content or "",
        toc=page.toc,
        title=page._title_from_render,
        anchors=set(page.present_anchor_ids or ()),
        links=links,
        entries=entries,
    )


def restore(page: Page, rendered: Rendered, files: Files) -> None:
    """Give ``page`` its last rendering, as if MkDocs had converted it again, but for its
    HTML body (``rendered.content``): the search plugin would scan it for nothing, so it
    is put back once the page is indexed."""
    page.toc = rendered.toc
    page._title_from_render = rendered.title
    page.present_anchor_ids = set(rendered.anchors)
    links = {}
    for path, found in rendered.links.items():
        target = files.get_file_from_path(path)
        if target is not None:
            links[target] = dict(found)
    page.links_to_anchors = links


#: A page's ``search`` setting when it has none.
_ABSENT = object()


class SearchReuse:
    """Keeps the search plugin from indexing a kept page again, and collects the entries
    it makes for the others, one page at a time (its hooks run around the plugin's)."""

    def __init__(self) -> None:
        self._start: int | None = None
        self._skipped: Rendered | None = None
        self._setting: object = _ABSENT

    def before(self, page: Page, config: MkDocsConfig, kept: Rendered | None) -> None:
        """Before the search plugin sees ``page`` (``kept``: its last rendering, if reused)."""
        entries = search_entries(config)
        self._start = None if entries is None else len(entries)
        self._skipped = kept if entries is not None and kept and kept.entries is not None else None
        if self._skipped is not None:
            self._setting = page.meta.get("search", _ABSENT)
            page.meta["search"] = {"exclude": True}

    def after(self, page: Page, config: MkDocsConfig) -> list[Any] | None:
        """After the search plugin saw ``page``: the entries it made for it, or, for a
        page it skipped, ``None`` once the kept entries are put back."""
        entries = search_entries(config)
        if entries is None or self._start is None:
            return None
        if self._skipped is None:
            return entries[self._start :]
        if self._setting is _ABSENT:
            del page.meta["search"]
        else:
            page.meta["search"] = self._setting
        entries.extend(self._skipped.entries or ())
        self._skipped, self._setting = None, _ABSENT
        return None


def search_entries(config: MkDocsConfig) -> list[Any] | None:
    """This build's search index entries, or ``None`` when the search plugin keeps them
    in a shape not known here (then every page is indexed again, as MkDocs would)."""
    index = getattr(config.plugins.get(_SEARCH_PLUGIN), "search_index", None)
    entries = getattr(index, "entries", None)
    return entries if isinstance(entries, list) else None
