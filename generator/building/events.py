"""What a build tells its caller while it runs: one event at a time, to one listener.

A script passes a function to :func:`generator.build` and gets every event; the
`playbook` command turns them into progress bars and lines on the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.selection import Selection

#: The stages of a build that report their progress.
Stage = Literal["site", "pdf", "packets"]


@dataclass(frozen=True)
class Validated:
    """The playbooks are valid for this build; building starts."""

    selection: Selection


@dataclass(frozen=True)
class Step:
    """How far ``stage`` has come: ``done`` of ``total`` pages or files."""

    stage: Stage
    done: int
    total: int


@dataclass(frozen=True)
class FolderBuilt:
    """One reader's folder, complete and swapped in."""

    folder: Path
    site: bool
    """Whether the site was built (a project without ``mkdocs.yml`` has none)."""
    pdfs: int
    packets: int
    warnings: tuple[str, ...] = ()
    """What the site engine and the pages' folder warned of."""
    notes: tuple[str, ...] = ()
    """What was not made, and why (no site settings, a packet that cannot be made)."""


Event = Validated | Step | FolderBuilt
#: A function that receives each event of a build.
Listener = Callable[[Event], None]
#: A function that receives the progress of one stage.
OnStep = Callable[[Step], None]


def ignore(_event: Event) -> None:
    """The listener of a caller that does not listen."""


def counter(listen: OnStep, stage: Stage, total: int) -> Callable[[object], None]:
    """A callback for each item of ``total`` done, telling ``listen`` a :class:`Step`;
    the stage's first step, none done, is told at once."""
    done = 0
    listen(Step(stage, done, total))

    def tell(_item: object) -> None:
        nonlocal done
        done += 1
        listen(Step(stage, done, total))

    return tell
