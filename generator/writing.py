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
from typing import Final

from generator.errors import PlaybookError

_umask = os.umask(0)
os.umask(_umask)
_DEFAULT_MODE = 0o666 & ~_umask
#: The mode a new folder gets from mkdir under the user's umask.
FOLDER_MODE = 0o777 & ~_umask


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    The temporary file's name holds this process's id, so that one left by a killed
    command is told from one being written and removed by the next write of ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_dead_temporaries(path)
    fd, temp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(temp).chmod(path.stat().st_mode & 0o777 if path.exists() else _DEFAULT_MODE)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def remove_dead_temporaries(path: Path) -> None:
    """Temporary files of ``path`` whose writing process no longer runs."""
    for left in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        owner = left.name[len(path.name) + 2 :].split(".", 1)[0]
        if not owner.isdigit() or not _running(int(owner)):
            left.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def create_text(path: Path, text: str) -> None:
    """Write a new file; fail with FileExistsError rather than replace an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


#: The file that marks a folder as made by playbook, and lists what it made there.
MARKER = ".playbook-output"
_MARKER_HEADER = "Made by playbook; the next build replaces this folder whole. It made:\n"
_STAGING_SUFFIX = ".staging"
#: How many entries of a folder are looked at for a git repository or a stranger's file.
_WALK_LIMIT: Final = 200_000


class OutputFolderError(PlaybookError):
    """A path given for outputs cannot take them without losing something of the user's."""


def refuse_unsafe(target: Path, keep_out: tuple[Path, ...] = ()) -> None:
    """Stop before ``target`` could replace or be written into something of the user's.

    Refused, even with ``--force``: a path with a file in the way; the root, the home
    folder, the working folder, a git repository or a folder that holds any of these
    (or one of ``keep_out``, such as the playbooks); any folder inside ``keep_out``.
    """
    if target.is_symlink():  # replacing it whole would replace the link, not the folder
        raise OutputFolderError(f"{target} is a link; give the folder it leads to, or another")
    _refuse_in_the_way(target)
    resolved = target.resolve()
    guarded = {
        Path(resolved.anchor): "the root folder",
        Path.home().resolve(): "the home folder",
        Path.cwd().resolve(): "the working folder",
    }
    guarded.update({folder.resolve(): f"the playbooks folder ({folder})" for folder in keep_out})
    for folder, name in guarded.items():
        if folder == resolved or resolved in folder.parents:
            what = f"is {name}" if folder == resolved else f"holds {name}"
            raise OutputFolderError(
                f"{target} {what}: outputs replace their folder whole, so give a "
                "folder of its own, such as build/out"
            )
    _refuse_among_playbooks(target, resolved, keep_out)
    repository = _repository_within(resolved)
    if repository is not None:
        raise OutputFolderError(
            f"{target} holds a git repository ({repository}): outputs replace their folder "
            "whole, so give a folder of its own, such as build/out"
        )


def refuse_unsafe_file(path: Path, keep_out: tuple[Path, ...] = ()) -> None:
    """Stop before an output file lands where it could hurt: among ``keep_out`` (the
    playbooks), in a git repository's own folder, or over something that is not a plain
    file (a folder, a pipe, a link)."""
    _refuse_in_the_way(path.parent)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise OutputFolderError(f"{path} is not a plain file; give a new file name")
    resolved = path.resolve()
    _refuse_among_playbooks(path, resolved, keep_out)
    if ".git" in resolved.parts:
        raise OutputFolderError(f"{path} is inside a git repository's own folder (.git)")


def _refuse_among_playbooks(path: Path, resolved: Path, keep_out: tuple[Path, ...]) -> None:
    """An output inside one of ``keep_out``, where it would be read as a playbook."""
    for folder in keep_out:
        if folder.resolve() in resolved.parents:
            raise OutputFolderError(
                f"{path} is inside the playbooks folder ({folder}): outputs there would be "
                "read as playbooks; give a place outside it, such as build/out"
            )


def _refuse_in_the_way(target: Path) -> None:
    """A file (not a folder) where ``target`` or a folder above it would be."""
    for path in (target, *target.parents):
        if path.exists() and not path.is_dir():
            place = "" if path == target else f" (in the way of {target})"
            raise OutputFolderError(
                f"{path} is a file, not a folder{place}; move it or give another folder"
            )


def _repository_within(folder: Path) -> Path | None:
    """A git repository at or below ``folder``, if one is there."""
    if not folder.is_dir():
        return None
    seen = 0
    for here, folders, files in os.walk(folder):
        if ".git" in folders or ".git" in files:
            return Path(here)
        seen += len(folders) + len(files)
        if seen > _WALK_LIMIT:
            return None
    return None


def claim(target: Path, *, force: bool = False, keep_out: tuple[Path, ...] = ()) -> None:
    """Stop before replacing a folder that holds anything playbook did not make.

    A folder playbook made lists what it made in its marker; anything else found there
    later (a user's notes) stops the run unless ``force``. ``force`` never overrides
    :func:`refuse_unsafe`.
    """
    refuse_unsafe(target, keep_out)
    if force or not target.is_dir():
        return
    strangers = _strangers(target)
    if strangers:
        shown = ", ".join(strangers[:3]) + (", ..." if len(strangers) > 3 else "")
        raise OutputFolderError(
            f"{target} holds files playbook did not make ({shown}); it is replaced whole, so "
            "move them, give an empty or new folder, or pass --force to replace it"
        )


def _strangers(target: Path) -> list[str]:
    """What ``target`` holds that its marker does not list (everything, without a marker)."""
    found = _listing(target)
    try:
        marker = (target / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return sorted(found)
    if not marker.startswith(_MARKER_HEADER):
        return []  # a marker of an earlier release, which listed nothing
    made = set(marker[len(_MARKER_HEADER) :].splitlines())
    return sorted(found - made - {MARKER})


def _listing(folder: Path) -> set[str]:
    """Every file and folder below ``folder``, as relative POSIX paths."""
    names: set[str] = set()
    for here, folders, files in os.walk(folder):
        relative = Path(here).relative_to(folder)
        names.update((relative / name).as_posix() for name in (*folders, *files))
        if len(names) > _WALK_LIMIT:
            break
    return names


@contextmanager
def staged_folder(
    target: Path, *, mark: bool = True, keep_out: tuple[Path, ...] = ()
) -> Iterator[Path]:
    """An empty folder beside ``target`` to write into; swapped in whole on success.

    On an exception the staging folder is removed and ``target`` is left as it was; a
    staging folder that a killed run left behind is removed by the next run. With
    ``mark`` the folder gets the marker that lists what it holds, so that a later run
    may replace it. ``target`` is checked with :func:`refuse_unsafe` first.
    """
    refuse_unsafe(target, keep_out)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}-", suffix=_STAGING_SUFFIX, dir=target.parent)
    )
    staging.chmod(FOLDER_MODE)  # mkdtemp makes it private; outputs are for reading
    try:
        yield staging
        if mark:
            made = "".join(f"{name}\n" for name in sorted(_listing(staging)))
            (staging / MARKER).write_text(_MARKER_HEADER + made, encoding="utf-8")
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


def refuse_to_replace(path: Path | None, force: bool, keep_out: tuple[Path, ...] = ()) -> None:
    """Stop before a user's own file, given with ``-o``, is replaced without ``--force``,
    and before any output file lands where it could hurt (``refuse_unsafe_file``)."""
    if path is None:
        return
    refuse_unsafe_file(path, keep_out)  # a folder or a pipe in the way is refused here
    if force or not path.exists():
        return
    raise PlaybookError(f"{path} exists; add --force to replace it")
