"""Each rule's cost, as `playbook validate` pays it, against the rest of the check.

    .venv/bin/python bench/rules.py [COUNT] [--rounds N] [--top K]

Generates COUNT engagements (300 by default, from bench/corpus.py). Each round, in a
process of its own, checks the whole corpus in that process (`validate`, no workers, on
the corpus's day) with every rule's function wrapped in a CPU clock, so the rules run in
the registry's order, on the same data, as they do in `playbook validate`: a rule that
is first to ask for a value other rules share (an approval's digest, a staffing check)
pays for it.
Prints, for the K most costly rules (15 by default), the median CPU time of N rounds
(3 by default) and its share of the whole check, then the rules together, and the rest:
reading, shape checks and assembly. A rule to make cheaper is chosen from here.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.corpus import TODAY  # noqa: E402


def _round(corpus: Path) -> dict[str, object]:
    """One check of ``corpus`` with each rule timed: CPU seconds in all and by rule."""
    from generator.config import Config  # noqa: PLC0415 - the round's own process
    from generator.rules.registry import RULES  # noqa: PLC0415
    from generator.validation import validate  # noqa: PLC0415

    spent: dict[str, float] = dict.fromkeys(RULES, 0.0)

    def timed(code: str, check: Callable[[Any], Iterable[Any]]) -> Callable[[Any], list[Any]]:
        def run(ctx: Any) -> list[Any]:
            started = time.process_time()
            found = list(check(ctx))
            spent[code] += time.process_time() - started
            return found

        return run

    for code, entry in RULES.items():
        if entry.check is not None:
            object.__setattr__(entry, "check", timed(code, entry.check))
    started = time.process_time()
    result = validate((corpus,), Config(base=corpus.parent))
    total = time.process_time() - started
    return {"total": total, "rules": spent, "findings": len(result.diagnostics)}


def _medians(rounds: Iterable[dict[str, object]]) -> tuple[float, dict[str, float], int]:
    found = list(rounds)
    by_rule: dict[str, list[float]] = {}
    for one in found:
        for code, cpu in one["rules"].items():  # type: ignore[attr-defined]
            by_rule.setdefault(code, []).append(cpu)
    total = statistics.median(float(one["total"]) for one in found)  # type: ignore[arg-type]
    return (
        total,
        {code: statistics.median(cpus) for code, cpus in by_rule.items()},
        int(found[0]["findings"]),  # type: ignore[call-overload]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=300, help="engagements")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--top", type=int, default=15, help="rules to list")
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.corpus:
        print(json.dumps(_round(args.corpus)))
        return
    from bench.corpus import generate  # noqa: PLC0415
    from generator.rules.registry import RULES  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "playbooks"
        files = generate(args.count, corpus)
        rounds = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--corpus", str(corpus)],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=dict(os.environ, PLAYBOOK_TODAY=TODAY),
                ).stdout
            )
            for _ in range(args.rounds)
        ]
    total, by_rule, findings = _medians(rounds)
    rules = sum(by_rule.values())
    print(
        f"{args.count} engagements ({len(files)} files, {findings} findings), "
        f"medians of {args.rounds} rounds: the whole check {total:.2f} s CPU in one process"
    )
    for code, cpu in sorted(by_rule.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {code} {RULES[code].name:<44} {cpu:6.3f} s  {cpu / total:6.1%}")
    print(f"  every rule ({len(by_rule)}){'':<39} {rules:6.3f} s  {rules / total:6.1%}")
    rest = total - rules
    print(f"  reading, shapes and assembly{'':<26} {rest:6.3f} s  {rest / total:6.1%}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
