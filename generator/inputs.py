"""One way to open an input: a plain file of bounded size, read without ever blocking.

A pipe, a device or a socket given where a file is expected would hang a command (a FIFO
blocks until something writes to it) or feed it without end (``/dev/zero``), so every
command opens its inputs here: the file is opened without blocking, checked to be a
plain file, and its size checked against the caller's limit before anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import PlaybookError


class InputError(PlaybookError):
    """A path that cannot be read as an input: the command stops with exit code 2."""


def read_input(path: Path, limit: int, what: str = "the file", shown: str | None = None) -> bytes:
    """The bytes of ``path``, a plain file of at most ``limit`` bytes.

    Raises :class:`InputError` naming ``what`` (such as "the key") when ``path`` cannot be
    opened, is not a plain file, or is larger than ``limit``.
    """
    data, size = read_head(path, limit, what, shown)
    if size > limit:
        raise InputError(
            f"{shown or path}: {what} is {_size(size)}; at most {_size(limit)} is read"
        )
    return data


def read_head(
    path: Path, limit: int, what: str = "the file", shown: str | None = None, head: int = 0
) -> tuple[bytes, int]:
    """The bytes of plain file ``path`` and its size; only the first ``head`` bytes when
    the file is larger than ``limit`` (enough to tell what it is)."""
    name = shown or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(f"cannot read {what} {name}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name}: {what} is not a plain file ({_type(info.st_mode)})")
        wanted = limit + 1 if info.st_size <= limit else head
        try:
            # as much as the file holds, plus one byte to see whether it grew: asking for
            # the whole limit at once would allocate it on every read
            data = stream.read(min(wanted, info.st_size + 1))
            if len(data) > info.st_size and wanted > len(data):  # it grew, or a size of 0
                data += stream.read(wanted - len(data))
        except OSError as exc:
            raise InputError(f"cannot read {what} {name}: {exc.strerror or exc}") from None
    return data, max(info.st_size, len(data))


def _type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _size(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"
