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
from generator.pdf.documents import KINDS  # noqa: E402
from generator.signing import load_key, sign_pdf  # noqa: E402
from generator.validation import validate  # noqa: E402
from tests import pki  # noqa: E402

WHEN = datetime(2026, 11, 18, tzinfo=UTC)

HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ d.document.title }}</title>
<style>
@page { size: A4; margin: 2.4cm 2cm;
  @bottom-left { content: "{{ d.engagement.title }} · Version {{ d.document.version }}";
                 font-size: 8pt; color: #5b6878; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: serif; font-size: 10.5pt; }
h1 { color: #1c3d5a; font-size: 15pt; } h2 { color: #1c3d5a; font-size: 11.5pt; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th { background: #e8eef4; text-align: left; } td, th { padding: 4px; border-bottom: 1px solid #c9d2dc; }
.title { page-break-after: always; } .title h1 { font-size: 24pt; }
</style></head><body>
<section class="title"><p>ENGAGEMENT BRIEF</p><h1>{{ d.engagement.title }}</h1>
<p>{{ d.engagement.client }} and {{ d.engagement.vendor }}</p>
<p>Version {{ d.document.version }} · {{ d.document.status }} · {{ d.document.owner }}</p>
<p>{{ d.engagement.summary }}</p></section>
<h1>Parties and team</h1>
{% for party in d.team %}<h2>{{ party.party }}: {{ party.name }}</h2><ul>
{% for p in party.people %}<li><b>{{ p.name }}</b>, {{ p.role }} {{ p.contact | join(", ") }}</li>{% endfor %}
</ul>{% endfor %}
<h1>Scope and rules</h1><p>{{ d.summary }}</p>
<h2>Objectives</h2><ul>{% for o in d.objectives %}<li>{{ o }}</li>{% endfor %}</ul>
<h2>In scope</h2><ul>{% for o in d.scope.in %}<li>{{ o }}</li>{% endfor %}</ul>
<h2>Out of scope</h2><ul>{% for o in d.scope.out %}<li>{{ o }}</li>{% endfor %}</ul>
<h2>Hours</h2><ul>{% for o in d.scope.hours %}<li>{{ o }}</li>{% endfor %}</ul>
{% if d.sla %}<h1>Service levels</h1><table><tr><th>Metric</th><th>Target</th><th>Note</th></tr>
{% for t in d.sla.targets %}<tr><td>{{ t.metric }}</td><td>{{ t.target }}</td><td>{{ t.note }}</td></tr>{% endfor %}
</table>{% endif %}
<h1>Timeline</h1><table><tr><th>Due</th><th>Milestone</th><th>Owner</th><th>Deliverable</th><th>Status</th></tr>
{% for r in d.timeline %}<tr><td>{{ r.date }}</td><td>{{ r.title }}</td><td>{{ r.owner }}</td>
<td>{{ r.deliverable }}</td><td>{{ r.status }}</td></tr>{% endfor %}</table>
<h1>Systems and security</h1><table><tr><th>System</th><th>Owner</th><th>Access</th><th>Tested</th></tr>
{% for s in d.systems %}<tr><td>{{ s.name }}</td><td>{{ s.owner }}</td><td>{{ s.access }}</td><td>{{ s.tested }}</td></tr>{% endfor %}
</table>
<h1>Sign-off</h1><p>{{ d.signoff.label }} ({{ d.signoff.digest }})</p><table>
{% for r in d.signoff.recorded %}<tr><td>{{ r.name }}</td><td>{{ r.party }}</td><td>{{ r.date }}</td>
<td>{{ r.digest }}</td><td>{{ "Current" if r.current else "Stale" }}</td></tr>{% endfor %}</table>
</body></html>
"""


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
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        generate(args.count, base / "playbooks")
        result = validate((base / "playbooks",), Config(base=base))
        brief = KINDS[0]
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
        print(f"Typst is {weasy_s / typst_s:.1f}x WeasyPrint's speed")

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
