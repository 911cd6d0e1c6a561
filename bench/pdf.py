"""PDF speed: Typst briefs against WeasyPrint on the same briefs, and signing.

    .venv/bin/pip install weasyprint     # the peer; not a project dependency
    .venv/bin/python bench/pdf.py [COUNT] [--rounds N]

Plans the engagement briefs of COUNT generated engagements (40 by default), and the same
briefs as HTML pages built from the same data the Typst template reads. Then, for N
rounds (3 by default), the sides take turns, each in a process of its own that typesets
every brief in a spawn-based pool on every core:

- Typst, as `playbook pdf` does;
- WeasyPrint, the engine MkDocs PDF plugins use;
- a pool of the same size that only starts (imports and loads Typst's fonts), which is
  what each worker pays before its first brief.

For each it prints the median wall and CPU time (the process and its workers, from
`wait4`), PDFs per second, CPU per PDF and per page, and the peak resident memory of
the largest process; then the ratios, and the rate of signing the Typst briefs with
pyHanko in one process.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from jinja2 import Environment  # noqa: E402

WHEN = datetime(2026, 11, 18, tzinfo=UTC)

#: The brief as an HTML page, from the same data the Typst template reads.
HTML = (Path(__file__).parent / "brief.html.j2").read_text(encoding="utf-8")
SIDES = ("typst", "weasyprint", "pool-start")


@dataclass(frozen=True)
class Figures:
    wall: float
    cpu: float
    peak_mb: float
    pdfs: int
    pages: int


def weasy_pdf(html: str) -> int:
    """One brief through WeasyPrint (a pool worker's entry point); returns its page count."""
    from weasyprint import HTML as Page  # noqa: PLC0415 - only the workers need it

    document = Page(string=html).render()
    document.write_pdf()
    return len(document.pages)


def typst_pdf(job: object) -> int:
    """One brief through Typst (a pool worker's entry point), written to its file."""
    from generator.pdf.jobs import run_job  # noqa: PLC0415 - only the workers need it

    run_job(job)  # type: ignore[arg-type]
    return 1


def started(_: int) -> int:
    """A worker that starts as a Typst worker does, and typesets nothing."""
    from generator.pdf.engine import compiler  # noqa: PLC0415 - only the workers need it

    compiler()
    return 0


def pages_of(paths: list[Path]) -> int:
    """Pages of the PDFs at ``paths``, counted outside the timed runs."""
    from pypdf import PdfReader  # noqa: PLC0415

    return sum(len(PdfReader(path).pages) for path in paths)


def side(name: str, folder: Path) -> None:
    """Run one side in this process (a child of the benchmark) and print its counts."""
    cores = os.cpu_count() or 1
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
        if name == "typst":
            jobs = pickle.loads((folder / "jobs.pickle").read_bytes())
            counts = list(pool.map(typst_pdf, jobs))  # pages are counted afterwards
        elif name == "weasyprint":
            pages = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
            counts = list(pool.map(weasy_pdf, pages))
        else:
            counts = list(pool.map(started, range(cores)))
    print(json.dumps({"pdfs": sum(1 for c in counts if c), "pages": sum(counts)}))


def measure(name: str, folder: Path) -> Figures:
    """One side in a process of its own: wall, CPU (workers included) and peak memory."""
    begin = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--side", name, "--folder", str(folder)], stdout=subprocess.PIPE
    )
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - begin
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the {name} side failed")
    counts = json.loads(output)
    cpu = usage.ru_utime + usage.ru_stime
    return Figures(wall, cpu, usage.ru_maxrss / 1024, counts["pdfs"], counts["pages"])


def median(runs: list[Figures]) -> Figures:
    mid = statistics.median
    first = runs[0]
    return Figures(
        mid(r.wall for r in runs), mid(r.cpu for r in runs), max(r.peak_mb for r in runs),
        first.pdfs, first.pages,
    )  # fmt: skip


