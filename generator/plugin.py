"""The MkDocs plugin ``playbooks``: validated playbooks become pages of the site.

It only adapts: validation is :func:`generator.validation.validate`, the pages come from
:func:`generator.render.pages.render_site`, and the navigation shape from
:mod:`generator.site_nav`. ``mkdocs build``, ``mkdocs serve`` (which also watches the
playbooks folder) and ``mike`` work as they do for any MkDocs site.

```yaml
plugins:
  - search
  - tags
  - playbooks:
      settings: pyproject.toml   # optional; default: the nearest settings file
```
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from generator.clock import build_date, source_time
from generator.config import Config, load_config
from generator.errors import PlaybookError
from generator.portfolio import Portfolio
from generator.render.page import SiteOptions
from generator.render.pages import render_site
from generator.reporting import REPORTERS
from generator.site_nav import shape_navigation
from generator.validation import validate

log = logging.getLogger("mkdocs.plugins.playbooks")

#: Called after each page is written with (pages written, pages in all).
Progress = Callable[[int, int], None]


class PlaybooksConfig(base.Config):
    settings = c.Optional(c.File(exists=True))
    """Settings file (`playbook.toml` or `pyproject.toml`); the nearest one by default."""
    folder = c.Type(str, default="engagements")
    """Site folder the engagement pages go in."""
    group_size = c.Type(int, default=40)
    """Above this many engagements, the navigation groups them alphabetically."""


class PlaybooksPlugin(BasePlugin[PlaybooksConfig]):
    """Validate the playbooks, add their pages, shape the navigation, watch the YAML."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.progress: Progress | None = None
        self._settings: Config | None = None
        self._portfolio: Portfolio | None = None
        self._written = 0
        self._total = 0

    @property
    def settings(self) -> Config:
        if self._settings is None:
            raise PluginError("playbooks: the plugin is used before MkDocs loaded its settings")
        return self._settings

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        start = Path(config.config_file_path or ".").absolute().parent
        explicit = Path(self.config.settings) if self.config.settings else None
        try:
            self._settings = load_config(explicit, start=start)
        except PlaybookError as exc:
            raise PluginError(f"playbooks: {exc}") from None
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            result = validate((), self.settings)
        except PlaybookError as exc:
            raise PluginError(f"playbooks: {exc}") from None
        report = click.unstyle(REPORTERS["text"](result, False)).rstrip()
        if result.failed():
            raise PluginError(f"playbooks: the playbooks have errors\n{report}")
        if result.diagnostics:
            log.warning("the playbooks have warnings\n%s", report)
        self._portfolio = result.portfolio
        options = SiteOptions(
            today=build_date(),
            stamp=source_time([self.settings.root]),
            folder=self.config.folder,
        )
        repository = Path(config.config_file_path or ".").absolute().parent
        docs = Path(config.docs_dir).absolute()
        for file in files:
            if file.generated_by is None and file.abs_src_path:
                file.edit_uri = _relative(Path(file.abs_src_path), repository)
        for page in render_site(result.portfolio, options):
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                log.warning(
                    "%s is generated from the playbooks; the file of that name in %s is ignored",
                    page.path,
                    _relative(docs, repository),
                )
                files.remove(existing)
            generated = File.generated(config, page.path, content=page.content)
            generated.edit_uri = _relative(page.source, repository) if page.source else None
            files.append(generated)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self._written = 0
        self._total = len(files.documentation_pages())
        if config.nav is not None or self._portfolio is None:
            return nav
        return shape_navigation(nav, self._portfolio, self.config.folder, self.config.group_size)

    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        self._written += 1
        if self.progress is not None:
            self.progress(self._written, self._total)
        return output

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.settings.root))
        return server


def _relative(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` in URL form, or its name when it lies elsewhere."""
    path = path.absolute()
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name
