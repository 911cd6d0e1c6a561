"""Read one playbook file: bytes -> text -> data with positions, or located diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Final

import yaml

from generator.diagnostics import Diagnostic, Location, Severity
from generator.inputs import InputError, read_head
from generator.loading.composer import (
    ComposeError,
    Note,
    Position,
    SourceMap,
    compose,
    split_lines,
)
from generator.loading.composer import Path as DataPath

MAX_FILE_BYTES: Final = 2 * 1024 * 1024
_WARNING_CODES: Final = frozenset({"PB009"})
#: A top-level `kind:` line, found in the text when the YAML as a whole cannot be read.
_KIND_LINE: Final = re.compile(
    r"^kind:[ \t]*([\"']?)([A-Za-z]+)\1[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE
)
#: How much of a file too large to read is read to find its kind.
_HEAD_BYTES: Final = 64 * 1024


@dataclass(frozen=True, eq=False)
class SourceFile:
    """One YAML file as read: its text, its data and where every value came from."""

    path: Path
    display: str
    text: str
    data: Any
    source_map: SourceMap
    #: False when the text could not be composed; ``data`` is then ``None``.
    composed: bool = True
    #: The kind ``data`` declared, kept when ``data`` is let go once a model holds it.
    declared: str | None = None

    def location(self, path: DataPath = (), *, key: bool = False) -> Location:
        line, column = self.source_map.key(path) if key else self.source_map.value(path)
        return Location(self.display, line + 1, column + 1)

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.text)

    def line(self, number: int) -> str:
        """The text of 1-based line ``number``, or '' past the end."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    @property
    def kind(self) -> str | None:
        """The kind the file declares; read from its text when its YAML is broken."""
        if self.declared is not None:
            return self.declared
        if isinstance(self.data, dict):
            kind = self.data.get("kind")
            return kind if isinstance(kind, str) else None
        return None if self.composed else declared_kind(self.text)


def declared_kind(text: str) -> str | None:
    """The kind a top-level `kind:` line declares, read from the text alone."""
    found = _KIND_LINE.search(text) or _KIND_LINE.search(text.replace("\r", "\n"))
    return found.group(2) if found else None


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as a user would type it: relative to ``base`` (the working folder) if inside."""
    if base is None and not path.is_absolute() and ".." not in path.parts:
        return path.as_posix()  # already relative to the working folder
    base = base or Path.cwd()
    try:
        return path.absolute().relative_to(base.absolute()).as_posix()
    except ValueError:
        return path.as_posix()


def read_source(
    path: Path, display: str | None = None
) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read and compose ``path``; the file is ``None`` when nothing usable came out.

    Raises :class:`InputError` only when the file cannot be read from disk.
    """
    shown = display or display_path(path)
    raw, size = read_raw(path, shown)
    return read_bytes(raw, path, shown, size=size)


def read_raw(path: Path, shown: str) -> tuple[bytes, int]:
    """The bytes of ``path`` and its size; only the beginning of a file too large to read.

    Raises :class:`InputError` when the file cannot be read from disk.
    """
    # The size is checked before reading, so that a huge file is never loaded; its
    # beginning is enough to tell its kind.
    return read_head(path, MAX_FILE_BYTES, "the file", shown, head=_HEAD_BYTES)


def read_bytes(
    raw: bytes, path: Path, shown: str, *, size: int | None = None
) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read content that is already in memory, such as a file of a git revision.

    ``path`` names the file (it need not exist on disk); ``size`` is the file's size
    when ``raw`` was not read because the file is too large.
    """
    size = len(raw) if size is None else size
    if size > MAX_FILE_BYTES:
        head = _unreadable(path, shown, raw[:_HEAD_BYTES])
        return head, [_diag("PB004", _too_large(size), Location(shown), _TOO_LARGE_HINT)]
    text, problem = decode(raw, shown)
    if problem is not None:
        return _unreadable(path, shown, raw), [problem]
    return parse_text(text, path, shown)


def _unreadable(path: Path, shown: str, raw: bytes) -> SourceFile:
    """A file whose text cannot be read as a whole, kept so that its kind is still known."""
    text = raw.decode("utf-8", "replace")
    return SourceFile(path, shown, text, None, SourceMap(), composed=False)


def parse_text(text: str, path: Path, shown: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Compose already decoded text; used for files and for revisions read from git.

    When composing fails the file is still returned, with ``composed=False``, so that
    reports can quote the offending line.
    """
    try:
        composed = compose(text)
    except ComposeError as exc:
        failed = SourceFile(path, shown, text, None, SourceMap(), composed=False)
        return failed, [_diag(exc.code, exc.message, _loc(shown, exc.position), exc.hint)]
    except yaml.reader.ReaderError as exc:
        failed = SourceFile(path, shown, text, None, SourceMap(), composed=False)
        return failed, [_control_character(text, exc, shown)]
    source = SourceFile(path, shown, text, composed.data, composed.source_map)
    return source, [_note(note, shown) for note in composed.notes]


def decode(raw: bytes, shown: str) -> tuple[str, Diagnostic | None]:
    """UTF-8 text of ``raw`` (a leading byte-order mark is dropped), or where it is not UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        lines = split_lines(raw[: exc.start].decode("utf-8", "replace"))
        line, column = len(lines) - 1, len(lines[-1])
        bad = raw[exc.start : exc.start + 1].hex()
        return "", _diag(
            "PB003",
            f"the file is not UTF-8: byte 0x{bad} cannot start a character here",
            _loc(shown, (line, column)),
            "save the file as UTF-8 (most editors: File > Save with encoding)",
        )


def _control_character(text: str, exc: yaml.reader.ReaderError, shown: str) -> Diagnostic:
    # libyaml counts the offset in bytes of the UTF-8 text; columns count characters.
    before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
    lines = split_lines(before)
    line, column = len(lines) - 1, len(lines[-1])
    return _diag(
        "PB003",
        f"control character U+{exc.character:04X} is not allowed in YAML",
        _loc(shown, (line, column)),
        "delete the invisible character; it often comes from copying out of another program",
    )


def _too_large(size: int) -> str:
    return (
        f"the file is {size / 1_048_576:.1f} MB: playbook files are limited to "
        f"{MAX_FILE_BYTES // 1_048_576} MB"
    )


_TOO_LARGE_HINT: Final = "split it into one file per document; attachments do not belong in YAML"


def _loc(shown: str, position: Position) -> Location:
    return Location(shown, position[0] + 1, position[1] + 1)


def _note(note: Note, shown: str) -> Diagnostic:
    return _diag(note.code, note.message, _loc(shown, note.position), note.hint)


def _diag(code: str, message: str, location: Location, hint: str | None = None) -> Diagnostic:
    severity = Severity.WARNING if code in _WARNING_CODES else Severity.ERROR
    return Diagnostic(code, severity, message, location, hint=hint)


__all__ = ["InputError", "SourceFile", "parse_text", "read_bytes", "read_source"]
