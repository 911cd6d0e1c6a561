"""Every generated page of the site, from a validated portfolio.

Rendering is a function of the typed portfolio and the options: whatever filters the
playbooks (an audience, a subset) applies to the portfolio before it comes here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.portfolio import Portfolio
from generator.readiness import Readiness
from generator.render.engagement_pages import engagement_pages
from generator.render.page import Page, SiteOptions
from generator.render.portfolio_pages import portfolio_pages
from generator.render.reference import reference_pages


def render_site(
    portfolio: Portfolio, options: SiteOptions, reviews: Mapping[str, Readiness] | None = None
) -> list[Page]:
    """The pages across engagements, each engagement's pages, and the reference.

    ``reviews`` are the readiness reviews by engagement id, shown to the vendor's own
    team only: pass them for the internal site and never for another audience.
    """
    return list(_pages(portfolio, options, reviews or {}))


def _pages(
    portfolio: Portfolio, options: SiteOptions, reviews: Mapping[str, Readiness]
) -> Iterator[Page]:
    yield from portfolio_pages(portfolio, options)
    for playbook in portfolio.playbooks:
        yield from engagement_pages(playbook, options, reviews.get(playbook.id))
    yield from reference_pages()
