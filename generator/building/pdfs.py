"""The PDFs of one reader's engagements: `playbook pdf`, and the PDF part of a build."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.audience import reader_folder
from generator.branding import pdf_style
from generator.building.events import OnStep, counter, ignore
from generator.config import Config
from generator.models import Engagement
from generator.pdf import PdfStyle, jobs_for, run
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
    written: list[Path] = []
    for folder, members in units:
        part = select(selection.result, config, members, selection.audience)
        with staged_folder(folder, mark=output is not None, keep_out=(config.root,)) as staging:
            written += build_pdfs(
                part,
                staging,
                workers=workers,
                style=pdf_style(config),
                own_folder=output is not None,
                listen=listen,
            )
    parents = {folder.parent for folder, _ in units}
    common = parents.pop() if len(parents) == 1 else reader_folder(selection.audience)
    return PdfsWritten(written, output or common)


def build_pdfs(
    selection: Selection,
    folder: Path,
    *,
    style: PdfStyle | None = None,
    workers: int | None = None,
    own_folder: bool = True,
    listen: OnStep = ignore,
) -> list[Path]:
    """Typeset the PDFs of the selected engagements into ``folder/<id>/`` (into
    ``folder`` itself, for one engagement, without ``own_folder``); the files written.

    The playbooks are the selection's, filtered for its reader, so nothing a reader may
    not see reaches the templates. Reports a :class:`Step` of stage ``pdf`` per file.
    """
    audience = selection.audience
    jobs = [
        job
        for playbook in selection.portfolio.playbooks
        for job in jobs_for(playbook, folder, audience=audience, style=style, own_folder=own_folder)
    ]
    return run(jobs, workers=workers, on_done=counter(listen, "pdf", len(jobs)))


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
