"""`playbook pdf`: typeset each engagement's brief, matrix, checklist and plan."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.audience import AUDIENCES, Audience, for_audience
from generator.cli.options import config_option, resolve_config
from generator.config import Config
from generator.errors import PlaybookError
from generator.pdf import jobs_for, run
from generator.portfolio import Portfolio
from generator.validation import Result, validate

F = TypeVar("F", bound=Callable[..., Any])


class UnknownEngagementError(PlaybookError):
    """An engagement id on the command line is not in the playbooks."""


def audience_option(default: Audience, help: str) -> Callable[[F], F]:
    """``--audience``: who the output is for; the choices are checked by click."""
    return click.option(
        "--audience",
        type=click.Choice(AUDIENCES),
        default=default,
        show_default=True,
        help=help,
    )


def check_engagements(result: Result, engagements: Sequence[str], config: Config) -> None:
    """Stop with a usage error when an engagement id is not in the playbooks."""
    known = {p.id for p in result.portfolio.playbooks}
    unknown = [e for e in engagements if e not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise UnknownEngagementError(
            f"unknown engagement `{unknown[0]}` (engagements in {config.settings.root}: {listed}; "
            "an engagement whose engagement file has errors is not listed)"
        )


def build_pdfs(
    portfolio: Portfolio,
    folder: Path,
    engagements: Sequence[str] = (),
    *,
    workers: int | None = None,
    audience: Audience = "internal",
    accent: str | None = None,
) -> list[Path]:
    """Typeset the PDFs of ``engagements`` (all by default) into ``folder/<id>/``.

    Each engagement's documents are filtered for ``audience`` first, so nothing a
    reader may not see reaches the templates. Shows a progress bar on a terminal.
    This is the PDF part of `playbook build`.
    """
    scoped = for_audience(portfolio, audience, tuple(engagements) or None)
    jobs = [
        job
        for playbook in scoped.playbooks
        for job in jobs_for(playbook, folder, audience=audience, accent=accent)
    ]
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
    help="Folder for the PDFs; each engagement gets a folder inside it. "
    "Default: build/pdf, or build/pdf-AUDIENCE for a client or prospect.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel workers (all cores)."
)
@audience_option("internal", "Who the PDFs are for: internal shows everything.")
@config_option
def pdf(
    engagements: tuple[str, ...],
    output: Path | None,
    jobs: int | None,
    audience: Audience,
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
    result = validate((), config)
    check_engagements(result, engagements, config)
    output = output or Path("build/pdf" if audience == "internal" else f"build/pdf-{audience}")
    vendor = config.settings.vendor
    written = build_pdfs(
        result.portfolio,
        output,
        engagements,
        workers=jobs,
        audience=audience,
        accent=vendor.accent if vendor else None,
    )
    count = len({path.parent for path in written})
    noun = "engagement" if count == 1 else "engagements"
    click.echo(f"Wrote {len(written)} PDFs for {count} {noun} to {output} ({audience} copies).")
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
