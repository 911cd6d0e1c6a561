"""Progress bars on the terminal for the stages of a build."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from generator.building import Step
from generator.building.events import Stage

#: What each stage's bar says it is doing.
LABELS: Final[dict[Stage, str]] = {
    "site": "Building the site's pages",
    "pdf": "Typesetting PDFs",
    "packets": "Typesetting packets",
}


@contextmanager
def progress_bars() -> Iterator[Callable[[Step], None]]:
    """A function that shows each :class:`Step` as a bar on stderr, one bar per stage,
    gone when its stage is done; nothing is shown when stderr is not a terminal."""
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bars:
        tasks: dict[Stage, TaskID] = {}

        def show(step: Step) -> None:
            if step.stage not in tasks:
                tasks[step.stage] = bars.add_task(LABELS[step.stage], total=step.total)
            bars.update(tasks[step.stage], completed=step.done, total=step.total)
            if step.done >= step.total:
                bars.remove_task(tasks.pop(step.stage))

        yield show
