"""`playbook pdf`: typeset each engagement's brief, matrix, checklist and plan."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.audience import VENDOR_TEAM, ReaderName, for_audience, reader_folder
from generator.branding import pdf_style
from generator.cli.options import audience_option, config_option, force_option, resolve_config
from generator.config import Config
from generator.diagnostics import Severity
from generator.errors import PlaybookError
from generator.models import Engagement
from generator.pdf import PdfStyle, jobs_for, run
from generator.portfolio import Portfolio
from generator.validation import Result, validate
from generator.writing import claim, staged_folder

F = TypeVar("F", bound=Callable[..., Any])


class UnknownEngagementError(PlaybookError):
    """An engagement id on the command line is not in the playbooks."""


def scope_to(result: Result, engagements: Sequence[str], config: Config) -> Result:
    """``result`` as a command for ``engagements`` sees it (:meth:`Result.scoped`).

    Stops with a usage error when an engagement id is not in the playbooks.
    """
    known = {p.id for p in result.portfolio.playbooks}
    unknown = [e for e in engagements if e not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise UnknownEngagementError(
            f"unknown engagement `{unknown[0]}` (engagements in {config.settings.root}: {listed}; "
            "an engagement whose engagement file has errors is not listed)"
        )
    return scoped_with_note(result, engagements)


def scoped_with_note(result: Result, engagements: Sequence[str]) -> Result:
    """:meth:`Result.scoped`, saying how many errors of other engagements it set aside."""
    scoped = result.scoped(engagements)
    elsewhere = result.count(Severity.ERROR) - scoped.count(Severity.ERROR)
    if elsewhere:
        click.echo(
            f"note: {elsewhere} error{'s' if elsewhere != 1 else ''} in other engagements "
            f"{'do' if elsewhere != 1 else 'does'} not stop this command; they are shown as "
            "warnings, and `playbook validate` fails on them",
            err=True,
        )
    return scoped


def build_pdfs(
    portfolio: Portfolio,
    folder: Path,
    engagements: Sequence[str] = (),
    *,
    workers: int | None = None,
    audience: ReaderName = VENDOR_TEAM,
    style: PdfStyle | None = None,
    own_folder: bool = True,
) -> list[Path]:
    """Typeset the PDFs of ``engagements`` (all by default) into ``folder/<id>/`` (into
    ``folder`` itself, for one engagement, without ``own_folder``).

    Each engagement's documents are filtered for ``audience`` first, so nothing a
    reader may not see reaches the templates. Shows a progress bar on a terminal.
    This is the PDF part of `playbook build`.
    """
    scoped = for_audience(portfolio, audience, tuple(engagements) or None)
    jobs = [
        job
        for playbook in scoped.playbooks
        for job in jobs_for(playbook, folder, audience=audience, style=style, own_folder=own_folder)
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
    """Documents left out because their files have errors, as ``engagement: kind``, and
    whole engagements whose engagement file has errors, by their folder."""
    portfolio = result.portfolio
    built = {playbook.folder.resolve() for playbook in portfolio.playbooks}
    unbuilt = [
        f"{path.parent.name}: the whole engagement (its {Engagement.FILE_NAME} has errors)"
        for path in sorted(portfolio.root.glob(f"*/{Engagement.FILE_NAME}"))
        if path.parent.resolve() not in built and not engagements
    ]
    return unbuilt + [
        f"{playbook.id}: {kind}"
        for playbook in portfolio.playbooks
        if not engagements or playbook.id in engagements
        for kind in sorted(playbook.broken)
    ]


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
    result = validate((), config)
    result = scope_to(result, engagements, config)
    if output is not None:
        claim(output, force=force, keep_out=(config.root,))
    written = 0
    units = _pdf_folders(result, output, audience, engagements)
    for folder, members in units:
        with staged_folder(folder, mark=output is not None, keep_out=(config.root,)) as staging:
            written += len(
                build_pdfs(
                    result.portfolio,
                    staging,
                    members,
                    workers=jobs,
                    audience=audience,
                    style=pdf_style(config),
                    own_folder=output is not None,
                )
            )
    count = len(engagements or result.portfolio.playbooks)
    noun = "engagement" if count == 1 else "engagements"
    where = output or _common_folder([folder for folder, _ in units], audience)
    click.echo(f"Wrote {written} PDFs for {count} {noun} to {where} ({audience} copies).")
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


def _pdf_folders(
    result: Result, output: Path | None, audience: ReaderName, engagements: tuple[str, ...]
) -> list[tuple[Path, tuple[str, ...]]]:
    """Each folder replaced whole and its engagements: ``-o`` is one folder with one
    folder per engagement inside; otherwise each engagement's PDFs are a folder of their
    own in the reader's folder (``build/client/<id>/pdf/<id>``, ``build/internal/pdf/<id>``),
    so that rebuilding one engagement leaves the others alone."""
    if output is not None:
        return [(output, engagements)]
    chosen = engagements or tuple(p.id for p in result.portfolio.playbooks)
    return [(reader_folder(audience, e) / "pdf" / e, (e,)) for e in chosen]


def _common_folder(folders: list[Path], audience: ReaderName) -> Path:
    """The folder to name for the PDFs of several engagements: the one holding them all."""
    parents = {folder.parent for folder in folders}
    return parents.pop() if len(parents) == 1 else reader_folder(audience)


COMMANDS = (pdf,)
