"""Measure the site build against plain MkDocs building the same pages.

    python bench/site.py                 # 100 and 1,000 engagements
    python bench/site.py 100 --serve     # also: how fast `mkdocs serve` shows a YAML edit

For each size, the corpus of ``bench/corpus.py`` is built twice, each time by a fresh
``mkdocs build`` process: once with the ``playbooks`` plugin (validate + render + build),
and once as plain MkDocs on the same Markdown pages written to disk beforehand, with
the same theme, extensions and navigation. The two kinds alternate for ``--repeat``
rounds (3 by default), so both see the same machine load, and the median of each is kept.
It prints both times (wall and CPU), the ratio, pages per second and each process's peak
memory, as a bare launcher measures them (``bench/measure.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.corpus import TODAY, generate  # noqa: E402
from bench.measure import measure  # noqa: E402
from generator.clock import build_date, source_time  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.readiness import review  # noqa: E402
from generator.render.page import SiteOptions  # noqa: E402
from generator.render.pages import render_site  # noqa: E402
from generator.site.nav import outline  # noqa: E402
from generator.validation import validate  # noqa: E402

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
GROUP_SIZE = 40


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float
    pages: int


def build(config: Path, site: Path) -> Run:
    """One ``mkdocs build`` in its own process: wall and CPU seconds, peak memory."""
    env = dict(
        os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795000000", PLAYBOOK_TODAY=TODAY
    )
    found = measure([MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)], config.parent, env)
    pages = sum(1 for _ in site.rglob("*.html"))
    return Run(found.wall, found.cpu, found.peak / 1e6, pages)


def project(count: int, folder: Path) -> Path:
    """A project like this one: the shell, mkdocs.yml and ``count`` engagements."""
    generate(count, folder / "playbooks")
    shutil.copytree(PROJECT / "site", folder / "site")
    shutil.copy(PROJECT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "playbook.toml").write_text('[tool.playbook]\nroot = "playbooks"\n')
    return folder / "mkdocs.yml"


def plain(folder: Path, source: Path) -> Path:
    """The same pages as files, and a mkdocs.yml without the plugin but the same nav."""
    settings = load_config(start=source.parent)
    result = validate((), settings)
    options = SiteOptions(today=build_date(), stamp=source_time([settings.root]))
    # The internal site the plugin builds: with each engagement's readiness review.
    reviews = {p.id: review(result, p.id, settings) for p in result.portfolio.playbooks}
    shutil.copytree(PROJECT / "site", folder / "docs")
    for page in render_site(result.portfolio, options, reviews):
        target = folder / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = page.content if isinstance(page.content, bytes) else page.content.encode()
        target.write_bytes(data)
    nav = [
        "index.md",
        "upcoming.md",
        {"Engagements": outline(result.portfolio, "engagements", GROUP_SIZE)},
        "metrics.md",
        {"Reference": [{"Schema": sorted(_md(folder, "reference/schema"))}, "reference/rules.md"]},
        {"Guides": sorted(_md(folder, "guides"))},
        "tags.md",
    ]
    text = (PROJECT / "mkdocs.yml").read_text()
    text = text.replace("docs_dir: site", "docs_dir: docs").replace("  - playbooks\n", "")
    text += "\nnav: " + json.dumps(nav, ensure_ascii=False) + "\n"
    (folder / "mkdocs.yml").write_text(text)
    return folder / "mkdocs.yml"


def _md(folder: Path, sub: str) -> list[str]:
    base = folder / "docs"
    return [p.relative_to(base).as_posix() for p in (base / sub).glob("*.md")]


def compare(count: int, work: Path, repeat: int) -> tuple[Run, Run]:
    """The median of ``repeat`` builds each, alternating, so both see the same machine load."""
    config = project(count, work / f"gen-{count}")
    plain_config = plain(work / f"plain-{count}", config)
    generated: list[Run] = []
    reference: list[Run] = []
    for _ in range(repeat):
        generated.append(build(config, work / f"gen-{count}-site"))
        reference.append(build(plain_config, work / f"plain-{count}-site"))
    return _median(generated), _median(reference)


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.peak_mb for r in runs),
        runs[0].pages,
    )


def report(count: int, generated: Run, reference: Run) -> None:
    for name, run in (("playbooks plugin", generated), ("plain mkdocs", reference)):
        print(
            f"{count:>5} engagements  {name:<17} {run.pages:>5} pages  "
            f"wall {run.wall:6.1f} s  cpu {run.cpu:6.1f} s  "
            f"{run.pages / run.cpu:5.0f} pages/cpu-s  peak {run.peak_mb:5.0f} MB"
        )
    print(
        f"{count:>5} engagements  plugin / plain: wall {generated.wall / reference.wall:.2f}x, "
        f"cpu {generated.cpu / reference.cpu:.2f}x (goal: at most 1.15x)"
    )


def serve_latency(count: int, work: Path, edits: int = 5, port: int = 8731) -> list[float]:
    """Seconds from saving a YAML edit to the served page showing it, for each edit.

    The edited brief is one still in review: editing an approved one makes its
    sign-offs stale, which fails the build as it should.
    """
    config = project(count, work / f"serve-{count}")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLAYBOOK_TODAY=TODAY)
    server = subprocess.Popen(
        [MKDOCS, "serve", "-q", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/engagements/summit-outbound-00001/brief/"
    brief = config.parent / "playbooks" / "summit-outbound-00001" / "brief.yaml"
    took = []
    try:
        _wait_for(url, lambda body: "Working kickoff" in body, 600)
        time.sleep(5)  # let the first build's writes settle
        title = "Working kickoff"
        for edit in range(edits):
            new = f"Working kickoff {edit}"
            brief.write_text(brief.read_text().replace(f"title: {title}", f"title: {new}"))
            started = time.perf_counter()
            _wait_for(url, lambda body, new=new: new in body, 120)
            took.append(time.perf_counter() - started)
            title = new
            time.sleep(1)
        return took
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs removes its temporary folder
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:  # still busy rebuilding: stopped, so it measures
            server.kill()  # nothing else
            server.wait()


def _wait_for(url: str, ready: object, limit: float) -> None:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode()):  # type: ignore[operator]
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show the change within {limit} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--serve", action="store_true", help="also measure mkdocs serve")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind (median kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        work = Path(tmp)
        runs = {}
        for count in args.counts:
            runs[count] = compare(count, work, args.repeat)
            report(count, *runs[count])
        if len(runs) > 1:
            small, large = min(runs), max(runs)
            factor = large / small
            growth = runs[large][0].cpu / runs[small][0].cpu
            print(
                f"growth {small} -> {large} engagements ({factor:.0f}x): plugin build "
                f"{growth:.1f}x cpu, {runs[large][0].wall / runs[small][0].wall:.1f}x wall "
                f"(goal: at most 11x)"
            )
        if args.serve:
            count = min(args.counts)
            took = sorted(serve_latency(count, work))
            print(
                f"mkdocs serve, {count} engagements: a YAML edit shows in the page after "
                f"{took[len(took) // 2]:.2f} s (median of {len(took)}), at most "
                f"{took[-1]:.2f} s (goal: at most 2 s)"
            )


if __name__ == "__main__":
    main()
