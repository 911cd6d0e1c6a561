"""Measure the engines that could compute KPIs from a raw contact export.

    python bench/compute.py                    # 100,000 and 1,000,000 contacts, 3 rounds
    python bench/compute.py --rows 10000000    # a larger export (about 700 MB on disk)

A deterministic contact export (one row per contact: offered time, outcome, wait, talk,
hold and after-contact work) is written once per size. Each engine then computes the same
four figures over the whole file, each run in a process of its own so that its CPU time
(user and system, its threads included) and its peak memory are its alone: service level
(answered within 20 s over contacts offered, abandons within 5 s left out), abandonment,
average speed of answer and average handle time. The engines take turns round by round,
so that each sees the same machine load; the median of the rounds is printed, and the
figures of every engine must agree.

The engines: DuckDB (SQL over the CSV, streamed), Polars (a lazy scan, streamed),
pandas (the file read whole) and Python's csv module (one pass, row by row).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = ("duckdb", "polars", "pandas", "csv")
HEADER = "contact_id,offered_at,outcome,wait_seconds,talk_seconds,hold_seconds,acw_seconds\n"


def write_export(path: Path, rows: int) -> None:
    """``rows`` contacts over November 2026, the same for the same ``rows``."""
    chance = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(rows):
            minute = chance.randrange(30 * 24 * 60)
            day, rest = divmod(minute, 24 * 60)
            wait = int(chance.expovariate(1 / 25))
            abandoned = chance.random() < 0.06
            talk = 0 if abandoned else int(chance.gauss(300, 90)) % 1200 + 30
            hold = 0 if abandoned else int(chance.expovariate(1 / 20))
            acw = 0 if abandoned else int(chance.expovariate(1 / 45))
            out.write(
                f"{n},2026-11-{day + 1:02d} {rest // 60:02d}:{rest % 60:02d}:00,"
                f"{'abandoned' if abandoned else 'answered'},{wait},{talk},{hold},{acw}\n"
            )


SQL = """
select
  count(*) filter (where outcome = 'answered' and wait_seconds <= 20) as met,
  count(*) filter (where not (outcome = 'abandoned' and wait_seconds <= 5)) as counted,
  count(*) filter (where outcome = 'abandoned') as abandoned,
  count(*) as offered,
  avg(wait_seconds) filter (where outcome = 'answered') as asa,
  avg(talk_seconds + hold_seconds + acw_seconds) filter (where outcome = 'answered') as aht
from read_csv(?, header = true, columns = {
  'contact_id': 'BIGINT', 'offered_at': 'TIMESTAMP', 'outcome': 'VARCHAR',
  'wait_seconds': 'DOUBLE', 'talk_seconds': 'DOUBLE', 'hold_seconds': 'DOUBLE',
  'acw_seconds': 'DOUBLE'})
"""


def figures(
    met: float, counted: float, abandoned: float, offered: float, asa: float, aht: float
) -> dict[str, float]:
    return {
        "service_level": round(100 * met / counted, 4),
        "abandonment": round(100 * abandoned / offered, 4),
        "asa": round(asa, 4),
        "aht": round(aht, 4),
    }


def run_duckdb(path: Path) -> dict[str, float]:
    import duckdb  # noqa: PLC0415

    row = duckdb.connect().execute(SQL, [str(path)]).fetchone()
    assert row is not None
    return figures(*row)


def run_polars(path: Path) -> dict[str, float]:
    import polars as pl  # noqa: PLC0415

    answered = pl.col("outcome") == "answered"
    abandoned = pl.col("outcome") == "abandoned"
    row = (
        pl.scan_csv(path)
        .select(
            (answered & (pl.col("wait_seconds") <= 20)).sum().alias("met"),
            (~(abandoned & (pl.col("wait_seconds") <= 5))).sum().alias("counted"),
            abandoned.sum().alias("abandoned"),
            pl.len().alias("offered"),
            pl.col("wait_seconds").filter(answered).mean().alias("asa"),
            (pl.col("talk_seconds") + pl.col("hold_seconds") + pl.col("acw_seconds"))
            .filter(answered)
            .mean()
            .alias("aht"),
        )
        .collect(engine="streaming")
        .row(0)
    )
    return figures(*row)


def run_pandas(path: Path) -> dict[str, float]:
    import pandas as pd  # noqa: PLC0415

    frame = pd.read_csv(path)
    answered = frame["outcome"] == "answered"
    abandoned = frame["outcome"] == "abandoned"
    handled = frame[answered]
    return figures(
        float((answered & (frame["wait_seconds"] <= 20)).sum()),
        float((~(abandoned & (frame["wait_seconds"] <= 5))).sum()),
        float(abandoned.sum()),
        float(len(frame)),
        float(handled["wait_seconds"].mean()),
        float((handled["talk_seconds"] + handled["hold_seconds"] + handled["acw_seconds"]).mean()),
    )


def run_csv(path: Path) -> dict[str, float]:
    import csv  # noqa: PLC0415

    met = counted = abandoned = offered = answered = 0
    waits = handling = 0.0
    with path.open(newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            wait = float(row["wait_seconds"])
            offered += 1
            if row["outcome"] == "abandoned":
                abandoned += 1
                counted += wait > 5
                continue
            counted += 1
            answered += 1
            met += wait <= 20
            waits += wait
            handling += (
                float(row["talk_seconds"]) + float(row["hold_seconds"]) + float(row["acw_seconds"])
            )
    return figures(met, counted, abandoned, offered, waits / answered, handling / answered)


def measure(engine: str, path: Path) -> tuple[float, float, int, dict[str, float]]:
    """Wall seconds, CPU seconds, peak bytes and the figures of one engine's process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--engine", engine, str(path)], stdout=subprocess.PIPE
    )
    assert process.stdout is not None
    found = json.loads(process.stdout.read())
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{engine} failed")
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("file", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:  # one measured process
        print(json.dumps(globals()[f"run_{args.engine}"](args.file)))
        return
    baseline = measure_interpreter()
    print(f"python -c pass: {baseline[1]:.2f} s CPU, {baseline[2] / 2**20:.0f} MB peak")
    with tempfile.TemporaryDirectory() as temp:
        for rows in args.rows:
            path = Path(temp) / f"contacts-{rows}.csv"
            write_export(path, rows)
            size = path.stat().st_size / 2**20
            runs: dict[str, list[tuple[float, float, int]]] = {e: [] for e in ENGINES}
            answers: dict[str, dict[str, float]] = {}
            for _ in range(args.rounds):
                for engine in ENGINES:
                    wall, cpu, peak, found = measure(engine, path)
                    runs[engine].append((wall, cpu, peak))
                    answers[engine] = found
            print(f"\n{rows:,} contacts ({size:.0f} MB), median of {args.rounds} rounds:")
            duck = statistics.median(cpu for _, cpu, _ in runs["duckdb"])
            for engine in ENGINES:
                wall = statistics.median(w for w, _, _ in runs[engine])
                cpu = statistics.median(c for _, c, _ in runs[engine])
                peak = max(p for _, _, p in runs[engine])
                print(
                    f"  {engine:7} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                    f"({cpu / duck:4.1f}x duckdb's CPU)  peak {peak / 2**20:6.0f} MB"
                )
            agreed = all(answers[e] == answers["duckdb"] for e in ENGINES)
            print(f"  figures {'agree' if agreed else 'DISAGREE'}: {answers['duckdb']}")


def measure_interpreter() -> tuple[float, float, int]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


if __name__ == "__main__":
    main()
