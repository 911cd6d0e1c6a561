"""Packet speed: one proposal packet against the four PDFs it includes, on the same data.

    .venv/bin/python bench/packet.py [COUNT] [--rounds N]

Generates COUNT engagements (20 by default). One side plans a prospect packet for each
(audience filter, answers, summary and the four documents' data) and typesets the
packets in a spawn-based pool on every core; the peer plans and typesets the same
engagements' internal PDFs (`playbook pdf`) in a pool of the same size. The sides take
turns for N rounds (3 by default). Prints, for each, the median wall and CPU time (this
process and its pool workers), pages per second, and the ratio: what one packet costs
against the documents it holds.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from pypdf import PdfReader  # noqa: E402

from bench.corpus import generate  # noqa: E402
from generator.branding import Branding  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.pdf.batch import jobs_for  # noqa: E402
from generator.pdf.jobs import PdfJob, run  # noqa: E402
from generator.pdf.packet.build import plan_packet  # noqa: E402
from generator.validation import validate  # noqa: E402

WHEN = datetime(2026, 11, 18, tzinfo=UTC)


def pages(paths: list[Path]) -> int:
    return sum(len(PdfReader(path).pages) for path in paths)


@dataclass(frozen=True)
class Side:
    wall: float
    cpu: float
    plan: float
    pdfs: int
    pages: int


def cpu_now() -> float:
    """CPU seconds of this process and of the workers it has waited for."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(plan: Callable[[], list[PdfJob]], cores: int) -> Side:
    """Plan the jobs, then typeset them in a pool: wall and CPU of both, and what came out."""
    start, cpu = time.perf_counter(), cpu_now()
    jobs = plan()
    planned = time.perf_counter() - start
    written = run(jobs, workers=cores)
    return Side(time.perf_counter() - start, cpu_now() - cpu, planned, len(written), pages(written))


def median(sides: list[Side]) -> Side:
    mid = statistics.median
    first = sides[0]
    return Side(
        mid(s.wall for s in sides), mid(s.cpu for s in sides), mid(s.plan for s in sides),
        first.pdfs, first.pages,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=20, help="engagements")
    parser.add_argument("--rounds", type=int, default=3, help="turns of each side")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        generate(args.count, base / "playbooks")
        result = validate((base / "playbooks",), Config(base=base))
        ids = [p.id for p in result.portfolio.playbooks]
        print(f"{len(ids)} engagements, {cores} cores, spawn pools of {cores} workers")

        def packets() -> list[PdfJob]:
            out = base / "packets"
            return [
                job
                for e in ids
                for job in plan_packet(
                    result.portfolio, e, "prospect", Branding(), out / f"{e}.pdf", when=WHEN
                ).jobs
            ]

        def documents() -> list[PdfJob]:
            return [j for p in result.portfolio.playbooks for j in jobs_for(p, base / "pdf", WHEN)]

        runs: dict[str, list[Side]] = {"packets": [], "documents": []}
        for _ in range(args.rounds):
            runs["packets"].append(timed(packets, cores))
            runs["documents"].append(timed(documents, cores))
        packet, peer = median(runs["packets"]), median(runs["documents"])
        each = 1000 / len(ids)
        for name, side in (("packets", packet), ("documents", peer)):
            print(
                f"{name:<10} plan {side.plan * each:5.1f} ms each; in all wall {side.wall:5.2f} s, "
                f"cpu {side.cpu:5.2f} s: {side.pdfs} PDFs, {side.pages / side.cpu:5.1f} pages "
                f"per cpu-s ({side.pages / side.pdfs:.1f} pages each)"
            )
        print(
            f"A packet costs {packet.cpu / peer.cpu:.2f}x its engagement's PDFs in CPU "
            f"({packet.cpu * each:.0f} ms against {peer.cpu * each:.0f} ms an engagement; "
            f"wall {packet.wall / peer.wall:.2f}x), and "
            f"{(packet.cpu / packet.pages) / (peer.cpu / peer.pages):.2f}x a page "
            "(goal: at most 1x an engagement)"
        )


if __name__ == "__main__":
    main()
