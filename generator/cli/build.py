"""`playbook build`: validate, then produce every output into one folder."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.audience import VENDOR_TEAM, ReaderName, reader, reader_folder
from generator.branding import load_branding, pdf_style
from generator.cli.options import (
    audience_option,
    config_option,
    engagements_option,
    engine_option,
    folder_force_option,
    resolve_config,
    stop_on_errors,
)
from generator.cli.pdfs import build_pdfs, scope_to
from generator.config import Config
from generator.errors import PlaybookError
from generator.pdf import PdfJob, PdfStyle, run
from generator.pdf.packet.build import plan_packet
from generator.pdf.packet.contents import Cover
from generator.readiness import review
from generator.site.build import (
    ENGINES,
    SiteError,
    build_site,
    build_with_zensical,
    find_mkdocs_config,
)
from generator.site.folder import SETTINGS, missing_pages, write_site_folder
from generator.site.sources import site_sources
from generator.validation import Result, validate
from generator.writing import claim, staged_folder


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs, replaced whole. Default: build/internal, or "
    "build/AUDIENCE/ENGAGEMENT for a client or prospect.",
)
@audience_option(
    VENDOR_TEAM,
    "Who the outputs are for: internal (everything), client or prospect. Client and "
    "prospect outputs leave out everything marked for a narrower audience.",
)
@engagements_option(
    "Build only this engagement (repeatable). A client or prospect build names its own."
)
@engine_option(ENGINES, "builds")
@folder_force_option
@config_option
def build(
    output: Path | None,
    audience: ReaderName,
    engagements: tuple[str, ...],
    engine: str,
    force: bool,
    config_path: Path | None,
) -> None:
    """Validate the playbooks and build the site, the PDFs and the packets into OUTPUT.

    Stops before writing anything when the playbooks have errors. Each reader's
    outputs are built into a staging folder and swapped in whole, so the folder holds
    either the complete previous build or the complete new one, and nothing that the
    new build left out.
    """
    config = resolve_config(config_path)
    result = scope_to(validate((), config), engagements, config)
    stop_on_errors(result, "Nothing was built")
    scope = _scope(result, audience, engagements)
    folders = _folders(output, audience, scope)
    if output is not None:  # what is under build/ is playbook's own
        for folder, _ in folders:
            claim(folder, force=force, keep_out=(config.root,))
    mine = f" in {', '.join(engagements)} or the files they share" if engagements else ""
    click.echo(f"Validated {result.files} files in {config.settings.root}: no errors{mine}.")
    for folder, members in folders:
        with staged_folder(folder, mark=output is not None, keep_out=(config.root,)) as staging:
            site = build_site_into(
                staging, config, result, audience=audience, engagements=members, engine=engine
            )
            pdfs = _build_pdfs(result, staging / "pdf", pdf_style(config), audience, members)
            packets = _build_packets(result, staging / "packets", config, audience, members)
        if site:
            click.echo(
                f"Built the site into {_shown(folder / 'site')}, from the pages in "
                f"{_shown(folder / 'pages')}."
            )
        click.echo(f"Wrote {pdfs} PDFs to {_shown(folder / 'pdf')}.")
        noun = "packet" if packets == 1 else "packets"
        click.echo(f"Wrote {packets} {noun} to {_shown(folder / 'packets')}.")


def _folders(
    output: Path | None, audience: ReaderName, scope: tuple[str, ...]
) -> list[tuple[Path, tuple[str, ...]]]:
    """Each output folder and the engagements it holds: one per client or prospect."""
    if not reader(audience).one_engagement:
        return [(output or reader_folder(audience), scope)]
    if output is not None and len(scope) == 1:
        return [(output, scope)]
    return [
        (output / engagement if output else reader_folder(audience, engagement), (engagement,))
        for engagement in scope
    ]


def _scope(result: Result, audience: ReaderName, engagements: tuple[str, ...]) -> tuple[str, ...]:
    """The engagements to build; a client or prospect build must name them (unless one)."""
    every = tuple(p.id for p in result.portfolio.playbooks)
    if not reader(audience).must_name_engagement(engagements, every):
        return engagements or every
    raise click.UsageError(
        f"a {audience} build must name its engagement with --engagement "
        f"(one of {', '.join(every)}): other clients' names must not appear in it"
    )


def _build_pdfs(
    result: Result, folder: Path, style: PdfStyle, audience: ReaderName, scope: tuple[str, ...]
) -> int:
    """The PDFs of each engagement, in ``folder/<engagement id>/``; how many."""
    return len(build_pdfs(result.portfolio, folder, scope, audience=audience, style=style))


def _build_packets(
    result: Result, folder: Path, config: Config, audience: ReaderName, scope: tuple[str, ...]
) -> int:
    """The proposal packet of each engagement, as ``folder/<id>-<audience>.pdf``; how many."""
    branding = load_branding(config)
    jobs: list[PdfJob] = []
    for engagement in scope:
        readiness = review(result, engagement, config) if reader(audience).vendor_team else None
        try:
            plan = plan_packet(
                result.portfolio,
                engagement,
                audience,
                branding,
                folder / f"{engagement}-{audience}.pdf",
                readiness=readiness,
                cover=Cover(config.today),
            )
        except PlaybookError as exc:
            click.echo(f"note: no packet for {engagement}: {exc}", err=True)
            continue
        jobs.extend(plan.jobs)
    return len(run(jobs))


def build_site_into(
    folder: Path,
    config: Config,
    validated: Result,
    *,
    audience: ReaderName = VENDOR_TEAM,
    engagements: tuple[str, ...] = (),
    engine: str = "mkdocs",
) -> bool:
    """Write the site's pages into ``folder/pages`` and build them into ``folder/site``
    with ``engine``; the engine's warnings are shown afterwards. An engine that leaves
    out a generated page fails the build.

    A project without ``mkdocs.yml`` gets its PDFs, and a note that it has no site
    (the result is then False).
    """
    try:
        mkdocs_config = find_mkdocs_config(config.base)
    except SiteError as exc:
        click.echo(f"note: {exc}; the site is not built", err=True)
        return False
    pages = folder / "pages"
    sources = site_sources(validated, config, audience, engagements)
    notes = write_site_folder(mkdocs_config, pages, sources)
    if engine == "zensical":
        build_with_zensical(pages / SETTINGS)  # into pages/site: it builds nowhere else
        (pages / "site").rename(folder / "site")
        warnings: list[str] = []
    else:
        warnings = _build_with_mkdocs(pages / SETTINGS, folder / "site")
    missing = missing_pages(sources, folder / "site")
    if missing:
        raise SiteError(
            f"{engine} left out {len(missing)} of the {len(sources.pages)} generated pages "
            f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}), so nothing "
            "was written: check that the site settings do not exclude them"
        )
    for warning in [*notes, *warnings]:
        click.echo(f"warning: {warning}", err=True)
    return True


def _build_with_mkdocs(config_file: Path, site_dir: Path) -> list[str]:
    """Build with MkDocs in this process, with a progress bar; its warnings."""
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

        _, warnings = build_site(config_file, site_dir, progress=advance)
    return warnings


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


COMMANDS = (build,)
