"""`playbook pdf`: typeset each engagement's brief, matrix, checklist and plan."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.cli.options import config_option, resolve_config
from generator.errors import PlaybookError
from generator.pdf import jobs_for, run
from generator.portfolio import Portfolio
from generator.validation import Result, validate


class UnknownEngagementError(PlaybookError):
    """An engagement id on the command line is not in the playbooks."""


def build_pdfs(
    portfolio: Portfolio,
    folder: Path,
    engagements: Sequence[str] = (),
    *,
    workers: int | None = None,
) -> list[Path]:
    """Typeset the PDFs of ``engagements`` (all by default) into ``folder/<id>/``.

    Shows a progress bar on a terminal. This is the PDF part of `playbook build`.
    """
    chosen = [p for p in portfolio.playbooks if not engagements or p.id in engagements]
    jobs = [job for playbook in chosen for job in jobs_for(playbook, folder)]
    console = Console(stderr=True)
    with Progress(
        TextColumn("Typesetting PDFs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("pdf", total=len(jobs))
        return run(jobs, workers=workers, on_done=lambda _: progress.advance(task))


def skipped_documents(result: Result, engagements: Sequence[str]) -> list[str]:
    """Documents left out because their files have errors, as ``engagement: kind``."""
    return [
        f"{playbook.id}: {kind}"
        for playbook in result.portfolio.playbooks
        if not engagements or playbook.id in engagements
        for kind in sorted(playbook.broken)
    ]


@click.command()
@click.argument("engagements", nargs=-1, metavar="[ENGAGEMENT]...")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/pdf"),
    show_default=True,
    help="Folder for the PDFs; each engagement gets a folder inside it.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers (all cores)."
)
@config_option
def pdf(
    engagements: tuple[str, ...], output: Path, jobs: int | None, config_path: Path | None
) -> None:
    """Typeset the PDFs of each ENGAGEMENT (by id; all by default).

    Each engagement gets brief.pdf, escalation.pdf, certification.pdf and ramp.pdf
    (those of its documents that exist). Sign-off pages show each approval as current
    or stale. Documents whose files have errors are left out and the exit code is 1.
    """
    config = resolve_config(config_path)
    result = validate((), config)
    known = {p.id for p in result.portfolio.playbooks}
    unknown = [e for e in engagements if e not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise UnknownEngagementError(
            f"unknown engagement `{unknown[0]}` (engagements in {config.settings.root}: {listed}; "
            "an engagement whose engagement file has errors is not listed)"
        )
    written = build_pdfs(result.portfolio, output, engagements, workers=jobs)
    count = len({path.parent for path in written})
    noun = "engagement" if count == 1 else "engagements"
    click.echo(f"Wrote {len(written)} PDFs for {count} {noun} to {output}.")
    skipped = skipped_documents(result, engagements)
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
