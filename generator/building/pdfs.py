"""The PDFs of one reader's engagements: `playbook pdf`, and the PDF part of a build."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from generator.audience import reader_folder
from generator.branding import pdf_style
from generator.building.events import OnStep, counter, ignore
from generator.config import Config
from generator.models import Engagement
from generator.pdf import PdfJob, PdfStyle, jobs_for, run
from generator.selection import Selection, select
from generator.validation import Result
from generator.writing import claim, staged_folder


@dataclass(frozen=True)
class PdfsWritten:
    """The PDFs written, and the folder that holds them all."""

    written: list[Path]
    folder: Path


def write_pdfs(
    selection: Selection,
    config: Config,
    output: Path | None = None,
    *,
    workers: int | None = None,
    force: bool = False,
    listen: OnStep = ignore,
) -> PdfsWritten:
    """`playbook pdf`: the PDFs of the selected engagements, each folder swapped in whole.

    ``output`` is one folder, replaced whole, with a folder per engagement inside; one
    that holds files playbook did not make is refused unless ``force``. By default each
    engagement's PDFs are a folder of their own in the reader's folder
    (``build/internal/pdf/<id>``, ``build/client/<id>/pdf/<id>``), so that rebuilding one
    engagement leaves the others alone.
    """
    if output is not None:
        claim(output, force=force, keep_out=(config.root,))
        units = [(output, selection.engagements)]
    else:
        units = [
            (reader_folder(selection.audience, e) / "pdf" / e, (e,)) for e in selection.engagements
        ]
    with ExitStack() as stack:  # every folder swapped in once all are typeset
        jobs: list[PdfJob] = []
        for folder, members in units:
            part = select(selection.result, config, members, selection.audience)
            staging = stack.enter_context(
                staged_folder(folder, mark=output is not None, keep_out=(config.root,))
            )
            jobs += pdf_jobs(part, staging, style=pdf_style(config), own_folder=output is not None)
        # one pool for all of them: every core works whatever the folder layout
        written = run(jobs, workers=workers, on_done=counter(listen, "pdf", len(jobs)))
    parents = {folder.parent for folder, _ in units}
    common = parents.pop() if len(parents) == 1 else reader_folder(selection.audience)
    return PdfsWritten(written, output or common)


def pdf_jobs(
    selection: Selection,
    folder: Path,
    *,
    style: PdfStyle | None = None,
    own_folder: bool = True,
) -> list[PdfJob]:
    """The PDFs of the selected engagements, to typeset into ``folder/<id>/`` (into
    ``folder`` itself, for one engagement, without ``own_folder``).

    The playbooks are the selection's, filtered for its reader, so nothing a reader may
    not see reaches the templates.
    """
    audience = selection.audience
    return [
        job
        for playbook in selection.portfolio.playbooks
        for job in jobs_for(playbook, folder, audience=audience, style=style, own_folder=own_folder)
    ]


def left_out(result: Result, engagements: Sequence[str]) -> list[str]:
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
