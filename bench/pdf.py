"""PDF speed: Typst briefs against WeasyPrint on the same briefs, and signing.

    .venv/bin/pip install weasyprint     # the peer; not a project dependency
    .venv/bin/python bench/pdf.py [COUNT]

Renders the engagement briefs of COUNT generated engagements (100 by default) with
Typst in a spawn-based pool on every core, then the same briefs as HTML pages (built
from the same data the Typst template reads) with WeasyPrint, the engine MkDocs PDF
plugins use, in a pool of the same size. Then signs every Typst brief with pyHanko.
Prints PDFs per second for each and the ratios.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from jinja2 import Environment  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench.corpus import generate  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.pdf.batch import job, run  # noqa: E402
from generator.pdf.documents import pdf_kinds  # noqa: E402
from generator.signoff.signing import load_key, sign_pdf  # noqa: E402
from generator.validation import validate  # noqa: E402
from tests import pki  # noqa: E402

WHEN = datetime(2026, 11, 18, tzinfo=UTC)

#: The brief as an HTML page, from the same data the Typst template reads.
HTML = (Path(__file__).parent / "brief.html.j2").read_text(encoding="utf-8")


def weasy_pdf(html: str) -> int:
    """One brief through WeasyPrint (a pool worker's entry point); returns its page count."""
    from weasyprint import HTML as Page  # noqa: PLC0415 - only the workers need it

    document = Page(string=html).render()
    document.write_pdf()
    return len(document.pages)


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:7.1f} PDFs/s ({seconds:6.2f} s for {count})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=100, help="engagements")
    args = parser.parse_args()
    if importlib.util.find_spec("weasyprint") is None:
        sys.exit("bench/pdf.py needs its peer: .venv/bin/pip install weasyprint")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        generate(args.count, base / "playbooks")
        result = validate((base / "playbooks",), Config(base=base))
        brief = pdf_kinds()[0]
        jobs = [
            job(p, brief, base / "typst" / f"{p.id}.pdf", WHEN) for p in result.portfolio.playbooks
        ]
        print(f"{len(jobs)} engagement briefs, {cores} cores, spawn pools of {cores} workers")

        start = time.perf_counter()
        written = run(jobs, workers=cores)
        typst_s = time.perf_counter() - start
        pages = sum(len(PdfReader(path).pages) for path in written) / len(written)
        print(
            f"Typst      {rate(len(written), typst_s)}  {pages:.1f} pages each, pool start included"
        )

        start, cpu = time.perf_counter(), time.process_time()
        for item in jobs[: min(20, len(jobs))]:
            item.render()
        warm, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"Typst      {rate(min(20, len(jobs)), warm)}  one warm process, "
            f"{cpu / min(20, len(jobs)) * 1000:.0f} ms CPU a brief"
        )

        template = Environment(autoescape=True).from_string(HTML)
        pages_html = [template.render(d=item.data) for item in jobs]
        context = multiprocessing.get_context("spawn")
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
            counts = list(pool.map(weasy_pdf, pages_html))
        weasy_s = time.perf_counter() - start
        print(
            f"WeasyPrint {rate(len(counts), weasy_s)}  {sum(counts) / len(counts):.1f} pages each"
        )
        per_page = (pages * len(written) / typst_s) / (sum(counts) / weasy_s)
        print(
            f"Typst is {weasy_s / typst_s:.1f}x WeasyPrint's speed a brief, "
            f"{per_page:.1f}x a page (its briefs set more pages from the same data)"
        )

        key = load_key(
            pki.authority(base / "keys").issue(base / "keys", "Bench Signer"), pki.PASSPHRASE
        )
        start = time.perf_counter()
        for path in written:
            sign_pdf(path, key)
        sign_s = time.perf_counter() - start
        print(f"Signing    {rate(len(written), sign_s)}  pyHanko PAdES B-B, one process")
        _goals(len(written) / typst_s, weasy_s / typst_s, len(written) / sign_s)


def _goals(typst_rate: float, ratio: float, sign_rate: float) -> None:
    checks: list[tuple[str, Any]] = [
        ("Typst >= 100 PDFs/s", typst_rate >= 100),
        ("Typst >= 15x WeasyPrint", ratio >= 15),
        ("signing >= 20 PDFs/s", sign_rate >= 20),
    ]
    print("Goals: " + "; ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in checks))


if __name__ == "__main__":
    main()
