"""A generated page of the site: where it goes, what it holds, which file it comes from."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from generator.audience import VENDOR_TEAM
from generator.render.markup import attribute


@dataclass(frozen=True)
class SiteOptions:
    """What rendering depends on besides the playbooks themselves."""

    today: date
    """The build date: upcoming and overdue items are counted from it."""
    stamp: datetime
    """When the sources last changed: the timestamp outputs carry."""
    folder: str = "engagements"
    """Site folder of the engagement pages."""
    upcoming_days: int = 30
    """How far ahead the dashboard looks."""
    audience: str = VENDOR_TEAM
    """Who the site is for; only the internal site lists internal notes."""


@dataclass(frozen=True)
class Page:
    """One generated file of the site.

    ``path`` is relative to the site's source folder (``engagements/acme/brief.md``);
    ``source`` is the YAML file the page shows, for the edit link.
    """

    path: str
    content: str | bytes
    source: Path | None = None
    tags: tuple[str, ...] = field(default=())


def markdown_page(
    path: str,
    title: str,
    body: str,
    *,
    source: Path | None = None,
    tags: Sequence[str] = (),
    description: str | None = None,
    hide: Sequence[str] = (),
) -> Page:
    """A Markdown page with its front matter.

    The theme prints titles and tags as raw HTML, so they are HTML-escaped here; the
    front matter is written as JSON values, which YAML reads as they are. ``hide``
    names parts of the theme's layout the page goes without (``toc``: the table of
    contents, for a page whose width its tables need).
    """
    meta: dict[str, object] = {"title": attribute(title)}
    if tags:
        meta["tags"] = [attribute(tag) for tag in tags]
    if description:
        meta["description"] = attribute(description)
    if hide:
        meta["hide"] = list(hide)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    content = "---\n" + "\n".join(lines) + "\n---\n\n" + body
    return Page(path, content, source, tuple(tags))
