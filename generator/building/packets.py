"""The proposal packet of each selected engagement: the packet part of a build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.audience import reader, reader_folder
from generator.branding import load_branding
from generator.config import Config
from generator.errors import PlaybookError
from generator.pdf import PdfJob, run
from generator.pdf.packet.build import PacketPlan, plan_packet
from generator.pdf.packet.contents import Cover
from generator.readiness import review
from generator.selection import Selection
from generator.writing import claim, refuse_to_replace, refuse_unsafe_file, staged_folder


class OutputError(PlaybookError):
    """The output path cannot take a packet without losing something."""


@dataclass(frozen=True)
class PacketWritten:
    """One engagement's packet: its plan (what it lacks, what it left out), where it
    went, and the files written (one, or one per part)."""

    plan: PacketPlan
    target: Path
    written: list[Path]


def write_packet(
    selection: Selection,
    config: Config,
    output: Path | None = None,
    *,
    cover: Cover,
    split: bool = False,
    force: bool = False,
) -> PacketWritten:
    """`playbook packet`: the packet of the selection's one engagement, for its reader.

    It goes to ``output`` or to ``<id>-<reader>.pdf`` in the reader's ``packets``
    folder; with ``split``, each part is a PDF of its own in that folder, replaced
    whole. A file in the way that is not a PDF, or a folder of files playbook did not
    make, is refused (a user's PDF given as ``output`` unless ``force``).
    """
    (engagement,) = selection.engagements
    audience = selection.audience
    default = reader_folder(audience, engagement) / "packets" / f"{engagement}-{audience}"
    target = _target(output or default.with_suffix("" if split else ".pdf"), split)
    keep_out = (config.root,)
    if split and output is not None:
        claim(output, force=force, keep_out=keep_out)
    elif not split:
        refuse_to_replace(output, force)
        refuse_unsafe_file(target, keep_out=keep_out)
    if not split:
        plan = _plan(selection, engagement, config, target, cover)
        return PacketWritten(plan, target, run(plan.jobs))
    with staged_folder(target, mark=output is not None, keep_out=keep_out) as staging:
        plan = _plan(selection, engagement, config, staging, cover, split=True)
        written = run(plan.jobs)
    return PacketWritten(plan, target, [target / path.name for path in written])


def _target(path: Path, split: bool) -> Path:
    """Check ``path`` can take the packet without overwriting anything but an older PDF."""
    if split:
        if path.exists() and not path.is_dir():
            raise OutputError(f"{path} is a file; --split writes a folder of PDFs")
        return path
    if path.suffix.lower() != ".pdf":
        raise OutputError(f"{path}: the packet is a PDF, give a file name ending in .pdf")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name, or --split to write parts")
    if path.exists() and not path.read_bytes()[:5] == b"%PDF-":
        raise OutputError(f"{path} exists and is not a PDF; not overwriting it")
    return path


def _plan(
    selection: Selection,
    engagement: str,
    config: Config,
    output: Path,
    cover: Cover,
    *,
    split: bool = False,
) -> PacketPlan:
    """The packet's plan; the vendor's own copy carries the readiness review."""
    vendor_team = reader(selection.audience).vendor_team
    return plan_packet(
        selection.result.portfolio,
        engagement,
        selection.audience,
        load_branding(config),
        output,
        split=split,
        readiness=review(selection.result, engagement, config) if vendor_team else None,
        cover=cover,
    )


def packet_jobs(
    selection: Selection, folder: Path, config: Config
) -> tuple[list[PdfJob], list[str]]:
    """The jobs of each selected engagement's packet for the selection's reader, as
    ``folder/<id>-<reader>.pdf``, dated ``config.today``; and a note for each engagement
    that has none."""
    notes: list[str] = []
    jobs: list[PdfJob] = []
    for engagement in selection.engagements:
        path = folder / f"{engagement}-{selection.audience}.pdf"
        try:
            plan = _plan(selection, engagement, config, path, Cover(config.today))
        except PlaybookError as exc:
            notes.append(f"no packet for {engagement}: {exc}")
            continue
        jobs.extend(plan.jobs)
    return jobs, notes
