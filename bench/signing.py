"""Sign 20 PDFs in one `playbook sign` call against 20 calls of one PDF each.

    .venv/bin/python bench/signing.py [--count 20] [--rounds 3]

The two sides alternate round by round on fresh copies of the same example brief, with
a throwaway key. For each it prints the median wall time, the median CPU time (user and
system of the processes) and the peak resident memory of one process, then the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests import pki  # noqa: E402

BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident bytes of one command that must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:3])}... failed")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def copies(source: Path, folder: Path, count: int) -> list[str]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return [str(shutil.copy(source, folder / f"brief-{n:02d}.pdf")) for n in range(count)]


def one_call(source: Path, work: Path, key: Path, count: int) -> tuple[float, float, int]:
    pdfs = copies(source, work / "batch", count)
    return run([str(BIN / "playbook"), "sign", *pdfs, "--key", str(key)], work)


def many_calls(source: Path, work: Path, key: Path, count: int) -> tuple[float, float, int]:
    wall = cpu = 0.0
    peak = 0
    for pdf in copies(source, work / "single", count):
        w, c, m = run([str(BIN / "playbook"), "sign", pdf, "--key", str(key)], work)
        wall, cpu, peak = wall + w, cpu + c, max(peak, m)
    return wall, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        shutil.copytree(PROJECT / "playbooks", work / "playbooks")
        (work / "playbook.toml").write_text('root = "playbooks"\n')
        env = dict(os.environ, SOURCE_DATE_EPOCH="1795003200")
        subprocess.run(
            [str(BIN / "playbook"), "pdf", "summit-outbound", "-o", "out"],
            cwd=work,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        source = work / "out" / "summit-outbound" / "brief.pdf"
        key = pki.authority(work / "keys").issue(work / "keys", "Sofia Marsh", passphrase=None)
        results: dict[str, list[tuple[float, float, int]]] = {"one call": [], "one per PDF": []}
        for _ in range(args.rounds):  # alternate, so that load on the machine hits both
            results["one call"].append(one_call(source, work, key, args.count))
            results["one per PDF"].append(many_calls(source, work, key, args.count))
    print(f"signing {args.count} PDFs, median of {args.rounds} alternated rounds")
    print(f"{'':>12} | {'wall':>7} | {'CPU':>7} | {'peak MB':>7}")
    medians = {}
    for name, rows in results.items():
        wall, cpu = (statistics.median(row[i] for row in rows) for i in (0, 1))
        peak = max(row[2] for row in rows)
        medians[name] = (wall, cpu)
        print(f"{name:>12} | {wall:6.2f}s | {cpu:6.2f}s | {peak / 1e6:7.0f}")
    one, many = medians["one call"], medians["one per PDF"]
    print(f"one call: {many[0] / one[0]:.1f}x less wall time, {many[1] / one[1]:.1f}x less CPU")


if __name__ == "__main__":
    main()
