"""Commands for the site: `playbook site`, `playbook calendar` and `playbook publish`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.audience import (
    AUDIENCES,
    VENDOR_TEAM,
    ReaderName,
    reader,
    reader_folder,
)
from generator.cli.options import (
    audience_option,
    config_option,
    engagements_option,
    export_options,
    folder_force_option,
    resolve_config,
    selected,
)
from generator.clock import source_time
from generator.errors import PlaybookError
from generator.render.calendar import calendar as render_calendar
from generator.site.build import find_mkdocs_config
from generator.site.folder import DOCS, SETTINGS, write_site_folder
from generator.site.publishing import (
    READER_FILE,
    Publication,
    SiteReader,
    check_branch,
    check_name,
    default_branch,
    publish,
    require_repository,
)
from generator.site.sources import site_sources
from generator.writing import claim, refuse_unsafe_file, staged_folder, write_bytes


@click.command()
@click.argument("engagement")
@export_options(
    "Default: ENGAGEMENT-AUDIENCE.ics here.",
    "internal (every milestone and meeting), client or prospect (what is marked for a "
    "narrower audience is left out).",
)
@click.option("--force", is_flag=True, help="Replace an existing file of other content.")
@config_option
def calendar(
    engagement: str,
    output: Path | None,
    audience: ReaderName,
    force: bool,
    config_path: Path | None,
) -> None:
    """Write ENGAGEMENT's milestones and reviews as an iCalendar (.ics) file.

    Each item is an event on the date it is due now (a re-plan moves it), with its
    owner as organizer; review attendees are invited, and a review with a time is a
    meeting.
    """
    config = resolve_config(config_path)
    selection = selected(config, (engagement,), audience, outcome="Nothing was written")
    (playbook,) = selection.portfolio.playbooks
    data = render_calendar(playbook, source_time([playbook.folder]), audience=audience)
    if output is not None and str(output) == "-":
        click.echo(data, nl=False)  # as bytes: the CRLF line ends RFC 5545 asks for stay
        return
    target = output or Path(f"{playbook.id}-{audience}.ics")
    if target.suffix.lower() != ".ics":
        raise PlaybookError(f"{target}: a calendar file ends in .ics")
    refuse_unsafe_file(target, keep_out=(config.root,))
    if target.exists() and target.read_bytes() != data and not force:
        raise PlaybookError(f"{target} exists with other content; pass --force to replace it")
    write_bytes(target, data)
    click.echo(f"wrote {target}")


@click.command(name="publish")
@click.argument("version")
@click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    required=True,
    help="Whose site to publish: internal (the vendor's own, with internal notes), client "
    "or prospect (one engagement, to a branch of its own).",
)
@engagements_option("The engagement a client or prospect site holds; internal: only these.")
@click.option("--alias", "aliases", multiple=True, help="Alias such as latest (repeatable).")
@click.option("--title", help="Title in the version selector (default: VERSION).")
@click.option("--push", is_flag=True, help="Push the pages branch to the remote afterwards.")
@click.option(
    "--default/--no-default",
    "set_default",
    default=True,
    show_default=True,
    help="Make the first alias the version the site's root opens.",
)
@click.option(
    "--branch",
    help="Pages branch. Default: gh-pages for the internal site, "
    "pages-AUDIENCE-ENGAGEMENT for a client or prospect.",
)
@click.option("--remote", default="origin", show_default=True, help="Remote to push to.")
@config_option
def publish_command(
    *,
    version: str,
    audience: ReaderName,
    engagements: tuple[str, ...],
    aliases: tuple[str, ...],
    title: str | None,
    push: bool,
    set_default: bool,
    branch: str | None,
    remote: str,
    config_path: Path | None,
) -> None:
    """Build the site for one reader and publish it as VERSION on its pages branch.

    A client or prospect site holds its one engagement, with what that reader may not
    see left out, on a branch of its own; the internal site goes to gh-pages. Aliases
    are redirect pages, so plain static hosts serve them; the version selector lists
    every version published to the branch.
    """
    check_name(version, "version")
    for alias in aliases:
        check_name(alias, "alias")
    if reader(audience).one_engagement and len(engagements) != 1:
        raise click.UsageError(
            f"a {audience} site holds one engagement: name it with --engagement "
            "(other clients' names must not appear in it)"
        )
    config = resolve_config(config_path)
    mkdocs_config = find_mkdocs_config(config.base)
    require_repository(mkdocs_config.parent)
    who = SiteReader.of(audience, engagements)
    branch = branch or default_branch(audience, engagements)
    check_branch(branch, who, mkdocs_config.parent)
    selection = selected(
        config, engagements, audience, output="site", outcome="Nothing was published"
    )
    sources = site_sources(selection, config)
    pages = reader_folder(audience, engagements[0] if engagements else None) / "publish"
    with staged_folder(pages, mark=False, keep_out=(config.root,)) as staging:
        write_site_folder(mkdocs_config, staging, sources, versioned=True)
        (staging / DOCS / READER_FILE).write_text(who.as_json(), encoding="utf-8")
    publication = Publication(version, aliases, title, push, set_default, branch, remote)
    done = publish(publication, pages / SETTINGS, mkdocs_config.parent)
    shown = f"{version} ({', '.join(aliases)})" if aliases else version
    pushed = ""
    if push:
        pushed = f" and pushed to {remote}" if done.pushed else f"; {remote} is already up to date"
    whose = "the internal site" if audience == VENDOR_TEAM else f"the {audience} site"
    click.echo(f"published {whose} {shown} to the {branch} branch{pushed}")


@click.command(name="site")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write, replaced whole. Default: build/internal/pages, or "
    "build/AUDIENCE/ENGAGEMENT/pages for a client or prospect.",
)
@audience_option(VENDOR_TEAM, "Who the site is for: internal (everything), client or prospect.")
@engagements_option("Only this engagement (repeatable). A client or prospect site names its own.")
@folder_force_option
@config_option
def site_command(
    output: Path | None,
    audience: ReaderName,
    engagements: tuple[str, ...],
    force: bool,
    config_path: Path | None,
) -> None:
    """Write the site's pages as files that MkDocs or Zensical builds as they are.

    The folder holds docs/ (the hand-written pages with every generated page and file)
    and mkdocs.yml (the project's settings with the whole navigation written out).
    Build it with `mkdocs build -f FOLDER/mkdocs.yml` or `zensical build -f
    FOLDER/mkdocs.yml`.
    """
    if reader(audience).one_engagement and len(engagements) > 1:
        raise click.UsageError(f"a {audience} site holds one engagement: name one --engagement")
    config = resolve_config(config_path)
    selection = selected(
        config, engagements, audience, output="site", outcome="Nothing was written"
    )
    target = output or reader_folder(audience, engagements[0] if engagements else None) / "pages"
    if output is not None:
        claim(target, force=force, keep_out=(config.root,))
    sources = site_sources(selection, config)
    with staged_folder(target, mark=output is not None, keep_out=(config.root,)) as staging:
        notes = write_site_folder(find_mkdocs_config(config.base), staging, sources)
    for note in notes:
        click.echo(f"warning: {note}", err=True)
    click.echo(f"Wrote {len(sources.pages)} generated pages and the site settings to {target}.")


COMMANDS = (calendar, publish_command, site_command)
