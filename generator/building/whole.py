"""`playbook build` as one call: validate, then every output of one reader, each folder
swapped in whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from generator.audience import VENDOR_TEAM, ReaderName, reader, reader_folder
from generator.branding import pdf_style
from generator.building.events import FolderBuilt, Listener, Step, Validated, counter, ignore
from generator.building.packets import packet_jobs
from generator.building.pdfs import pdf_jobs
from generator.building.site import build_site_into
from generator.config import Config
from generator.pdf.jobs import typesetting
from generator.selection import Selection, select
from generator.validation import Result, validate
from generator.writing import claim, staged_folder


def build(
    config: Config,
    audience: ReaderName = VENDOR_TEAM,
    engagements: Sequence[str] = (),
    *,
    output: Path | None = None,
    engine: str = "mkdocs",
    offline: bool = False,
    force: bool = False,
    listen: Listener = ignore,
    result: Result | None = None,
) -> list[FolderBuilt]:
    """Validate the playbooks and build the site, the PDFs and the packets of
    ``engagements`` (all when empty) for ``audience``; each folder built.

    The outputs go into ``output``, or by default into ``build/internal``, or
    ``build/<reader>/<engagement>`` for a reader of one engagement (one folder for each;
    such a build names its engagements among several). Each folder is built beside its
    place and swapped in whole, so it holds either the complete previous build or the
    complete new one; a folder given as ``output`` that holds files this build did not
    make is refused unless ``force``. ``result`` is a validation already made of
    ``config``'s playbooks. ``offline`` builds a site that works opened from disk, to
    hand over as a folder or a zip.

    Raises :class:`~generator.selection.InvalidPlaybooksError` before writing anything
    when the playbooks have errors; ``listen`` receives :class:`Validated`, then the
    progress of each stage and each :class:`FolderBuilt`.
    """
    checked = result if result is not None else validate((), config)
    selection = select(checked, config, engagements, audience, output="build").require_valid()
    folders = _folders(output, selection)
    if output is not None:  # what is under build/ is playbook's own
        for folder, _ in folders:
            claim(folder, force=force, keep_out=(config.root,))
    listen(Validated(selection))
    style = pdf_style(config)
    built = []
    for folder, members in folders:
        part = select(selection.result, config, members, audience)
        with staged_folder(folder, mark=output is not None, keep_out=(config.root,)) as staging:
            pdfs = pdf_jobs(part, staging / "pdf", style=style)
            packet_files, no_packet = packet_jobs(part, staging / "packets", config)
            # the PDFs and packets typeset on every core while this process builds the site
            packet_paths = {job.output for job in packet_files}
            with typesetting([*pdfs, *packet_files]) as started:
                heard = _heard(listen, len(pdfs), packet_paths)

                def site_step(step: Step, heard: Callable[[Path], None] = heard) -> None:
                    listen(step)
                    started.poll(heard)  # the files typeset meanwhile, told as they come

                site = build_site_into(
                    staging, part, config, engine=engine, offline=offline, listen=site_step
                )
                started.wait(heard)
        done = FolderBuilt(
            folder,
            site.built,
            len(pdfs),
            len(packet_files),
            tuple(site.warnings),
            (*site.notes, *no_packet),
        )
        listen(done)
        built.append(done)
    return built


def _heard(listen: Listener, pdfs: int, packets: set[Path]) -> Callable[[Path], None]:
    """One listener for the files of both stages, each file a step of its own stage."""
    on_pdf = counter(listen, "pdf", pdfs)
    on_packet = counter(listen, "packets", len(packets))

    def tell(path: Path) -> None:
        (on_packet if path in packets else on_pdf)(path)

    return tell


def _folders(output: Path | None, selection: Selection) -> list[tuple[Path, tuple[str, ...]]]:
    """Each output folder and the engagements it holds: one per client or prospect."""
    scope = selection.engagements
    audience = selection.audience
    if not reader(audience).one_engagement:
        return [(output or reader_folder(audience), scope)]
    if output is not None and len(scope) == 1:
        return [(output, scope)]
    return [
        (output / engagement if output else reader_folder(audience, engagement), (engagement,))
        for engagement in scope
    ]
