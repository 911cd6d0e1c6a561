"""Time `playbook validate` against check-jsonschema on the same generated playbooks.

    .venv/bin/python bench/validate.py [--sizes 100 1000] [--repeat 3]

For each size, a corpus of N engagements (6 files each, from bench/corpus.py) is
validated by

- `playbook validate --strict`: positions of every value, the model checks and every
  rule across files, one process;
- check-jsonschema with the exported schemas in `schema/`, one process per document
  kind (it takes one schema per run), with ruamel.yaml's C extension installed so it
  runs at its best.

It prints the best wall time of each over the repeats, peak memory (largest resident
set of one process), the ratio, and how time grows from the smallest to the largest
size. Both tools must accept the corpus; the script stops if either does not.
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


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of one command, which must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read().decode() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:3])}... failed:\n{output[-2000:]}")
    return elapsed, usage.ru_maxrss * 1024


def playbook(corpus: Path) -> tuple[float, int]:
    return run([str(BIN / "playbook"), "validate", "--strict", str(corpus)], corpus.parent)


def check_jsonschema(corpus: Path) -> tuple[float, int]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for path in sorted(corpus.rglob("*.yaml")):
        head = path.read_text(encoding="utf-8")[:400]
        kind = re.search(r"^kind: (\w+)$", head, re.MULTILINE)
        assert kind is not None, path
        by_kind[kind.group(1)].append(str(path))
    total, peak = 0.0, 0
    for kind, files in sorted(by_kind.items()):
        schema = PROJECT / "schema" / file_name(kind)
        elapsed, memory = run(
            [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *files], corpus.parent
        )
        total += elapsed
        peak = max(peak, memory)
    return total, peak


def best(measure: object, corpus: Path, repeat: int) -> tuple[float, int]:
    results = [measure(corpus) for _ in range(repeat)]  # type: ignore[operator]
    return min(r[0] for r in results), max(r[1] for r in results)


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
        f"{'engagements':>11} {'files':>6} | {'playbook':>9} {'peak MB':>8} | "
        f"{'check-jsonschema':>16} {'peak MB':>8} | {'ratio':>6}"
    )
    timings: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            corpus = Path(scratch) / f"corpus-{size}"
            files = generate(size, corpus)
            ours, our_memory = best(playbook, corpus, args.repeat)
            theirs, their_memory = best(check_jsonschema, corpus, args.repeat)
            timings[size] = ours
            print(
                f"{size:>11} {len(files):>6} | {ours:>8.2f}s {our_memory / 1e6:>8.0f} | "
                f"{theirs:>15.2f}s {their_memory / 1e6:>8.0f} | {theirs / ours:>5.1f}x"
            )
    if len(timings) > 1:
        small, large = min(timings), max(timings)
        print(
            f"growth: {large / small:.0f}x the engagements took "
            f"{timings[large] / timings[small]:.1f}x the time"
        )


if __name__ == "__main__":
    main()
