"""Plan and run the PDF builds of many engagements, in parallel when there are many.

The parent process turns typed playbooks into JSON data (fast); worker processes only
typeset and write. Workers start with ``spawn``: a forked child of a process that has
already run Typst can deadlock.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from generator.audience import VENDOR_TEAM, ReaderName
from generator.branding import PdfStyle
from generator.clock import source_time
from generator.pdf import editions
from generator.pdf.documents import PdfKind, pdf_kinds
from generator.pdf.engine import Attachment, compile_pdf, for_paper
from generator.pdf.manifest import manifest_for
from generator.pdf.reports import TEMPLATE as REPORT_TEMPLATE
from generator.pdf.reports import report_jobs
from generator.portfolio import Playbook
from generator.writing import write_bytes

#: Below this many PDFs a pool costs more to start than it saves.
POOL_THRESHOLD: Final = 12


@dataclass(frozen=True)
class PdfJob:
    """One PDF to typeset: everything it needs, as plain data a worker can receive."""

    output: Path
    template: str
    data: dict[str, Any]
    manifest: dict[str, Any]
    sources: tuple[Attachment, ...]
    timestamp: datetime
    style: PdfStyle = PdfStyle()  # noqa: RUF009 - frozen, so one shared default is safe

    def render(self) -> bytes:
        return compile_pdf(
            self.template, self.data, self.manifest, self.sources, self.timestamp, self.style
        )


def jobs_for(
    playbook: Playbook,
    folder: Path,
    when: datetime | None = None,
    *,
    audience: ReaderName = VENDOR_TEAM,
    style: PdfStyle | None = None,
    own_folder: bool = True,
) -> list[PdfJob]:
    """The PDFs of one engagement, written to ``folder/<engagement id>/`` (or to
    ``folder`` itself without ``own_folder``).

    ``playbook`` is what ``audience`` may see of it (:func:`generator.audience.for_audience`).
    ``when`` stamps the PDFs; by default the time of the last commit of the
    engagement's files (or ``SOURCE_DATE_EPOCH``), so rebuilding gives the same bytes.
    """
    sources = [doc.source.path for doc in (*playbook.documents(), *playbook.shared_catalogs)]
    stamp = when or source_time(sources)
    style = for_paper(style or PdfStyle(), playbook.engagement.model.spec.client_paper)
    jobs = []
    for kind in pdf_kinds():
        doc = kind.document(playbook)
        if doc is None:
            continue
        output = (folder / playbook.id if own_folder else folder) / kind.file_name
        jobs.append(job(playbook, kind, output, stamp, audience=audience, style=style))
    target = folder / playbook.id if own_folder else folder
    for output, data, manifest, card in report_jobs(playbook, target, stamp, audience):
        jobs.append(
            PdfJob(
                output=output,
                template=REPORT_TEMPLATE,
                data=data,
                manifest=manifest.as_json(),
                sources=(editions.attachment(card, audience),),
                timestamp=stamp,
                style=style or PdfStyle(),
            )
        )
    return jobs


def job(
    playbook: Playbook,
    kind: PdfKind,
    output: Path,
    when: datetime,
    *,
    audience: ReaderName = VENDOR_TEAM,
    style: PdfStyle | None = None,
) -> PdfJob:
    """The job typesetting ``kind``'s document of ``playbook`` into ``output``."""
    doc = kind.document(playbook)
    if doc is None:
        raise ValueError(f"{playbook.id} has no {kind.kind.noun}")
    return PdfJob(
        output=output,
        template=kind.template,
        data={**kind.build(playbook, doc, when.date()), **editions.extras(doc, audience)},
        manifest=manifest_for(playbook, doc, audience).as_json(),
        sources=(editions.attachment(doc, audience),),
        timestamp=when,
        style=style or PdfStyle(),
    )


def run_job(job: PdfJob) -> Path:
    """Typeset ``job`` and write its file atomically (a worker's entry point)."""
    write_bytes(job.output, job.render())
    return job.output


def run(
    jobs: Sequence[PdfJob],
    *,
    workers: int | None = None,
    on_done: Callable[[Path], None] = lambda _: None,
) -> list[Path]:
    """Build every job; in a spawn-based process pool when there are many."""
    count = workers or os.cpu_count() or 1
    if count <= 1 or len(jobs) < POOL_THRESHOLD:
        return list(_serial(jobs, on_done))
    written = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        # a few jobs per task keeps the hand-over cost small against typesetting
        futures = [pool.submit(_run_chunk, chunk) for chunk in _chunks(jobs, 4)]
        for future in as_completed(futures):
            for path in future.result():
                written.append(path)
                on_done(path)
    return sorted(written)


def _serial(jobs: Iterable[PdfJob], on_done: Callable[[Path], None]) -> Iterable[Path]:
    for item in jobs:
        path = run_job(item)
        on_done(path)
        yield path


def _run_chunk(jobs: Sequence[PdfJob]) -> list[Path]:
    return [run_job(item) for item in jobs]


def _chunks(jobs: Sequence[PdfJob], size: int) -> list[Sequence[PdfJob]]:
    return [jobs[start : start + size] for start in range(0, len(jobs), size)]
