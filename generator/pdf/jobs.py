"""Typeset PDF jobs, on every core: the only module a PDF worker imports.

The parent process turns typed playbooks into JSON data (``generator.pdf.batch``); the
workers only typeset and write, so they import Typst and this module's few neighbours,
never the models. Workers start with ``spawn``: a forked child of a process that has
already run Typst can deadlock.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.pdf.engine import Attachment, compile_pdf
from generator.styling import PdfStyle
from generator.writing import write_bytes

#: At most this many jobs go to a worker at once: few enough that the cores share the
#: work evenly, enough that handing it over costs little against typesetting.
CHUNK = 4


@dataclass(frozen=True)
class PdfJob:
    """One PDF to typeset: everything it needs, as plain data a worker can receive."""

    output: Path
    template: str
    data: dict[str, Any]
    manifest: dict[str, Any]
    sources: tuple[Attachment, ...]
    timestamp: datetime
    style: PdfStyle = PdfStyle()  # noqa: RUF009 - frozen, so one shared default is safe

    def render(self) -> bytes:
        return compile_pdf(
            self.template, self.data, self.manifest, self.sources, self.timestamp, self.style
        )


def run_job(job: PdfJob) -> Path:
    """Typeset ``job`` and write its file atomically (a worker's entry point)."""
    write_bytes(job.output, job.render())
    return job.output


class Typesetting:
    """Jobs being typeset: in a pool of workers while the caller does other work, or,
    for a single job or a single core, in this process when the caller waits."""

    def __init__(self, jobs: Sequence[PdfJob], workers: int | None = None) -> None:
        self.jobs = list(jobs)
        count = min(workers or os.cpu_count() or 1, len(self.jobs))
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[list[Path]]] = []
        self._told: set[Future[list[Path]]] = set()
        self._written: list[Path] = []
        if count > 1:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
            size = max(1, min(CHUNK, len(self.jobs) // (2 * count)))
            self._futures = [
                self._pool.submit(_run_chunk, self.jobs[start : start + size])
                for start in range(0, len(self.jobs), size)
            ]

    def poll(self, on_done: Callable[[Path], None]) -> None:
        """Tell ``on_done`` of each file the workers have written since the last call,
        without waiting for the others."""
        for future in [f for f in self._futures if f.done()]:
            self._collect(future, on_done)

    def wait(self, on_done: Callable[[Path], None] = lambda _: None) -> list[Path]:
        """Every file written, in order; ``on_done`` hears each one not yet told."""
        if self._pool is None:
            for job in self.jobs:
                self._written.append(run_job(job))
                on_done(self._written[-1])
        else:
            for future in as_completed(self._futures):
                self._collect(future, on_done)
        return sorted(self._written)

    def _collect(self, future: Future[list[Path]], on_done: Callable[[Path], None]) -> None:
        if future in self._told:
            return
        self._told.add(future)
        for path in future.result():
            self._written.append(path)
            on_done(path)

    def close(self) -> None:
        if self._pool is not None:
            for future in self._futures:
                future.cancel()
            self._pool.shutdown()


@contextmanager
def typesetting(jobs: Sequence[PdfJob], workers: int | None = None) -> Iterator[Typesetting]:
    """Start typesetting ``jobs``; the pool is shut down on leaving, whatever happened."""
    started = Typesetting(jobs, workers)
    try:
        yield started
    finally:
        started.close()


def run(
    jobs: Sequence[PdfJob],
    *,
    workers: int | None = None,
    on_done: Callable[[Path], None] = lambda _: None,
) -> list[Path]:
    """Build every job, on every core when there is more than one; the files written."""
    with typesetting(jobs, workers) as started:
        return started.wait(on_done)


def _run_chunk(jobs: Sequence[PdfJob]) -> list[Path]:
    return [run_job(job) for job in jobs]
