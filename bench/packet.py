"""Packet speed: one proposal packet against the four PDFs it includes, on the same data.

    .venv/bin/python bench/packet.py [COUNT]

Generates COUNT engagements (20 by default). Plans a prospect packet for each (audience
filter, answers, summary and the four documents' data) and typesets the packets in a
spawn-based pool on every core; then typesets the same engagements' four internal PDFs
(`playbook pdf`, the peer) in a pool of the same size. Prints the time of each, pages
per second, and the ratio: what one packet costs against the documents it holds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from pypdf import PdfReader  # noqa: E402

from bench.corpus import generate  # noqa: E402
from generator.branding import Branding  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.pdf.batch import jobs_for, run  # noqa: E402
from generator.pdf.packet.build import plan_packet  # noqa: E402
from generator.validation import validate  # noqa: E402

WHEN = datetime(2026, 11, 18, tzinfo=UTC)


def pages(paths: list[Path]) -> int:
    return sum(len(PdfReader(path).pages) for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=20, help="engagements")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        generate(args.count, base / "playbooks")
        result = validate((base / "playbooks",), Config(base=base))
        ids = [p.id for p in result.portfolio.playbooks]
        print(f"{len(ids)} engagements, {cores} cores, spawn pools of {cores} workers")

        start = time.perf_counter()
        out = base / "packets"
        plans = [
            plan_packet(result.portfolio, e, "prospect", Branding(), out / f"{e}.pdf", when=WHEN)
            for e in ids
        ]
        planned = time.perf_counter() - start
        start = time.perf_counter()
        packets = run([job for plan in plans for job in plan.jobs], workers=cores)
        packet_s = time.perf_counter() - start
        packet_pages = pages(packets)

        start = time.perf_counter()
        jobs = [j for p in result.portfolio.playbooks for j in jobs_for(p, base / "pdf", WHEN)]
        documents_planned = time.perf_counter() - start
        start = time.perf_counter()
        documents = run(jobs, workers=cores)
        documents_s = time.perf_counter() - start
        document_pages = pages(documents)

        each = 1000 / len(ids)
        print(
            f"packets    plan {planned * each:6.1f} ms each, typeset {packet_s:6.2f} s: "
            f"{len(packets)} PDFs, {packet_pages / packet_s:6.1f} pages/s "
            f"({packet_pages / len(packets):.0f} pages each)"
        )
        print(
            f"documents  plan {documents_planned * each:6.1f} ms each, typeset "
            f"{documents_s:6.2f} s: {len(documents)} PDFs, "
            f"{document_pages / documents_s:6.1f} pages/s"
        )
        total_packet, total_documents = planned + packet_s, documents_planned + documents_s
        print(
            f"A packet costs {total_packet / total_documents:.2f}x its engagement's four PDFs "
            f"({total_packet * each:.0f} ms against {total_documents * each:.0f} ms an engagement)"
        )


if __name__ == "__main__":
    main()