def plan(count: int, folder: Path) -> list[Path]:
    """The briefs' Typst jobs and HTML pages, written to ``folder`` for the sides to read."""
    from bench.corpus import generate  # noqa: PLC0415
    from generator.config import Config  # noqa: PLC0415
    from generator.pdf.batch import job  # noqa: PLC0415
    from generator.pdf.documents import pdf_kinds  # noqa: PLC0415
    from generator.validation import validate  # noqa: PLC0415

    generate(count, folder / "playbooks")
    result = validate((folder / "playbooks",), Config(base=folder))
    brief = pdf_kinds()[0]
    out = folder / "typst"
    jobs = [job(p, brief, out / f"{p.id}.pdf", WHEN) for p in result.portfolio.playbooks]
    (folder / "jobs.pickle").write_bytes(pickle.dumps(jobs))
    template = Environment(autoescape=True).from_string(HTML)
    pages = [template.render(d=item.data) for item in jobs]
    (folder / "pages.json").write_text(json.dumps(pages), encoding="utf-8")
    return [item.output for item in jobs]


def show(name: str, run: Figures) -> None:
    if not run.pdfs:
        print(
            f"{name:<11} wall {run.wall:5.2f} s  cpu {run.cpu:5.2f} s  peak {run.peak_mb:4.0f} MB"
        )
        return
    print(
        f"{name:<11} {run.pdfs / run.wall:5.1f} PDFs/s  wall {run.wall:5.2f} s  "
        f"cpu {run.cpu:5.2f} s: {run.cpu / run.pdfs * 1000:4.0f} ms a PDF, "
        f"{run.cpu / run.pages * 1000:4.1f} ms a page ({run.pages / run.pdfs:.1f} pages each)  "
        f"peak {run.peak_mb:4.0f} MB"
    )


def sign_rate(paths: list[Path], folder: Path) -> float:
    """PDFs signed a second with pyHanko in this process."""
    from generator.signoff.signing import load_key, sign_pdf  # noqa: PLC0415
    from tests import pki  # noqa: PLC0415

    key = load_key(
        pki.authority(folder / "keys").issue(folder / "keys", "Bench Signer"), pki.PASSPHRASE
    )
    begin = time.perf_counter()
    for path in paths:
        sign_pdf(path, key, signed_on=datetime.now(tz=UTC).date())
    return len(paths) / (time.perf_counter() - begin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=40, help="engagements")
    parser.add_argument("--rounds", type=int, default=3, help="turns of each side")
    parser.add_argument("--side", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        side(args.side, args.folder)
        return
    if importlib.util.find_spec("weasyprint") is None:
        sys.exit("bench/pdf.py needs its peer: .venv/bin/pip install weasyprint")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        written = plan(args.count, folder)
        print(f"{len(written)} engagement briefs, {cores} cores, spawn pools of {cores} workers")
        runs: dict[str, list[Figures]] = {name: [] for name in SIDES}
        for _ in range(args.rounds):
            for name in SIDES:
                runs[name].append(measure(name, folder))
        typst, weasy, start = (median(runs[name]) for name in SIDES)
        typst = replace(typst, pages=pages_of(written))
        show("Typst", typst)
        show("WeasyPrint", weasy)
        show("pool start", start)
        # like for like: the same briefs, from the same data; their page counts differ
        # (each engine sets the content its own way), so a page is no common unit
        print(
            f"Typst against WeasyPrint, the same {typst.pdfs} briefs: "
            f"{weasy.cpu / typst.cpu:.1f}x less CPU a brief, "
            f"{typst.pdfs / typst.wall / (weasy.pdfs / weasy.wall):.1f}x the briefs a second "
            f"(Typst sets {typst.pages / typst.pdfs:.1f} pages a brief, WeasyPrint "
            f"{weasy.pages / max(weasy.pdfs, 1):.1f}); a pool worker starts in "
            f"{start.cpu / cores:.2f} s of CPU (goal: 0.3 s)"
        )
        alone = (typst.cpu - start.cpu) / typst.pdfs * 1000
        print(
            f"Typst without the pool's start: {alone:.0f} ms of CPU a brief of "
            f"{typst.pages / typst.pdfs:.1f} pages (goal: at most 100 ms for 8 pages)"
        )
        print(
            f"Signing    {sign_rate(written, folder):5.1f} PDFs/s  pyHanko PAdES B-B, one process"
        )


if __name__ == "__main__":
    main()
