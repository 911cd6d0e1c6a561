"""Time `playbook validate` against check-jsonschema and the parse floor, on the same files.

    .venv/bin/python bench/validate.py [--sizes 1000 3000] [--rounds 3]

For each size, a corpus of N engagements (6 files each, from bench/corpus.py) is
checked by

- `playbook validate`: positions of every value, the model checks and every rule across
  files, on worker processes when the tree is large enough to pay for them;
- `playbook validate --cache`: the same, re-run on the unchanged tree with the cache a
  first run filled, and re-run after one file changed (the pre-commit case);
- the floor: libyaml's composer alone (`yaml.compose` with `CSafeLoader`) over every file
  in one process, which is what parsing costs before anything is checked;
- check-jsonschema with the exported schemas in `schema/`, one process per document
  kind (it takes one schema per run), with ruamel.yaml's C extension installed so it
  runs at its best.

The sides take turns, round by round. For each it prints the median wall and CPU time
(user and system, children included, from `wait4`) and the median peak resident memory
of the command (or of its largest worker), as a bare launcher measures them, then the
ratios against the floor and against check-jsonschema. Before the sizes, the start of
one engagement's check (`playbook validate` of the support example) is compared with the
interpreter's own start (`python -c pass`). Every side must accept the corpus; the
script stops if one does not."""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.corpus import TODAY, generate  # noqa: E402
from bench.measure import measure  # noqa: E402
from generator.schema_export import file_name  # noqa: E402

BIN = Path(sys.executable).parent


Figures = tuple[float, float, int]


def run(command: list[str], cwd: Path) -> Figures:
    """Wall seconds, CPU seconds and peak resident bytes of one command that must succeed,
    as a bare launcher measures it (``bench/measure.py``)."""
    found = measure(command, cwd, dict(os.environ, PLAYBOOK_TODAY=TODAY))
    return found.wall, found.cpu, found.peak


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


def cached(corpus: Path, folder: Path) -> Figures:
    return run(
        [str(BIN / "playbook"), "validate", "--cache", str(folder), str(corpus)], corpus.parent
    )


def edited(corpus: Path, folder: Path, edits: list[int]) -> Figures:
    """The cached re-run after one file changed (the pre-commit case), then put back."""
    brief = next(corpus.glob("*/brief.yaml"))
    text = brief.read_bytes()
    edits.append(len(edits))  # a new comment each time: never a run the cache has seen
    brief.write_bytes(text + f"# edit {len(edits)}\n".encode())
    try:
        return cached(corpus, folder)
    finally:
        brief.write_bytes(text)


_COMPOSE = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, "rb") as stream:
        yaml.compose(stream, Loader=yaml.CSafeLoader)
"""


def floor(corpus: Path) -> Figures:
    files = [str(path) for path in sorted(corpus.rglob("*.yaml"))]
    return run([sys.executable, "-c", _COMPOSE, *files], corpus.parent)


def median(runs: list[Figures]) -> Figures:
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        statistics.median(r[2] for r in runs),
    )


def alternated(sides: dict[str, Callable[[], Figures]], rounds: int) -> dict[str, Figures]:
    """Each side's median wall and CPU time and its largest peak, the sides taking turns."""
    runs: dict[str, list[Figures]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, side in sides.items():
            runs[name].append(side())
    return {name: median(found) for name, found in runs.items()}


def show(name: str, figures: Figures) -> None:
    wall, cpu, peak = figures
    print(f"  {name:<24} {wall:>8.2f}s wall {cpu:>8.2f}s CPU {peak / 1e6:>7.0f} MB peak")


def start(rounds: int) -> None:
    """One engagement's check against the interpreter's start, in the project's folder."""
    one = [str(BIN / "playbook"), "validate", "playbooks/northwind-support"]
    figures = alternated(
        {
            "python -c pass": lambda: run([sys.executable, "-c", "pass"], PROJECT),
            "validate one engagement": lambda: run(one, PROJECT),
        },
        rounds * 3,
    )
    print("start (the support example)")
    for name, found in figures.items():
        show(name, found)
    above = figures["validate one engagement"][1] - figures["python -c pass"][1]
    print(f"  CPU above the interpreter's own start: {above:.3f}s (goal: at most 0.2 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import _ruamel_yaml  # noqa: F401, PLC0415
    except ImportError:
        print("note: ruamel.yaml.clib is not installed; check-jsonschema runs slower than it can")
    print(f"{os.cpu_count()} cores, medians of {args.rounds} alternated rounds")
    caching = (
        "--cache"
        in subprocess.run(
            [str(BIN / "playbook"), "validate", "--help"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    start(args.rounds)
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            corpus = Path(scratch) / f"corpus-{size}"
            files = generate(size, corpus)
            folder = Path(scratch) / f"cache-{size}"
            sides = {
                "playbook validate": partial(playbook, corpus),
                "floor: yaml.compose": partial(floor, corpus),
                "check-jsonschema": partial(check_jsonschema, corpus),
            }
            if caching:
                filled = cached(corpus, folder)  # the first run with a cache fills it
                sides["validate, cached re-run"] = partial(cached, corpus, folder)
                sides["cached, one file edited"] = partial(edited, corpus, folder, [])
            figures = alternated(sides, args.rounds)
            print(f"{size} engagements, {len(files)} files")
            if caching:
                show("validate, filling a cache", filled)
            for name, found in figures.items():
                show(name, found)
            ours = figures["playbook validate"][1]
            rerun = (
                f"{figures['validate, cached re-run'][0]:.2f}s wall, after an edit "
                f"{figures['cached, one file edited'][0]:.2f}s"
                if caching
                else "not in this version"
            )
            print(
                f"  CPU: {ours / figures['floor: yaml.compose'][1]:.2f}x the floor "
                f"(goal: at most 1.5x), {figures['check-jsonschema'][1] / ours:.1f}x less "
                f"than check-jsonschema (goal: at least 5x); cached re-run "
                f"{rerun} (goal: under 2 s)"
            )
            peaks[size] = figures["playbook validate"][2]
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print(
            f"peak memory: {large / small:.0f}x the engagements took "
            f"{peaks[large] / peaks[small]:.1f}x the memory "
            f"({peaks[small] / 1e6:.0f} MB to {peaks[large] / 1e6:.0f} MB; goal: at most "
            "100 MB at 1,000 and flat)"
        )


if __name__ == "__main__":
    main()
