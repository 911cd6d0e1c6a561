"""Find the playbook files under the paths a command was given."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.diagnostics import Diagnostic, Location, Severity
from generator.loading.sources import InputError, display_path

SUFFIXES = (".yaml", ".yml")


def discover(paths: Iterable[Path], root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """YAML files under ``paths`` (files or folders), in a stable order.

    Hidden folders and linked folders are skipped. A linked file whose target lies
    outside ``root`` is reported, not read. A path that does not exist raises
    :class:`InputError`.
    """
    boundary = root.resolve()
    # each file's target by name, as strings: tens of thousands of paths hash and sort
    # faster so, and become paths once
    found: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise InputError(f"{display_path(given)}: no such file or folder")
        if given.is_file():
            _take(given.absolute(), given.is_symlink(), boundary, found, problems)
        elif given.is_dir():
            _walk(given.absolute(), boundary, found, problems)
        else:
            raise InputError(f"{display_path(given)}: not a file or folder")
    return [Path(name) for name in sorted(found.values(), key=_posix)], problems


def _posix(name: str) -> str:
    return name.replace(os.sep, "/")


def _walk(top: Path, boundary: Path, found: dict[str, str], problems: list[Diagnostic]) -> None:
    pending = [str(top)]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            raise InputError(f"cannot read {folder}: {exc.strerror}") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            link = entry.is_symlink()
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif entry.name.endswith(SUFFIXES) and not (link and _is_dir(entry)):
                # a plain file the folder listing already calls regular needs no stat
                if not link and entry.is_file(follow_symlinks=False):
                    found.setdefault(entry.path, entry.path)
                else:
                    _take(Path(entry.path), link, boundary, found, problems)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link that loops
        return False


def _take(
    path: Path,
    link: bool,
    boundary: Path,
    found: dict[str, str],
    problems: list[Diagnostic],
) -> None:
    try:
        target = path.resolve(strict=True) if link else path
        regular = target.is_file()
    except (OSError, RuntimeError):  # a dangling link, or links that loop
        problems.append(_not_read(path, "is a link that leads to no file"))
        return
    if not regular:
        problems.append(_not_read(path, "is not a regular file (a pipe, socket or device)"))
        return
    if link and not target.is_relative_to(boundary):
        problems.append(
            Diagnostic(
                "PB011",
                Severity.ERROR,
                "this file is a link to a place outside the playbooks folder; it is not read",
                Location(display_path(path)),
                hint="copy the file into the playbooks folder instead of linking to it",
            )
        )
        return
    found.setdefault(str(target), str(path))


def _not_read(path: Path, what: str) -> Diagnostic:
    return Diagnostic(
        "PB015",
        Severity.ERROR,
        f"this file {what}; it is not read",
        Location(display_path(path)),
        hint="playbook files are plain files; remove it or replace it with the file itself",
    )
