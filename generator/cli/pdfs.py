"""`playbook pdf`: typeset each engagement's brief, matrix, checklist and plan."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.audience import VENDOR_TEAM, ReaderName
from generator.building.pdfs import left_out, write_pdfs
from generator.cli.options import (
    audience_option,
    config_option,
    force_option,
    resolve_config,
    selected,
)
from generator.cli.progress import progress_bars


@click.command()
@click.argument("engagements", nargs=-1, metavar="[ENGAGEMENT]...")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the PDFs, replaced whole; each engagement gets a folder inside it. "
    "Default: build/internal/pdf, or build/AUDIENCE/ENGAGEMENT/pdf for a client or prospect.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers (all cores)."
)
@audience_option(VENDOR_TEAM, "Who the PDFs are for: internal shows everything.")
@force_option
@config_option
def pdf(
    engagements: tuple[str, ...],
    output: Path | None,
    jobs: int | None,
    audience: ReaderName,
    force: bool,
    config_path: Path | None,
) -> None:
    """Typeset the PDFs of each ENGAGEMENT (by id; all by default).

    Each engagement gets brief.pdf, escalation.pdf, certification.pdf and ramp.pdf
    (those of its documents that exist). Sign-off pages show each approval as current
    or stale. Documents whose files have errors are left out and the exit code is 1.

    Internal copies say so on every page, list the internal notes and carry the
    source YAML. Client and prospect copies leave out every part marked for a
    narrower audience and every internal note, and carry only what their reader may
    read of the YAML.
    """
    config = resolve_config(config_path)
    selection = selected(config, engagements, audience)
    result = selection.result
    with progress_bars() as show:
        done = write_pdfs(selection, config, output, workers=jobs, force=force, listen=show)
    count = len(selection.engagements)
    noun = "engagement" if count == 1 else "engagements"
    click.echo(
        f"Wrote {len(done.written)} PDFs for {count} {noun} to {done.folder} ({audience} copies)."
    )
    skipped = left_out(result, engagements)
    if result.failed():
        click.echo(
            "The playbooks have errors (`playbook validate` lists them); "
            "stale approvals show as stale on the sign-off pages.",
            err=True,
        )
    if skipped:
        click.echo("Left out, their files have errors: " + "; ".join(skipped), err=True)
        sys.exit(1)


COMMANDS = (pdf,)
