"""Plan the PDFs of many engagements: each playbook turned into the JSON data its
templates read (fast, in this process). ``generator.pdf.jobs`` typesets them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from generator.audience import VENDOR_TEAM, ReaderName
from generator.clock import source_time
from generator.pdf import editions
from generator.pdf.documents import PdfKind, pdf_kinds
from generator.pdf.engine import for_paper
from generator.pdf.jobs import PdfJob
from generator.pdf.manifest import manifest_for
from generator.pdf.reports import TEMPLATE as REPORT_TEMPLATE
from generator.pdf.reports import report_jobs
from generator.portfolio import Playbook
from generator.styling import PdfStyle


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
