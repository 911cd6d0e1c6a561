"""`playbook build`: validate, then produce every output into one folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.options import config_option, resolve_config
from generator.cli.pdfs import build_pdfs
from generator.config import Vendor
from generator.reporting import REPORTERS
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
    _build_pdfs(result, output, config.settings.vendor)


def _build_pdfs(result: Result, output: Path, vendor: Vendor | None) -> None:
    """The PDFs of every engagement, in ``output/pdf/<engagement id>/``."""
    folder = output / "pdf"
    written = build_pdfs(result.portfolio, folder, accent=vendor.accent if vendor else None)
    click.echo(f"Wrote {len(written)} PDFs to {folder}.")


COMMANDS = (build,)
