"""The generated pages of a site, for one reader: what any engine builds.

:func:`site_sources` validates nothing itself: it takes a validation result, scopes
it to the engagements asked for, filters it for the reader and renders every page
(Markdown with front matter, and files such as calendars) with the outline of the
engagements' navigation. The MkDocs plugin adds these pages to a build;
:mod:`generator.site.folder` writes them to a folder any MkDocs-compatible engine
builds as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from generator.audience import ReaderName, for_audience, reader
from generator.clock import source_time
from generator.config import Config
from generator.errors import PlaybookError
from generator.portfolio import Portfolio
from generator.readiness import Readiness, review
from generator.render.page import Page, SiteOptions
from generator.render.pages import render_site
from generator.site.brand import SiteBrand, site_brand
from generator.site.nav import NavEntry, outline
from generator.validation import Result

#: Renders the pages of a portfolio: :func:`render_site`, or a preview's cache of it.
Renderer = Callable[[Portfolio, SiteOptions, Mapping[str, Readiness] | None], list[Page]]


class SourcesError(PlaybookError):
    """The engagements asked for cannot make a site for this reader."""


@dataclass(frozen=True)
class SiteSources:
    """Every generated page of one reader's site, and the engagements' navigation."""

    pages: list[Page]
    outline: list[NavEntry]
    options: SiteOptions
    brand: SiteBrand | None = None
    """The vendor's colour and logo; their files are among ``pages``."""

    @property
    def vendor_team(self) -> bool:
        """Whether the site is the vendor's own: pages link to their YAML."""
        return reader(self.options.audience).vendor_team


def site_sources(
    result: Result,
    settings: Config,
    audience: ReaderName,
    engagements: tuple[str, ...] = (),
    *,
    folder: str = "engagements",
    group_size: int = 40,
    stamp: datetime | None = None,
    render: Renderer = render_site,
) -> SiteSources:
    """The pages of ``audience``'s site of ``engagements`` (all when empty).

    Raises :class:`SourcesError` for an unknown engagement, and for a client or
    prospect site that does not name its engagement (other clients' names must not
    appear in it).
    """
    known = {p.id for p in result.portfolio.playbooks}
    unknown = [ident for ident in engagements if ident not in known]
    if unknown:
        raise SourcesError(f"no engagement {', '.join(map(repr, unknown))}")
    if reader(audience).must_name_engagement(engagements, known):
        raise SourcesError(
            f"a {audience} site must name its engagements (plugin option `engagements`, or "
            "`playbook build --engagement`): other clients' names must not appear in it"
        )
    options = SiteOptions(
        today=settings.today,
        stamp=stamp or source_time([settings.root]),
        folder=folder,
        audience=audience,
    )
    portfolio = for_audience(result.portfolio, audience, engagements or None)
    # The readiness review shows the vendor's gaps: never on a client or prospect site.
    reviews = (
        {p.id: review(result, p.id, settings) for p in portfolio.playbooks}
        if reader(audience).vendor_team
        else None
    )
    pages = render(portfolio, options, reviews)
    brand = site_brand(settings)
    if brand is not None:
        pages = [*pages, *brand.pages()]
    return SiteSources(pages, outline(portfolio, folder, group_size), options, brand)
