"""The site's sources as files: a folder any MkDocs-compatible engine builds as it is.

:func:`write_site_folder` writes, into one folder:

- ``docs/``: the hand-written pages and assets of the project's ``docs_dir`` (the site
  shell), with every generated page and file over them;
- ``mkdocs.yml``: the project's settings with ``docs_dir`` pointing there, the whole
  navigation written out (engines differ in how they derive one), and the
  ``playbooks`` plugin told that the pages are already rendered;
- ``edit-links.json``: the file each page is edited in, for the edit links MkDocs shows
  (read by the plugin; an engine without plugins leaves generated pages unlinked).

MkDocs with Material and Zensical both build it; ``mkdocs build -f FOLDER/mkdocs.yml``
and ``zensical build -f FOLDER/mkdocs.yml`` give the same pages.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.errors import PlaybookError
from generator.render.pages import HOME
from generator.site.nav import TOP_ORDER, NavEntry
from generator.site.sources import SiteSources, keep_from_reader

#: The settings file of the folder, and the map of edit links beside it.
SETTINGS: Final = "mkdocs.yml"
EDIT_LINKS: Final = "edit-links.json"
DOCS: Final = "docs"


class FolderError(PlaybookError):
    """The site settings cannot be read, or the shell holds what may not be published."""


#: Where an offline site carries the worker shim its search needs from file://.
OFFLINE_SHIM: Final = "javascripts/iframe-worker-shim.js"


def write_site_folder(
    mkdocs_config: Path,
    out: Path,
    sources: SiteSources,
    *,
    site_dir: str = "site",
    versioned: bool = False,
    offline: bool = False,
) -> list[str]:
    """Write the sources of the site of ``mkdocs_config`` into the empty folder ``out``.

    ``site_dir`` is where engines build it, relative to ``out``; ``versioned`` keeps the
    version selector for a build ``mike`` makes; ``offline`` makes a site that works
    opened from disk (links to files, not folders, and Material's offline search).
    Returns the notes to show: shell files that a generated page replaced.
    """
    settings = _read(mkdocs_config)
    repository = mkdocs_config.absolute().parent
    shell = (repository / str(settings.get("docs_dir", "docs"))).absolute()
    docs = out / DOCS
    docs.mkdir(parents=True)
    links: dict[str, str | None] = {}
    for path in _shell_files(shell, repository):
        relative = path.relative_to(shell).as_posix()
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        links[relative] = within(path, repository) if sources.vendor_team else None
    notes = []
    for page in sources.pages:
        # a client's or prospect's home page is theirs by design: not worth a note
        if page.path in links and (sources.vendor_team or page.path != HOME):
            notes.append(
                f"{page.path} is generated from the playbooks; the file of that name in "
                f"{shell.relative_to(repository).as_posix()} is ignored"
            )
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
        target.write_bytes(data)
        # Other readers get no link to the YAML: the file holds what they may not see.
        source = page.source if sources.vendor_team else None
        links[page.path] = within(source, repository) if source else None
    settings["docs_dir"] = DOCS
    settings["site_dir"] = site_dir
    if not sources.vendor_team:
        keep_from_reader(settings, sources.public_repo_url)
    settings["nav"] = site_nav(
        [p for p in links if p.endswith(".md")], sources.outline, sources.options.folder
    )
    settings["plugins"] = _plugins(settings.get("plugins"))
    if offline:
        settings["use_directory_urls"] = False  # a folder opened from disk lists its files
        settings["plugins"].append("offline")  # the search index travels in a script
        # The search worker runs from file:// through a shim the theme would fetch from a
        # CDN; the site carries its own copy.
        shim = docs / OFFLINE_SHIM
        shim.parent.mkdir(parents=True, exist_ok=True)
        shim.write_bytes((Path(__file__).parent / "vendor" / shim.name).read_bytes())
        extra = settings.setdefault("extra", {})
        if isinstance(extra, dict):
            extra["polyfills"] = [*(extra.get("polyfills") or []), OFFLINE_SHIM]
    brand = sources.brand
    if brand is not None and brand.css_path:
        settings["extra_css"] = [*(settings.get("extra_css") or []), brand.css_path]
    if brand is not None and brand.logo_path:
        theme = settings.setdefault("theme", {})
        if isinstance(theme, dict):
            theme["logo"] = brand.logo_path
    extra = settings.get("extra")
    if not versioned and isinstance(extra, dict) and "version" in extra:
        del extra["version"]  # only a build mike makes has a versions.json beside it
    _write(out / SETTINGS, settings)
    (out / EDIT_LINKS).write_text(
        json.dumps(dict(sorted(links.items())), indent=1) + "\n", encoding="utf-8"
    )
    return notes


def site_nav(pages: Iterable[str], engagements: list[NavEntry], folder: str) -> list[NavEntry]:
    """The whole navigation: top-level pages and folders in reading order, with
    ``engagements`` (an :func:`~generator.site.nav.outline`) as the engagements folder."""
    pages = sorted(pages)
    top: dict[str, list[str]] = {}
    for page in pages:
        top.setdefault(page.split("/", 1)[0], []).append(page)
    order = [key.format(folder=folder) for key in TOP_ORDER]
    keys = sorted(top, key=lambda k: (order.index(k) if k in order else len(order), k))
    nav: list[NavEntry] = []
    for key in keys:
        if key.endswith(".md"):
            nav.append(key)
        elif key == folder:
            nav.append({"Engagements": _existing(engagements, set(pages))})
        else:
            nav.append({_title(key): _folder_nav(key, top[key])})
    return nav


def _existing(entries: list[NavEntry], pages: set[str]) -> list[NavEntry]:
    """``entries`` without the paths that have no page (an engagement without a scorecard)."""
    kept: list[NavEntry] = []
    for entry in entries:
        if isinstance(entry, str):
            if entry in pages:
                kept.append(entry)
        else:
            kept.append({title: _existing(children, pages) for title, children in entry.items()})
    return kept


def _folder_nav(prefix: str, pages: list[str]) -> list[NavEntry]:
    """The pages under ``prefix``, index first, sub-folders as sections."""
    here = [p for p in pages if "/" not in p[len(prefix) + 1 :]]
    here.sort(key=lambda p: (not p.endswith("/index.md"), p))
    below: dict[str, list[str]] = {}
    for page in pages:
        rest = page[len(prefix) + 1 :]
        if "/" in rest:
            below.setdefault(f"{prefix}/{rest.split('/', 1)[0]}", []).append(page)
    entries: list[NavEntry] = list(here)
    for sub in sorted(below):
        entries.append({_title(sub.rsplit("/", 1)[-1]): _folder_nav(sub, below[sub])})
    return entries


def _title(name: str) -> str:
    """A folder's section title, as MkDocs derives it: ``guides`` -> ``Guides``."""
    return name.replace("-", " ").replace("_", " ").capitalize()


def _plugins(plugins: Any) -> list[Any]:
    """The plugins with ``playbooks`` told to read the rendered pages' edit links."""
    entries = list(plugins or [])
    out: list[Any] = []
    for entry in entries:
        name = entry if isinstance(entry, str) else next(iter(entry), None)
        if name == "playbooks":
            out.append({"playbooks": {"rendered": EDIT_LINKS}})
        else:
            out.append(entry)
    return out


def _shell_files(shell: Path, repository: Path) -> list[Path]:
    """The files of the site shell; a link to a place outside the project stops it."""
    if not shell.is_dir():
        return []
    files = sorted(p for p in shell.rglob("*") if p.is_file() and not p.name.startswith("."))
    refuse_links_out(files, repository)
    return files


def refuse_links_out(files: Iterable[Path], repository: Path) -> None:
    """Stop when one of ``files`` is a link to a place outside the project.

    Engines follow links in the docs folder, so a link to a system file would be
    published; a link that stays inside the project is copied like any file.
    """
    inside = repository.resolve()
    outside = sorted(within(p, repository) for p in files if not p.resolve().is_relative_to(inside))
    if outside:
        raise FolderError(
            "these files of the site are links to places outside the project, and are not "
            "published: " + ", ".join(outside) + " (copy the files in instead of linking to them)"
        )


def within(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` in URL form, or its name when it lies elsewhere."""
    path = path.absolute()
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name


def _yaml() -> YAML:
    yaml = YAML()  # round trip: !ENV tags, comments and order are kept
    yaml.width = 4096
    return yaml


def _read(path: Path) -> Any:
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise FolderError(f"{where}: the site settings are not valid YAML: {exc.problem}") from None
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        reason = " ".join(str(exc).split())
        raise FolderError(f"{path}: the site settings cannot be read: {reason}") from None
    if not isinstance(data, dict):
        raise FolderError(f"{path}: expected a mapping of site settings")
    return data


def _write(path: Path, data: Any) -> None:
    buffer = io.StringIO()
    buffer.write(
        f"# Written by `playbook site` from the project's settings; build it with\n"
        f"# `mkdocs build -f {path.name}` or `zensical build -f {path.name}`.\n"
    )
    _yaml().dump(data, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def missing_pages(sources: SiteSources, site: Path, *, offline: bool = False) -> list[str]:
    """The generated pages and files an engine left out of the site it built in ``site``
    (an ``offline`` site's pages are files, ``brief.html``, not folders)."""
    missing = []
    for page in sources.pages:
        path = page.path
        if path.endswith(".md") and offline:
            path = path.removesuffix(".md") + ".html"
        elif path.endswith(".md"):
            stem = path.removesuffix(".md")
            path = "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"
        if not (site / path).is_file():
            missing.append(page.path)
    return missing
