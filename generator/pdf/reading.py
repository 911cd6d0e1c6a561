"""Opening a playbook PDF again: is it a readable PDF, and is it one of ours?"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.pdf.manifest import MANIFEST_NAME, Manifest, parse_manifest

#: The largest PDF read: a playbook's longest packet is a few MB.
MAX_PDF_BYTES: Final = 200 * 1024 * 1024


class UnreadablePdfError(PlaybookError):
    """The file is missing, is not a PDF, is damaged, or was not built by `playbook pdf`."""


@dataclass(frozen=True)
class OpenedPdf:
    """A playbook PDF's bytes, a reader on them, and the manifest it carries."""

    path: Path
    data: bytes
    reader: PdfFileReader
    manifest: Manifest


def open_pdf(path: Path) -> OpenedPdf:
    """Read ``path`` and its manifest; raise :class:`UnreadablePdfError` with the reason."""
    try:
        data = read_input(path, MAX_PDF_BYTES, "the PDF")
    except InputError as exc:
        raise UnreadablePdfError(str(exc)) from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise UnreadablePdfError(f"{path}: not a PDF (it does not start with %PDF-)")
    if b"%%EOF" not in data[-1024:]:
        raise UnreadablePdfError(f"{path}: the PDF is truncated (no end-of-file marker)")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        raw = attachment(reader, MANIFEST_NAME)
    except Exception as exc:  # any damage pyHanko cannot walk (a cycle, deep nesting) is one
        raise UnreadablePdfError(f"{path}: damaged PDF: {_reason(exc)}") from None
    manifest = parse_manifest(raw) if raw is not None else None
    if manifest is None:
        raise UnreadablePdfError(
            f"{path}: not a playbook PDF (it carries no {MANIFEST_NAME}; "
            "build it with `playbook pdf`)"
        )
    return OpenedPdf(path, data, reader, manifest)


def attachment(reader: PdfFileReader, name: str) -> bytes | None:
    """The bytes of the embedded file ``name``, or None when the PDF has no such file."""
    names_tree = reader.root.get("/Names")
    if names_tree is None:
        return None
    files = _deref(names_tree).get("/EmbeddedFiles")
    if files is None:
        return None
    for key, spec in _name_tree_items(_deref(files)):
        if key == name:
            stream = _deref(_deref(spec)["/EF"])["/F"]
            return bytes(_deref(stream).data)
    return None


def _name_tree_items(root: Any) -> list[tuple[str, Any]]:
    """Every (name, value) of a name tree, each node visited once: a tree whose kids
    lead back to a node of their own is read, not followed round for ever."""
    items: list[tuple[str, Any]] = []
    pending, seen = [root], set[int]()
    while pending:
        node = pending.pop()
        if id(node) in seen or len(seen) > _MAX_TREE_NODES:
            continue
        seen.add(id(node))
        names = node.get("/Names")
        if names is not None:
            names = _deref(names)
            for index in range(0, len(names) - 1, 2):
                items.append((str(_deref(names[index])), names[index + 1]))
        kids = _deref(node.get("/Kids", generic.ArrayObject()))
        pending.extend(_deref(kid) for kid in reversed(kids))
    return items


#: Nodes of a name tree read at most; ours has one.
_MAX_TREE_NODES: Final = 10_000


def _deref(value: Any) -> Any:
    if isinstance(value, generic.IndirectObject):
        return value.get_object()  # type: ignore[no-untyped-call]
    return value


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "its objects nest too deeply to read"
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
