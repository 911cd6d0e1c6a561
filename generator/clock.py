"""Dates and times outputs depend on, fixed so that the same input gives the same bytes.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) wins; otherwise the time of
the last git commit that touched the sources; otherwise now.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path


def source_time(paths: Iterable[Path] = ()) -> datetime:
    """The timestamp to stamp outputs built from ``paths`` with."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    committed = _last_commit(list(paths))
    return committed or datetime.now(tz=UTC).replace(microsecond=0)


def build_date() -> date:
    """The date outputs treat as today (upcoming and overdue items are counted from it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def _last_commit(paths: list[Path]) -> datetime | None:
    if not paths:
        return None
    folder = paths[0] if paths[0].is_dir() else paths[0].parent
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *(str(p) for p in paths)],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not out.isdigit():
        return None
    return datetime.fromtimestamp(int(out), tz=UTC)
