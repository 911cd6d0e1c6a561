"""Every generated page of the site, from a validated portfolio.

Rendering is a function of the typed portfolio and the options: whatever filters the
playbooks (an audience, a subset) applies to the portfolio before it comes here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.audience import reader
from generator.portfolio import Playbook, Portfolio
from generator.readiness import Readiness
from generator.render.engagement_pages import engagement_pages
from generator.render.environment import render
from generator.render.page import Page, SiteOptions, markdown_page
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
    if reader(options.audience).vendor_team:
        yield from reference_pages()
        return
    # A client's or prospect's site is theirs: it opens on their engagement, and its
    # reference holds the kinds of file the engagement has, not the vendor's rule book.
    used = {doc.kind for doc in portfolio.documents()}
    yield from reference_pages(kinds=used, rules=False)
    if portfolio.playbooks:
        yield home_page(portfolio.playbooks[0], options)


#: The site's home page, which a client's or prospect's site replaces.
HOME = "index.md"


def home_page(playbook: Playbook, options: SiteOptions) -> Page:
    """A home page that opens the engagement's overview (at once where scripts run, by
    its link where they do not)."""
    overview = f"{options.folder}/{playbook.id}/index.md"
    body = render("home.md.j2", pb=playbook, overview=overview, today=options.today)
    return markdown_page(HOME, playbook.title, body, hide=["navigation", "toc"])
