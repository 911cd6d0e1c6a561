"""Evaluate where every engagement stands, and render the dashboard, against validating them.

    .venv/bin/python bench/progress.py [--count 1000] [--rounds 3]

The corpus copies the examples (Northwind with its day-30 results, Summit without)
``--count`` times. Validation (read, shape and rule checks) is the peer: every command
pays it before anything is evaluated. The sides alternate round by round in one
process; for each the script prints the median wall and CPU time and the peak memory
the side allocated (tracemalloc), then the ratios.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.corpus import generate  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.render.page import SiteOptions  # noqa: E402
from generator.render.portfolio_pages import portfolio_pages  # noqa: E402
from generator.validation import Result, validate  # noqa: E402
from generator.views import progress  # noqa: E402
from generator.views.progress import standing  # noqa: E402
from generator.views.tracking import tracked  # noqa: E402

#: Late enough that every shifted copy's results lie in the past.
TODAY = date(2027, 6, 30)


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call of ``work``."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def peak_of(work: Callable[[], object]) -> int:
    """Peak bytes one call of ``work`` allocates (traced apart: tracing slows the timing)."""
    gc.collect()
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ["PLAYBOOK_TODAY"] = TODAY.isoformat()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "playbooks"
        generate(args.count, root)
        (Path(temp) / "playbook.toml").write_text('[tool.playbook]\nroot = "playbooks"\n')
        config = load_config(Path(temp) / "playbook.toml")
        checked: list[Result] = [validate((), config)]
        errors = [d for d in checked[0].diagnostics if d.severity == "error"]
        if errors:
            raise SystemExit(f"the corpus has errors, such as {errors[0]}")
        portfolio = checked[0].portfolio
        with_results = sum(1 for p in portfolio.playbooks if p.member("Scorecard"))
        options = SiteOptions(today=TODAY, stamp=datetime(2027, 6, 30, tzinfo=UTC))

        def evaluate() -> None:
            progress._STANDINGS.clear()  # measure the work, not the cache of the last round
            for playbook in portfolio.playbooks:
                tracked(playbook, standing(playbook, TODAY))

        def dashboard() -> None:
            progress._STANDINGS.clear()
            portfolio_pages(portfolio, options)

        def peer() -> None:
            checked[0] = validate((), config)

        sides: dict[str, Callable[[], None]] = {
            "evaluate every engagement": evaluate,
            "render the dashboard pages": dashboard,
            "validate (peer)": peer,
        }
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
        for _ in range(args.rounds):  # alternate, so that load on the machine hits each side
            for name, work in sides.items():
                figures[name].append(timed(work))
        peaks = {name: peak_of(work) for name, work in sides.items()}
    print(
        f"{args.count} engagements ({with_results} with results), {args.rounds} rounds, "
        f"as of {TODAY}"
    )
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in figures.items()
    }
    for name, (wall, cpu) in medians.items():
        peak = peaks[name] / 2**20
        print(f"  {name:28} wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak {peak:7.1f} MB")
    peer_cpu, peer_peak = medians["validate (peer)"][1], peaks["validate (peer)"]
    for name in ("evaluate every engagement", "render the dashboard pages"):
        share, memory = medians[name][1] / peer_cpu, peaks[name] / peer_peak
        print(f"  {name}: {share:.2f}x the CPU of validating, {memory:.2f}x its peak memory")


if __name__ == "__main__":
    main()
