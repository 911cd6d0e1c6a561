"""Atomic writes: a file is either fully written or left as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_umask = os.umask(0)
os.umask(_umask)
_DEFAULT_MODE = 0o666 & ~_umask
#: The mode a new folder gets from mkdir under the user's umask.
FOLDER_MODE = 0o777 & ~_umask


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(temp).chmod(path.stat().st_mode & 0o777 if path.exists() else _DEFAULT_MODE)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def create_text(path: Path, text: str) -> None:
    """Write a new file; fail with FileExistsError rather than replace an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
