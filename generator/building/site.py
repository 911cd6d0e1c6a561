"""One reader's site: its pages written as a folder, then built by the engine chosen."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.building.events import OnStep, Step, ignore
from generator.config import Config
from generator.selection import Selection
from generator.site.build import SiteError, build_site, build_with_zensical, find_mkdocs_config
from generator.site.folder import SETTINGS, missing_pages, write_site_folder
from generator.site.sources import site_sources


@dataclass
class SiteBuilt:
    """Whether the site was built, and what to tell about it."""

    built: bool = False
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build_site_into(
    folder: Path,
    selection: Selection,
    config: Config,
    *,
    engine: str = "mkdocs",
    offline: bool = False,
    listen: OnStep = ignore,
) -> SiteBuilt:
    """Write the site's pages into ``folder/pages`` and build them into ``folder/site``
    with ``engine``; ``offline`` makes a site that works opened from disk. MkDocs reports a
    :class:`Step` of stage ``site`` per page. An engine that leaves out a generated page
    fails the build (:class:`SiteError`).

    A project without ``mkdocs.yml`` gets no site, and a note that says so.
    """
    try:
        mkdocs_config = find_mkdocs_config(config.base)
    except SiteError as exc:
        return SiteBuilt(notes=[f"{exc}; the site is not built"])
    pages = folder / "pages"
    sources = site_sources(selection, config)
    listen(Step("site", 0, len(sources.pages)))  # the pages are rendered; writing starts
    notes = write_site_folder(mkdocs_config, pages, sources, offline=offline)
    if engine == "zensical":
        build_with_zensical(pages / SETTINGS)  # into pages/site: it builds nowhere else
        (pages / "site").rename(folder / "site")
        warnings: list[str] = []
    else:
        _, warnings = build_site(
            pages / SETTINGS,
            folder / "site",
            progress=lambda done, total: listen(Step("site", done, total)),
        )
    missing = missing_pages(sources, folder / "site", offline=offline)
    if missing:
        raise SiteError(
            f"{engine} left out {len(missing)} of the {len(sources.pages)} generated pages "
            f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}), so nothing "
            "was written: check that the site settings do not exclude them"
        )
    return SiteBuilt(True, [*notes, *warnings])
