"""The generated pages of a site, for one reader: what any engine builds.

:func:`site_sources` validates nothing itself: it takes one reader's selection of the
playbooks (:func:`generator.selection.select`) and renders every page (Markdown with
front matter, and files such as calendars) with the outline of the engagements'
navigation. The MkDocs plugin adds these pages to a build;
:mod:`generator.site.folder` writes them to a folder any MkDocs-compatible engine
builds as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator.audience import reader
from generator.clock import source_time
from generator.config import Config
from generator.portfolio import Portfolio
from generator.readiness import Readiness, review
from generator.render.page import Page, SiteOptions
from generator.render.pages import render_site
from generator.selection import Selection
from generator.site.brand import SiteBrand, site_brand
from generator.site.nav import NavEntry, outline

#: Renders the pages of a portfolio: :func:`render_site`, or a preview's cache of it.
Renderer = Callable[[Portfolio, SiteOptions, Mapping[str, Readiness] | None], list[Page]]


@dataclass(frozen=True)
class SiteSources:
    """Every generated page of one reader's site, and the engagements' navigation."""

    pages: list[Page]
    outline: list[NavEntry]
    options: SiteOptions
    brand: SiteBrand | None = None
    """The vendor's colour and logo; their files are among ``pages``."""
    public_repo_url: str | None = None
    """The sources a client's or prospect's site links, if any (``client_repo_url``)."""

    @property
    def vendor_team(self) -> bool:
        """Whether the site is the vendor's own: pages link to their YAML."""
        return reader(self.options.audience).vendor_team


def site_sources(
    selection: Selection,
    settings: Config,
    *,
    folder: str = "engagements",
    group_size: int = 40,
    stamp: datetime | None = None,
    render: Renderer = render_site,
) -> SiteSources:
    """The pages of the site of ``selection``: its engagements, as its reader sees them.

    A client's or prospect's site names its engagement: select it with ``output="site"``.
    """
    options = SiteOptions(
        today=settings.today,
        stamp=stamp or source_time([settings.root]),
        folder=folder,
        audience=selection.audience,
    )
    portfolio = selection.portfolio
    # The readiness review shows the vendor's gaps: never on a client or prospect site.
    reviews = (
        {p.id: review(selection.result, p.id, settings) for p in portfolio.playbooks}
        if reader(selection.audience).vendor_team
        else None
    )
    pages = render(portfolio, options, reviews)
    brand = site_brand(settings)
    if brand is not None:
        pages = [*pages, *brand.pages()]
    return SiteSources(
        pages,
        outline(portfolio, folder, group_size),
        options,
        brand,
        settings.settings.client_repo_url,
    )


def keep_from_reader(mkdocs: MutableMapping[str, Any], public_repo_url: str | None) -> None:
    """A client's or prospect's site settings, without the vendor's repository: no
    sources link or edit buttons, unless the client has sources of their own to link."""
    mkdocs["edit_uri"] = None
    if public_repo_url:
        mkdocs["repo_url"] = public_repo_url
        mkdocs["repo_name"] = "Sources"
    else:
        mkdocs["repo_url"] = None
        mkdocs["repo_name"] = None
