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

    Hidden folders are skipped. A symbolic link whose target lies outside ``root``
    is reported, not followed. A path that does not exist raises :class:`InputError`.
    """
    boundary = root.resolve()
    found: dict[Path, Path] = {}
    problems: list[Diagnostic] = []
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise InputError(f"{display_path(given)}: no such file or folder")
        if given.is_file():
            _take(given, boundary, found, problems)
            continue
        if not given.is_dir():
            raise InputError(f"{display_path(given)}: not a file or folder")
        for folder, subfolders, files in os.walk(given, onerror=_raise):
            subfolders[:] = sorted(
                name
                for name in subfolders
                if not name.startswith(".") and not (Path(folder) / name).is_symlink()
            )
            for name in sorted(files):
                if name.endswith(SUFFIXES):
                    _take(Path(folder) / name, boundary, found, problems)
    return sorted(found.values(), key=lambda p: p.as_posix()), problems


def _take(
    path: Path,
    boundary: Path,
    found: dict[Path, Path],
    problems: list[Diagnostic],
) -> None:
    target = path.resolve()
    if path.is_symlink() and not target.is_relative_to(boundary):
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
    found.setdefault(target, path.absolute())


def _raise(error: OSError) -> None:
    raise InputError(f"cannot read {error.filename}: {error.strerror}")
