"""`playbook build --profile`: when each stage of a build ran, and what it cost.

Stages overlap (the site builds in this process while workers typeset the PDFs and
packets), so each is given as the span from its first step to its last, beside the
CPU time of this process and of the workers.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field

import click

from generator.building import Event, FolderBuilt, Step, Validated

_NAMES = {"site": "site", "pdf": "PDFs", "packets": "packets"}


@dataclass
class Profile:
    """The times a build's events arrived, from its start."""

    started: float = field(default_factory=time.perf_counter)
    cpu: float = field(default_factory=time.process_time)
    validated: float | None = None
    validated_cpu: float = 0.0
    spans: dict[str, list[float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    finished: float | None = None

    def hear(self, event: Event) -> None:
        now = time.perf_counter() - self.started
        if isinstance(event, Validated):
            self.validated = now
            self.validated_cpu = time.process_time() - self.cpu
        elif isinstance(event, Step):
            span = self.spans.setdefault(event.stage, [now, now])
            span[1] = now
            self.counts[event.stage] = event.total
        elif isinstance(event, FolderBuilt):
            self.finished = now

    def report(self) -> None:
        """The summary, on standard error."""
        wall = time.perf_counter() - self.started
        here = time.process_time() - self.cpu
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = children.ru_utime + children.ru_stime
        lines = ["Build profile (seconds from the start; CPU in seconds):"]
        if self.validated is not None:
            lines.append(
                f"  {'validate':<10} 0.00 to {self.validated:6.2f}   CPU {self.validated_cpu:.2f}"
            )
        for stage, (first, last) in self.spans.items():
            count = self.counts.get(stage, 0)
            lines.append(
                f"  {_NAMES.get(stage, stage):<10} {first:4.2f} to {last:6.2f}   {count} done"
            )
        lines.append(
            f"  {'total':<10} {wall:.2f} wall; CPU {here:.2f} in this process, "
            f"{workers:.2f} in workers"
        )
        click.echo("\n".join(lines), err=True)
