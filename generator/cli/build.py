"""`playbook build`: validate, then produce every output into one folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.audience import Audience
from generator.branding import load_branding
from generator.cli.options import config_option, resolve_config
from generator.cli.pdfs import audience_option, build_pdfs, check_engagements
from generator.config import Config, Vendor
from generator.errors import PlaybookError
from generator.packet.build import plan_packet
from generator.pdf import PdfJob, run
from generator.readiness import review
from generator.reporting import REPORTERS
from generator.sitebuild import SiteError, build_site, find_mkdocs_config
from generator.validation import Result, validate


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs. Default: build, or build/AUDIENCE for a client or prospect.",
)
@audience_option(
    "internal",
    "Who the outputs are for: internal (everything), client or prospect. Client and "
    "prospect outputs leave out everything marked for a narrower audience.",
)
@click.option(
    "--engagement",
    "engagements",
    multiple=True,
    metavar="ID",
    help="Build only this engagement (repeatable). A client or prospect build names its own.",
)
@config_option
def build(
    output: Path | None,
    audience: Audience,
    engagements: tuple[str, ...],
    config_path: Path | None,
) -> None:
    """Validate the playbooks and build the site, the PDFs and the packets into OUTPUT.

    Stops before writing anything when the playbooks have errors.
    """
    config = resolve_config(config_path)
    result = validate((), config)
    if result.failed():
        click.echo(REPORTERS["text"](result, False), nl=False, err=True)
        click.echo("Nothing was built: fix the errors above first.", err=True)
        sys.exit(1)
    check_engagements(result, engagements, config)
    scope = _scope(result, audience, engagements)
    target = output or (Path("build") if audience == "internal" else Path("build") / audience)
    click.echo(f"Validated {result.files} files in {config.settings.root}: no errors.")
    build_site_into(target / "site", config, result, audience=audience, engagements=scope)
    _build_pdfs(result, target, config.settings.vendor, audience, scope)
    _build_packets(result, target / "packets", config, audience, scope)


def _scope(result: Result, audience: Audience, engagements: tuple[str, ...]) -> tuple[str, ...]:
    """The engagements to build; a client or prospect build must name them (unless one)."""
    every = tuple(p.id for p in result.portfolio.playbooks)
    if engagements or audience == "internal" or len(every) <= 1:
        return engagements or every
    raise click.UsageError(
        f"a {audience} build must name its engagement with --engagement "
        f"(one of {', '.join(every)}): other clients' names must not appear in it"
    )


def _build_pdfs(
    result: Result, output: Path, vendor: Vendor | None, audience: Audience, scope: tuple[str, ...]
) -> None:
    """The PDFs of each engagement, in ``output/pdf/<engagement id>/``."""
    folder = output / "pdf"
    accent = vendor.accent if vendor else None
    written = build_pdfs(result.portfolio, folder, scope, audience=audience, accent=accent)
    click.echo(f"Wrote {len(written)} PDFs to {folder}.")


def _build_packets(
    result: Result, folder: Path, config: Config, audience: Audience, scope: tuple[str, ...]
) -> None:
    """The proposal packet of each engagement, as ``folder/<id>-<audience>.pdf``."""
    branding = load_branding(config)
    jobs: list[PdfJob] = []
    for engagement in scope:
        readiness = review(result, engagement, config) if audience == "internal" else None
        try:
            plan = plan_packet(
                result.portfolio,
                engagement,
                audience,
                branding,
                folder / f"{engagement}-{audience}.pdf",
                readiness=readiness,
            )
        except PlaybookError as exc:
            click.echo(f"note: no packet for {engagement}: {exc}", err=True)
            continue
        jobs.extend(plan.jobs)
    written = run(jobs)
    noun = "packet" if len(written) == 1 else "packets"
    click.echo(f"Wrote {len(written)} {noun} to {folder}.")


def build_site_into(
    site_dir: Path,
    config: Config,
    validated: Result | None = None,
    *,
    audience: Audience = "internal",
    engagements: tuple[str, ...] = (),
) -> None:
    """Build the site with a progress bar; MkDocs' warnings are shown afterwards.

    A project without ``mkdocs.yml`` gets its PDFs, and a note that it has no site.
    """
    try:
        mkdocs_config = find_mkdocs_config(config.base)
    except SiteError as exc:
        click.echo(f"note: {exc}; the site is not built", err=True)
        return
    console = Console(stderr=True)
    columns = (
        TextColumn("site"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages"),
        TimeElapsedColumn(),
    )
    bar_shown = console.is_terminal
    with Progress(*columns, console=console, transient=True, disable=not bar_shown) as bar:
        task = bar.add_task("site", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        target, warnings = build_site(
            mkdocs_config,
            site_dir,
            progress=advance,
            validated=validated,
            audience=audience,
            engagements=engagements,
        )
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Built the site into {_shown(target)}.")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


COMMANDS = (build,)
