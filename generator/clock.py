"""Dates and times outputs depend on, fixed so that the same input gives the same bytes.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) wins; otherwise the time of
the last git commit that touched the sources; otherwise now.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from generator.errors import PlaybookError


def source_time(paths: Iterable[Path] = ()) -> datetime:
    """The timestamp to stamp outputs built from ``paths`` with."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    committed = _last_commit(list(paths))
    return committed or datetime.now(tz=UTC).replace(microsecond=0)


#: Set to YYYY-MM-DD to see every status as it stood (or will stand) on that day.
TODAY_ENV = "PLAYBOOK_TODAY"


def build_date(declared: date | None = None) -> date:
    """The date outputs and rules treat as today (what is late, due or overdue counts from it).

    ``PLAYBOOK_TODAY`` (YYYY-MM-DD) wins, then the day the settings declare (``today``,
    for examples that must read the same on any day), then ``SOURCE_DATE_EPOCH``, then
    the clock.
    """
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            raise PlaybookError(
                f"{TODAY_ENV}={fixed!r} is not a date: expected YYYY-MM-DD, such as 2026-12-01"
            ) from None
    if declared is not None:
        return declared
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def _last_commit(paths: list[Path]) -> datetime | None:
    """The time of the last commit touching any of ``paths`` (files or folders)."""
    if not paths:
        return None
    folder = paths[0] if paths[0].is_dir() else paths[0].parent
    top = _repository(folder.resolve())
    if top is None:
        return None
    times = _history(top, _state(top))
    found = []
    for path in paths:
        relative = _relative(path, top)
        if relative is None:
            continue
        if relative in times:
            found.append(times[relative])
        else:  # a folder: the last commit of anything below it
            prefix = "" if relative == "." else relative + "/"
            found.extend(when for name, when in times.items() if name.startswith(prefix))
    return datetime.fromtimestamp(max(found), tz=UTC) if found else None


def _repository(folder: Path) -> Path | None:
    """The top folder of the git work tree holding ``folder``."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _state(top: Path) -> tuple[int, int]:
    """What changes when a commit is made or checked out, so one history is read per state."""
    git = top / ".git"
    marks = [git / "logs" / "HEAD", git / "HEAD"] if git.is_dir() else [git]
    for mark in marks:
        try:
            info = mark.stat()
        except OSError:
            continue
        return info.st_mtime_ns, info.st_size
    return 0, 0


@lru_cache(maxsize=8)
def _history(top: Path, state: tuple[int, int]) -> dict[str, int]:
    """The last commit time of every file committed in ``top``: one ``git log`` per state."""
    del state  # part of the cache key only
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x01%ct", "--name-only", "-z"],
            cwd=top,
            capture_output=True,
            check=False,
            timeout=60,
        ).stdout.decode("utf-8", "surrogateescape")
    except (OSError, subprocess.SubprocessError):
        return {}
    times: dict[str, int] = {}
    when = 0
    for token in out.split("\0"):
        if token.startswith("\x01"):
            stamp = token[1:]
            when = int(stamp) if stamp.isdigit() else 0
        elif name := token.lstrip("\n"):
            times.setdefault(name, when)  # newest first: the first time seen is the last commit
    return times


def _relative(path: Path, top: Path) -> str | None:
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        return None
