"""Time `playbook validate` against check-jsonschema on the same generated playbooks.

    .venv/bin/python bench/validate.py [--sizes 100 1000] [--repeat 3]

For each size, a corpus of N engagements (6 files each, from bench/corpus.py) is
validated by

- `playbook validate --strict`: positions of every value, the model checks and every
  rule across files, one process;
- check-jsonschema with the exported schemas in `schema/`, one process per document
  kind (it takes one schema per run), with ruamel.yaml's C extension installed so it
  runs at its best.

The two take turns, repeat by repeat. It prints the best wall and CPU time of each
over the repeats, peak memory (largest resident set of one process), the CPU ratio,
and how CPU time grows from the smallest to the largest size. Both tools must accept
the corpus; the script stops if either does not.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.corpus import generate  # noqa: E402
from generator.schema_export import file_name  # noqa: E402

BIN = Path(sys.executable).parent


#: Late enough that every shifted copy's recorded results lie in the past.
TODAY = "2027-06-30"
Figures = tuple[float, float, int]


def run(command: list[str], cwd: Path) -> Figures:
    """Wall seconds, CPU seconds and peak resident bytes of one command that must succeed."""
    started = time.perf_counter()
    env = dict(os.environ, PLAYBOOK_TODAY=TODAY)
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
    )
    output = process.stdout.read().decode() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:3])}... failed:\n{output[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def playbook(corpus: Path) -> Figures:
    # Not --strict: a corpus spread over half a year has results due and actions
    # overdue on any one day, and those are warnings.
    return run([str(BIN / "playbook"), "validate", str(corpus)], corpus.parent)


def check_jsonschema(corpus: Path) -> Figures:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for path in sorted(corpus.rglob("*.yaml")):
        head = path.read_text(encoding="utf-8")[:400]
        kind = re.search(r"^kind: (\w+)$", head, re.MULTILINE)
        assert kind is not None, path
        by_kind[kind.group(1)].append(str(path))
    total = cpu = 0.0
    peak = 0
    for kind, files in sorted(by_kind.items()):
        schema = PROJECT / "schema" / file_name(kind)
        elapsed, used, memory = run(
            [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *files], corpus.parent
        )
        total, cpu, peak = total + elapsed, cpu + used, max(peak, memory)
    return total, cpu, peak


def alternated(corpus: Path, repeat: int) -> tuple[Figures, Figures]:
    """The best wall and CPU time and the largest peak of each tool, the two taking turns."""
    ours: list[Figures] = []
    theirs: list[Figures] = []
    for _ in range(repeat):
        ours.append(playbook(corpus))
        theirs.append(check_jsonschema(corpus))

    def best(runs: list[Figures]) -> Figures:
        return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)

    return best(ours), best(theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        import _ruamel_yaml  # noqa: F401, PLC0415
    except ImportError:
        print("note: ruamel.yaml.clib is not installed; check-jsonschema runs slower than it can")

    print(
        f"{'engagements':>11} {'files':>6} | {'playbook wall':>13} {'cpu':>7} {'peak MB':>8} | "
        f"{'check-jsonschema wall':>21} {'cpu':>7} {'peak MB':>8} | {'cpu ratio':>9}"
    )
    timings: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            corpus = Path(scratch) / f"corpus-{size}"
            files = generate(size, corpus)
            (ours, our_cpu, our_peak), (theirs, their_cpu, their_peak) = alternated(
                corpus, args.repeat
            )
            timings[size] = our_cpu
            print(
                f"{size:>11} {len(files):>6} | {ours:>12.2f}s {our_cpu:>6.2f}s "
                f"{our_peak / 1e6:>8.0f} | {theirs:>20.2f}s {their_cpu:>6.2f}s "
                f"{their_peak / 1e6:>8.0f} | {their_cpu / our_cpu:>8.1f}x"
            )
    if len(timings) > 1:
        small, large = min(timings), max(timings)
        print(
            f"growth: {large / small:.0f}x the engagements took "
            f"{timings[large] / timings[small]:.1f}x the CPU time"
        )


if __name__ == "__main__":
    main()
