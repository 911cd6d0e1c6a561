"""Whole builds before and after a change: `playbook build` and `playbook pdf` on COUNT
generated engagements, each side run by the code of its own revision.

    .venv/bin/python bench/build.py [COUNT] [--rounds N] [--base REV]

The base revision (``HEAD~1`` by default) is checked out into a temporary worktree and
run with it first on the import path; the other side is the working tree. Both read the
corpus the base revision's own ``bench/corpus.py`` makes from its examples. The sides take
turns for N rounds (3 by default), each command in a process of its own, with the
default options a user gets: `build` into ``build/internal``, `pdf` with its default
number of workers and folder per engagement.

For each it prints the median wall time, the median CPU time (the command and the
workers it waited for, from ``wait4``) and the median peak resident memory of the
largest of those processes, as a bare launcher measures them (``bench/measure.py``);
then the ratio of the working tree to the base, and the load average when the run ended.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.measure import measure  # noqa: E402

#: The day the corpus is read on: its results are recorded, its reviews held.
TODAY = "2027-06-30"
COMMANDS = {"build": ["build"], "pdf": ["pdf"]}
#: The settings of the example vendor: packets with a logo, colour and track record.
VENDOR = """root = "playbooks"

[vendor]
name = "Harbor CX"
logo = "playbooks/branding/harbor-cx.svg"
accent = "#0f4c5c"

[vendor.track_record]
launches = 48
launched_on_schedule = 44
period = "2023 to 2025"
"""


@dataclass(frozen=True)
class Figures:
    wall: float
    cpu: float
    peak_mb: float


def run(code: Path, project: Path, args: list[str]) -> Figures:
    """One command of the code at ``code``, in ``project``; it must succeed."""
    env = dict(
        os.environ, PYTHONPATH=str(code), PLAYBOOK_TODAY=TODAY, SOURCE_DATE_EPOCH="1795000000"
    )
    shutil.rmtree(project / "build", ignore_errors=True)
    found = measure([sys.executable, "-m", "generator", *args], project, env)
    return Figures(found.wall, found.cpu, found.peak / 1e6)


def project(count: int, folder: Path, source: Path) -> Path:
    """A project like the one at ``source``: the site shell, mkdocs.yml, the vendor's
    settings and ``count`` engagements made from its examples by its own corpus script,
    so that the base revision reads what it was written for (and the working tree reads
    the older files as they are)."""
    subprocess.run(
        [sys.executable, "bench/corpus.py", str(count), str(folder / "playbooks")],
        cwd=source,
        env=dict(os.environ, PYTHONPATH=str(source)),
        check=True,
        capture_output=True,
    )
    shutil.copytree(source / "site", folder / "site")
    shutil.copy(source / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "playbooks" / "branding").mkdir(exist_ok=True)
    shutil.copy(
        source / "playbooks" / "branding" / "harbor-cx.svg",
        folder / "playbooks" / "branding" / "harbor-cx.svg",
    )
    (folder / "playbook.toml").write_text(VENDOR, encoding="utf-8")
    return folder


def worktree(revision: str, folder: Path) -> Path:
    subprocess.run(
        ["git", "-C", str(PROJECT), "worktree", "add", "--detach", str(folder), revision],
        check=True,
        capture_output=True,
    )
    return folder


def remove_worktree(folder: Path) -> None:
    subprocess.run(
        ["git", "-C", str(PROJECT), "worktree", "remove", "--force", str(folder)],
        check=False,
        capture_output=True,
    )


def median(runs: list[Figures]) -> Figures:
    return Figures(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.peak_mb for r in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base", default="HEAD~1")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        base = worktree(options.base, work / "base")
        try:
            sides = {options.base: base, "working tree": PROJECT}
            folder = project(options.count, work / "project", base)
            print(f"{options.count} engagements, {options.rounds} rounds, {os.cpu_count()} cores")
            for name, args in COMMANDS.items():
                runs: dict[str, list[Figures]] = {side: [] for side in sides}
                for _ in range(options.rounds):
                    for side, code in sides.items():
                        runs[side].append(run(code, folder, args))
                medians = {side: median(r) for side, r in runs.items()}
                for side, m in medians.items():
                    print(
                        f"playbook {name:<6} {side:<14} wall {m.wall:6.2f} s  "
                        f"CPU {m.cpu:6.2f} s  peak {m.peak_mb:5.0f} MB"
                    )
                before, after = medians[options.base], medians["working tree"]
                print(
                    f"playbook {name:<6} working tree / {options.base}: wall "
                    f"{after.wall / before.wall:.2f}x, CPU {after.cpu / before.cpu:.2f}x"
                )
            print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        finally:
            remove_worktree(base)


if __name__ == "__main__":
    main()
