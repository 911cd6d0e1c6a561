"""`playbook build`: validate, then produce every output into one folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.cli.options import config_option, resolve_config
from generator.cli.pdfs import build_pdfs
from generator.config import Config, Vendor
from generator.reporting import REPORTERS
from generator.sitebuild import SiteError, build_site, find_mkdocs_config
from generator.validation import Result, validate


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder for the outputs.",
)
@config_option
def build(output: Path, config_path: Path | None) -> None:
    """Validate the playbooks and build every output into OUTPUT.

    Stops before writing anything when the playbooks have errors.
    """
    config = resolve_config(config_path)
    result = validate((), config)
    if result.failed():
        click.echo(REPORTERS["text"](result, False), nl=False, err=True)
        click.echo("Nothing was built: fix the errors above first.", err=True)
        sys.exit(1)
    click.echo(f"Validated {result.files} files in {config.settings.root}: no errors.")
    build_site_into(output / "site", config, result)
    _build_pdfs(result, output, config.settings.vendor)


def _build_pdfs(result: Result, output: Path, vendor: Vendor | None) -> None:
    """The PDFs of every engagement, in ``output/pdf/<engagement id>/``."""
    folder = output / "pdf"
    written = build_pdfs(result.portfolio, folder, accent=vendor.accent if vendor else None)
    click.echo(f"Wrote {len(written)} PDFs to {folder}.")


def build_site_into(site_dir: Path, config: Config, validated: Result | None = None) -> None:
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
            mkdocs_config, site_dir, progress=advance, validated=validated
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
