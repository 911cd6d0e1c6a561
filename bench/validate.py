"""Time `playbook validate` against check-jsonschema and the parse floor, on the same files.

    .venv/bin/python bench/validate.py [--sizes 1000 3000] [--rounds 3] [--base REV]

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

With ``--base``, the three `playbook` sides run twice, once by the code of that revision
(checked out into a temporary worktree) and once by the working tree, and the corpus
is the one the base revision's own ``bench/corpus.py`` makes, so that both can read it.

The sides take turns, round by round. For each it prints the median wall and CPU time
(user and system, children included, from `wait4`) and the median peak resident memory
of the command (or of its largest worker), as a bare launcher measures them, then the
ratios against the floor and against check-jsonschema. Before the sizes, the start of
one engagement's check (`playbook validate` of the support example) is compared with the
interpreter's own start (`python -c pass`), each revision on its own copy of the example.
Every side must accept the corpus; the script stops if one does not."""

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
from dataclasses import dataclass
from functools import partial
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.build import remove_worktree, worktree  # noqa: E402
from bench.corpus import TODAY  # noqa: E402
from bench.measure import measure  # noqa: E402
from generator.schema_export import file_name  # noqa: E402

BIN = Path(sys.executable).parent


Figures = tuple[float, float, int]


@dataclass(frozen=True)
class Code:
    """The code a `playbook` side runs: a revision's checkout, first on the import path."""

    name: str
    folder: Path

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "generator", *args]

    def env(self) -> dict[str, str]:
        return {"PYTHONPATH": str(self.folder)}


WORKING_TREE = Code("working tree", PROJECT)


def run(command: list[str], cwd: Path, code: Code | None = None) -> Figures:
    """Wall seconds, CPU seconds and peak resident bytes of one command that must succeed,
    as a bare launcher measures it (``bench/measure.py``)."""
    env = dict(os.environ, PLAYBOOK_TODAY=TODAY, **(code.env() if code else {}))
    found = measure(command, cwd, env)
    return found.wall, found.cpu, found.peak


def playbook(code: Code, corpus: Path) -> Figures:
    # Not --strict: a corpus spread over half a year has results due and actions
    # overdue on any one day, and those are warnings.
    return run(code.command("validate", str(corpus)), corpus.parent, code)


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


def cached(code: Code, corpus: Path, folder: Path) -> Figures:
    return run(code.command("validate", "--cache", str(folder), str(corpus)), corpus.parent, code)


def edited(code: Code, corpus: Path, folder: Path, edits: list[int]) -> Figures:
    """The cached re-run after one file changed (the pre-commit case), then put back."""
    brief = next(corpus.glob("*/brief.yaml"))
    text = brief.read_bytes()
    edits.append(len(edits))  # a new comment each time: never a run the cache has seen
    brief.write_bytes(text + f"# edit {len(edits)}\n".encode())
    try:
        return cached(code, corpus, folder)
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
    print(f"  {name:<40} {wall:>8.2f}s wall {cpu:>8.2f}s CPU {peak / 1e6:>7.0f} MB peak")


def named(what: str, code: Code, codes: list[Code]) -> str:
    return what if len(codes) == 1 else f"{what} ({code.name})"


def start(codes: list[Code], rounds: int) -> None:
    """One engagement's check against the interpreter's start, each revision in its own
    folder on its own example."""
    sides: dict[str, Callable[[], Figures]] = {
        "python -c pass": lambda: run([sys.executable, "-c", "pass"], PROJECT)
    }
    for code in codes:
        one = code.command("validate", "playbooks/northwind-support")
        sides[named("validate one engagement", code, codes)] = partial(run, one, code.folder, code)
    figures = alternated(sides, rounds * 3)
    print("start (the support example)")
    for name, found in figures.items():
        show(name, found)
    for code in codes:
        above = figures[named("validate one engagement", code, codes)][1]
        above -= figures["python -c pass"][1]
        print(
            f"  {named('CPU above the interpreter', code, codes)}: {above:.3f}s "
            "(goal: at most 0.2 s)"
        )


def corpus_of(code: Code, size: int, out: Path) -> int:
    """The corpus ``code``'s own corpus script makes: the number of files."""
    subprocess.run(
        [sys.executable, "bench/corpus.py", str(size), str(out)],
        cwd=code.folder,
        env=dict(os.environ, **code.env()),
        check=True,
        capture_output=True,
    )
    return sum(1 for _ in out.rglob("*.yaml"))


def sizes(codes: list[Code], counts: list[int], rounds: int, scratch: Path) -> None:
    peaks: dict[int, float] = {}
    for size in counts:
        corpus = scratch / f"corpus-{size}"
        files = corpus_of(codes[0], size, corpus)
        sides: dict[str, Callable[[], Figures]] = {}
        filled: dict[str, Figures] = {}
        for code in codes:
            sides[named("playbook validate", code, codes)] = partial(playbook, code, corpus)
        sides["floor: yaml.compose"] = partial(floor, corpus)
        sides["check-jsonschema"] = partial(check_jsonschema, corpus)
        for index, code in enumerate(codes):
            folder = scratch / f"cache-{size}-{index}"
            # the first run with a cache fills it
            filled[named("validate, filling a cache", code, codes)] = cached(code, corpus, folder)
            sides[named("validate, cached re-run", code, codes)] = partial(
                cached, code, corpus, folder
            )
            sides[named("cached, one file edited", code, codes)] = partial(
                edited, code, corpus, folder, []
            )
        figures = alternated(sides, rounds)
        print(f"{size} engagements, {files} files")
        for name, found in {**filled, **figures}.items():
            show(name, found)
        for code in codes:
            ours = figures[named("playbook validate", code, codes)][1]
            rerun = figures[named("validate, cached re-run", code, codes)]
            after_edit = figures[named("cached, one file edited", code, codes)]
            print(
                f"  {code.name}: CPU {ours / figures['floor: yaml.compose'][1]:.2f}x the floor "
                f"(goal: at most 1.5x), {figures['check-jsonschema'][1] / ours:.1f}x less "
                f"than check-jsonschema (goal: at least 5x); cached re-run "
                f"{rerun[1]:.2f}s CPU, after an edit {after_edit[1]:.2f}s CPU "
                f"({after_edit[0]:.2f}s wall)"
            )
        peaks[size] = figures[named("playbook validate", codes[-1], codes)][2]
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print(
            f"peak memory of the working tree: {large / small:.0f}x the engagements took "
            f"{peaks[large] / peaks[small]:.1f}x the memory "
            f"({peaks[small] / 1e6:.0f} MB to {peaks[large] / 1e6:.0f} MB; goal: at most "
            "100 MB at 1,000 and flat)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base", help="also run this revision's code, side by side")
    args = parser.parse_args()
    try:
        import _ruamel_yaml  # noqa: F401, PLC0415
    except ImportError:
        print("note: ruamel.yaml.clib is not installed; check-jsonschema runs slower than it can")
    print(f"{os.cpu_count()} cores, medians of {args.rounds} alternated rounds")
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp)
        codes = [WORKING_TREE]
        if args.base:
            codes.insert(0, Code(args.base, worktree(args.base, scratch / "base")))
        try:
            start(codes, args.rounds)
            sizes(codes, args.sizes, args.rounds, scratch)
        finally:
            if args.base:
                remove_worktree(codes[0].folder)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
