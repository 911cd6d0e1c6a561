"""Atomic writes: a file or a folder of outputs is either fully written or left as it was."""

from __future__ import annotations

import ctypes
import glob
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import PlaybookError

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


#: The file that marks a folder as made by playbook, so that a later run may replace it.
MARKER = ".playbook-output"
_STAGING_SUFFIX = ".staging"


class OutputFolderError(PlaybookError):
    """A folder given for outputs holds files that playbook did not make."""


def claim(target: Path, *, force: bool = False) -> None:
    """Stop before replacing a folder of the user's: one that holds files but no marker."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputFolderError(f"{target} exists and is not a folder; not replacing it")
    if force or not target.is_dir() or (target / MARKER).is_file():
        return
    if any(target.iterdir()):
        raise OutputFolderError(
            f"{target} holds files playbook did not make; it is replaced whole, so give an "
            "empty or new folder (or --force to replace it)"
        )


@contextmanager
def staged_folder(target: Path, *, mark: bool = True) -> Iterator[Path]:
    """An empty folder beside ``target`` to write into; swapped in whole on success.

    On an exception the staging folder is removed and ``target`` is left as it was; a
    staging folder that a killed run left behind is removed by the next run. With
    ``mark`` the folder gets the marker that lets a later run replace it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}-", suffix=_STAGING_SUFFIX, dir=target.parent)
    )
    staging.chmod(FOLDER_MODE)  # mkdtemp makes it private; outputs are for reading
    try:
        yield staging
        if mark:
            (staging / MARKER).write_text(
                "Made by playbook; the next build replaces this folder whole.\n",
                encoding="utf-8",
            )
        replace_folder(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def remove_leftovers(target: Path) -> None:
    """Staging folders of runs that were killed before they could swap theirs in."""
    pattern = f".{glob.escape(target.name)}-*{_STAGING_SUFFIX}"
    for left in target.parent.glob(pattern):
        if left.is_dir() and not left.is_symlink():
            shutil.rmtree(left, ignore_errors=True)


def replace_folder(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, so that ``target`` is never missing.

    On Linux the two folders are exchanged in one step (``renameat2`` with
    ``RENAME_EXCHANGE``) and the old one, now at ``staging``, is removed; elsewhere the
    old folder is moved aside first, which leaves a moment without ``target``.
    """
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = target.with_name(f".{target.name}-old{_STAGING_SUFFIX}")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(done == 0)
