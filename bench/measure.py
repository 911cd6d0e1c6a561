"""One command's wall time, CPU time and peak memory, measured as a small launcher sees it.

A child's peak resident memory counts what its process held before it started the
command: a child forked from a benchmark script of 40 MB reports at least 40 MB, even
for `python -c pass` (11 MB). So each command is started by a launcher, a bare
interpreter that starts the command, waits for it and writes what ``wait4`` says: the
command's own peak, or that of its largest worker, never the script's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Started with ``python -I -S``: nothing imported but what the launch needs.
_LAUNCHER = """
import json, os, sys, time
out, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(out, "w") as stream:
    json.dump({"status": os.waitstatus_to_exitcode(status), "wall": wall,
               "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss * 1024}, stream)
"""


@dataclass(frozen=True)
class Measured:
    """What one run of a command cost."""

    wall: float
    cpu: float
    #: Peak resident bytes of the command, or of its largest worker.
    peak: int
    output: str


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` in ``cwd``; it must succeed."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report), *command],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        found = json.loads(report.read_text()) if report.exists() else {"status": -1}
    output = done.stdout + done.stderr
    if found["status"] != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed:\n{output[-3000:]}")
    return Measured(found["wall"], found["cpu"], found["peak"], output)


def main() -> None:
    """A check of the launcher itself: the interpreter's own start, as it measures it."""
    alone = measure([sys.executable, "-c", "pass"], Path.cwd(), dict(os.environ))
    print(json.dumps({"wall": alone.wall, "cpu": alone.cpu, "peak_mb": alone.peak / 1e6}))


if __name__ == "__main__":
    main()
