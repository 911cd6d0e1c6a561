"""Fast rebuilds under ``mkdocs serve``: an edit re-does only what it changed.

MkDocs rebuilds every page on each change. While serving, the plugin keeps:

- every playbook file as last read and checked, by modification time and size, so
  validation reads only the edited files (the rules across files always run);
- every engagement's rendered pages, re-rendered only when one of its files changed;
- every page as last built: its Markdown, its rendering and search entries
  (:mod:`generator.site.reuse`) and its HTML. A page whose Markdown is unchanged, in a
  build whose navigation is unchanged, gets them back instead of being converted,
  indexed and rendered with the theme again;
- the theme's compiled templates.

``mkdocs build`` uses none of this: a build always starts from nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import jinja2
import jinja2.bccache

from generator.portfolio import Portfolio
from generator.readiness import Readiness
from generator.render.engagement_pages import engagement_pages
from generator.render.page import Page, SiteOptions, markdown_page
from generator.render.portfolio_pages import portfolio_pages
from generator.render.reference import reference_pages
from generator.site.reuse import Rendered
from generator.validation.pipeline import FileCache

#: The template a reused page is rendered with: nothing, its old HTML is put back.
REUSE_TEMPLATE = "playbooks-reuse.html"


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory: MkDocs makes a new environment for each
    rebuild, and compiling the theme's templates again took a good part of a rebuild.
    Entries are keyed by the template source's checksum, so an edited override is
    compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._compiled.get(f"{bucket.key}:{bucket.checksum}")
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[f"{bucket.key}:{bucket.checksum}"] = bucket.bytecode_to_string()


@dataclass
class Built:
    """A generated page as its last build left it."""

    markdown: str
    rendered: Rendered
    html: str


@dataclass
class Preview:
    """What a serving plugin keeps from one build to the next."""

    files: FileCache = field(default_factory=dict)
    _engagements: dict[str, tuple[Hashable, list[Page]]] = field(default_factory=dict)
    _reference: list[Page] = field(default_factory=list)
    _built: dict[str, Built] = field(default_factory=dict)
    _signature: Hashable = None
    _markdown: dict[str, str] = field(default_factory=dict)
    reused: set[str] = field(default_factory=set)
    stamp: datetime | None = None
    #: The generated Markdown pages of the last build that had no errors.
    _good: list[str] = field(default_factory=list)
    templates: TemplateCache = field(default_factory=TemplateCache)

    def render(
        self,
        portfolio: Portfolio,
        options: SiteOptions,
        reviews: Mapping[str, Readiness] | None = None,
    ) -> list[Page]:
        """The same pages as :func:`~generator.render.pages.render_site`, re-rendering
        only the engagements whose files changed."""
        pages = portfolio_pages(portfolio, options)
        kept: dict[str, tuple[Hashable, list[Page]]] = {}
        for playbook in portfolio.playbooks:
            # Unchanged files are the very same objects (see ``files``): comparing their
            # text is an identity check.
            review = (reviews or {}).get(playbook.id)
            key = (
                options,
                review,
                tuple(doc.source.text for doc in playbook.documents()),
                tuple(doc.source.text for doc in playbook.shared_catalogs),
            )
            known = self._engagements.get(playbook.id)
            rendered = known[1] if known and known[0] == key else None
            if rendered is None:
                rendered = engagement_pages(playbook, options, review)
            kept[playbook.id] = (key, rendered)
            pages.extend(rendered)
        self._engagements = kept
        if not self._reference:
            self._reference = reference_pages()  # depends on the code only
        pages.extend(self._reference)
        return pages

    def plan(self, pages: list[Page], signature: Hashable) -> None:
        """Choose the pages of this build that can reuse their last build.

        ``signature`` stands for everything else a page's HTML depends on (navigation,
        configuration, build date); when it changes, nothing is reused.
        """
        if signature != self._signature:
            self._built.clear()
            self._signature = signature
        self._markdown = {p.path: p.content for p in pages if isinstance(p.content, str)}
        if not any(isinstance(p.content, str) and _ERROR_MARK in p.content for p in pages):
            self._good = [p.path for p in pages if p.path.endswith(".md")]
        self.reused = {
            path
            for path, markdown in self._markdown.items()
            if path in self._built and self._built[path].markdown == markdown
        }

    def error_paths(self) -> list[str]:
        """Where the report of a failed build is shown: the home page and every page the
        last good build generated, so the page the browser shows turns into the report."""
        return sorted({"index.md", *self._good})

    def kept(self, path: str) -> Built | None:
        """The last build of the page at ``path``, when this build reuses it."""
        return self._built[path] if path in self.reused else None

    def remember(self, path: str, rendered: Rendered, html: str) -> None:
        """Keep a freshly built generated page for the next build."""
        markdown = self._markdown.get(path)
        if markdown is not None:
            self._built[path] = Built(markdown, rendered, html)


#: Marks the pages that show a failed build's report instead of the playbooks.
_ERROR_MARK = "<!-- playbooks: errors -->"


def error_page(path: str, report: str) -> Page:
    """A page that shows ``report``, the located problems `playbook validate` prints."""
    code = "\n".join(f"    {line}" if line else "" for line in report.splitlines())
    body = (
        f"{_ERROR_MARK}\n\n"
        '!!! failure "The playbooks have errors"\n\n'
        "    The site shows the playbooks again once they are fixed: this page reloads\n"
        "    when a file is saved.\n\n"
        f"{code}\n"
    )
    return markdown_page(path, "The playbooks have errors", body)
