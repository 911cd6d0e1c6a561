"""The MkDocs plugin ``playbooks``: validated playbooks become pages of the site.

It only adapts: validation is :func:`generator.validation.validate`, the pages come from
:func:`generator.render.pages.render_site`, and the navigation shape from
:mod:`generator.site.nav`. ``mkdocs build``, ``mkdocs serve`` (which also watches the
playbooks folder, and rebuilds only what an edit changed, see :mod:`generator.site.preview`)
and ``mike`` work as they do for any MkDocs site.

```yaml
plugins:
  - search
  - tags
  - playbooks:
      settings: pyproject.toml   # optional; default: the nearest settings file
      audience: client           # optional; internal (default), client or prospect
      engagements: [acme-support]  # which engagements to publish (all by default)
```
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import click
import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from generator.audience import AUDIENCES, VENDOR_TEAM, reader
from generator.clock import source_time
from generator.config import Config, load_config
from generator.errors import PlaybookError
from generator.render.page import SiteOptions
from generator.render.pages import HOME, render_site
from generator.reporting import REPORTERS
from generator.selection import Selection, select
from generator.site.brand import site_brand
from generator.site.folder import FolderError, refuse_links_out, within
from generator.site.nav import NavEntry, shape_navigation
from generator.site.preview import REUSE_TEMPLATE, Built, Preview, error_page
from generator.site.reuse import SearchReuse, capture, restore
from generator.site.sources import keep_from_reader, site_sources
from generator.validation import validate

log = logging.getLogger("mkdocs.plugins.playbooks")

#: Called after each page is written with (pages written, pages in all).
Progress = Callable[[int, int], None]


class PlaybooksConfig(base.Config):  # type: ignore[no-untyped-call]
    settings = c.Optional(c.File(exists=True))
    """Settings file (`playbook.toml` or `pyproject.toml`); the nearest one by default."""
    folder = c.Type(str, default="engagements")
    """Site folder the engagement pages go in."""
    group_size = c.Type(int, default=40)
    """Above this many engagements, the navigation groups them alphabetically."""
    audience = c.Choice(AUDIENCES, default=VENDOR_TEAM)
    """Who the site is for: `internal` (everything), `client` or `prospect`."""
    engagements = c.ListOfItems(c.Type(str), default=[])
    """Engagement ids to publish; a client or prospect site names its own."""
    rendered = c.Optional(c.Type(str))
    """Set by `playbook site` in the folder it writes: the pages are already there, and
    this file (beside the settings) names the file each page is edited in."""


#: Set by mike while it builds a version of the site.
MIKE_VERSION_ENV = "MIKE_DOCS_VERSION"


class PlaybooksPlugin(BasePlugin[PlaybooksConfig]):  # type: ignore[no-untyped-call]
    """Validate the playbooks, add their pages, shape the navigation, watch the YAML."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.progress: Progress | None = None
        self._settings: Config | None = None
        self._outline: list[NavEntry] | None = None
        self._preview: Preview | None = None
        self._written = 0
        self._total = 0
        # While serving: the search entries of the page being built.
        self._search = SearchReuse()
        self._page_entries: list[Any] | None = None

    @property
    def settings(self) -> Config:
        if self._settings is None:
            raise PluginError("playbooks: the plugin is used before MkDocs loaded its settings")
        return self._settings

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self._preview = Preview() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        start = Path(config.config_file_path or ".").absolute().parent
        if self.config.rendered:
            return config  # a folder `playbook site` wrote: nothing to validate or render
        explicit = Path(self.config.settings) if self.config.settings else None
        try:
            self._settings = load_config(explicit, start=start)
        except PlaybookError as exc:
            raise PluginError(f"playbooks: {exc}") from None
        try:
            brand = site_brand(self._settings)
        except PlaybookError as exc:
            raise PluginError(f"playbooks: {exc}") from None
        if brand is not None and brand.css_path:
            config.extra_css.append(brand.css_path)
        if brand is not None and brand.logo_path:
            config.theme["logo"] = brand.logo_path
        if not reader(self.config.audience).vendor_team:
            keep_from_reader(config, self._settings.settings.client_repo_url)
        if MIKE_VERSION_ENV not in os.environ and "version" in config.extra:
            # Only a build mike makes has a versions.json beside it; elsewhere the
            # selector would request it from every page and log a 404.
            del config.extra["version"]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.config.rendered:
            return _link_rendered(files, config, self.config.rendered)
        return self._add_pages(files, config)

    def _add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Validate, render the pages and add them to the files MkDocs builds."""
        preview = self._preview
        selection = self._selected(preview)
        result = selection.result
        report = click.unstyle(REPORTERS["text"](result, False)).rstrip()
        if result.failed() and preview is not None:
            # While serving, the browser shows the report until the playbooks are fixed.
            log.error("playbooks: the playbooks have errors\n%s", report)
            return self._show_errors(files, config, preview, report)
        if result.failed():
            raise PluginError(f"playbooks: the playbooks have errors\n{report}")
        if result.diagnostics:
            log.warning("the playbooks have warnings\n%s", report)
        # While serving, the stamp of the first build stays: without a commit or
        # SOURCE_DATE_EPOCH it is the current time, which would make every page new.
        stamp = preview.stamp if preview and preview.stamp else source_time([self.settings.root])
        if preview:
            preview.stamp = stamp
        sources = site_sources(
            selection,
            self.settings,
            folder=self.config.folder,
            group_size=self.config.group_size,
            stamp=stamp,
            render=preview.render if preview else render_site,
        )
        pages, options = sources.pages, sources.options
        # Only the outline is kept: holding the whole portfolio through the build would
        # make every garbage collection of MkDocs' own objects walk it too.
        self._outline = sources.outline
        audience = options.audience
        repository = Path(config.config_file_path or ".").absolute().parent
        docs = Path(config.docs_dir).absolute()
        shell = [
            Path(f.abs_src_path)
            for f in files
            if f.generated_by is None
            and f.abs_src_path
            and Path(f.abs_src_path).is_relative_to(docs)
        ]
        try:
            refuse_links_out(shell, repository)
        except FolderError as exc:
            raise PluginError(f"playbooks: {exc}") from None
        vendor_team = reader(audience).vendor_team
        for file in files:
            if file.generated_by is None and file.abs_src_path:
                mine = within(Path(file.abs_src_path), repository)
                file.edit_uri = mine if vendor_team else None
        for page in pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None and (vendor_team or page.path != HOME):
                log.warning(
                    "%s is generated from the playbooks; the file of that name in %s is ignored",
                    page.path,
                    within(docs, repository),
                )
            if existing is not None:
                files.remove(existing)
            generated = File.generated(config, page.path, content=page.content)
            # Other readers get no link to the YAML: the file holds what they may not see.
            linked = page.source if reader(audience).vendor_team else None
            generated.edit_uri = within(linked, repository) if linked else None
            files.append(generated)
        if preview:
            preview.plan(pages, _signature(self._outline, files, config, options))
        return files

    def _selected(self, preview: Preview | None) -> Selection:
        """The playbooks validated (reusing unchanged files while serving), selected for
        the site's reader and engagements."""
        try:
            result = validate((), self.settings, cache=preview.files if preview else None)
            return select(
                result,
                self.settings,
                tuple(self.config.engagements),
                self.config.audience,
                output="site",
            )
        except PlaybookError as exc:
            raise PluginError(f"playbooks: {exc}") from None

    def _show_errors(
        self, files: Files, config: MkDocsConfig, preview: Preview, report: str
    ) -> Files:
        """Every generated page, and the home page, as a page holding the report."""
        pages = [error_page(path, report) for path in preview.error_paths()]
        for page in pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, page.path, content=page.content))
        options = SiteOptions(today=self.settings.today, stamp=preview.stamp or source_time([]))
        preview.plan(pages, _signature(self._outline or [], files, config, options))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self._written = 0
        self._total = len(files.documentation_pages())
        if config.nav is not None or self._outline is None:
            return nav
        return shape_navigation(nav, self._outline, self.config.folder)

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self._preview is not None and env.loader is not None:
            reuse = jinja2.DictLoader({REUSE_TEMPLATE: ""})
            env.loader = jinja2.ChoiceLoader([reuse, env.loader])
            env.bytecode_cache = self._preview.templates
        return env

    def _kept(self, page: MkDocsPage) -> Built | None:
        return self._preview.kept(page.file.src_uri) if self._preview else None

    @event_priority(-100)  # last: every other plugin sees the page's Markdown
    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if self._kept(page) is None:
            return markdown
        # Its rendering comes back in on_page_content and its HTML in on_post_page:
        # nothing is converted, and the theme renders an empty template.
        page.meta["template"] = REUSE_TEMPLATE
        return ""

    @event_priority(-100)
    def on_page_content(
        self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        kept = self._kept(page)
        if kept is None:
            return html
        restore(page, kept.rendered, files)
        return html  # the body comes back after indexing (_after_indexing)

    @event_priority(100)  # before the search plugin indexes the page
    def _before_indexing(
        self, context: dict[str, Any], *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        if self._preview is not None:
            kept = self._kept(page)
            self._search.before(page, config, kept.rendered if kept else None)
        return context

    @event_priority(-100)
    def _after_indexing(
        self, context: dict[str, Any], *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        if self._preview is not None:
            self._page_entries = self._search.after(page, config)
            kept = self._kept(page)
            if kept is not None:
                page.content = kept.rendered.content
        return context

    on_page_context = CombinedEvent(_before_indexing, _after_indexing)

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        self._written += 1
        if self.progress is not None:
            self.progress(self._written, self._total)
        if self._preview is None:
            return output
        kept = self._kept(page)
        if kept is not None:
            return kept.html
        self._preview.remember(page.file.src_uri, capture(page, self._page_entries), output)
        return output

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.rendered:
            return server
        server.watch(str(self.settings.root))
        return server


def _link_rendered(files: Files, config: MkDocsConfig, manifest: str) -> Files:
    """Edit links of a folder `playbook site` wrote, from its map of source files."""
    path = Path(config.config_file_path or ".").absolute().parent / manifest
    try:
        links = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PluginError(f"playbooks: {path}: cannot be read ({exc})") from None
    for file in files:
        if file.src_uri in links:
            file.edit_uri = links[file.src_uri]
    return files


def _signature(
    nav: list[NavEntry], files: Files, config: MkDocsConfig, options: SiteOptions
) -> str:
    """What every page's HTML depends on besides its own Markdown, as one value."""
    written = []
    for file in files.documentation_pages():
        if file.generated_by is None and file.abs_src_path:
            written.append((file.src_uri, Path(file.abs_src_path).stat().st_mtime_ns))
        else:
            written.append((file.src_uri, 0))
    settings = Path(config.config_file_path or ".")
    stamp = settings.stat().st_mtime_ns if settings.is_file() else 0
    return repr((nav, written, stamp, options))
