"""`playbook rename`: give a person of the roster another id, in every file that names them.

Each place is found from the validated documents (the roster entry, and every field
that names a person: owners, receivers, assessors, sign-offs, re-plans' `agreed_by`),
and only the id's own characters are replaced there, so comments, quoting and layout
stay as they were. Every file is checked before any is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from generator.config import Config
from generator.diagnostics import did_you_mean
from generator.errors import PlaybookError
from generator.models import REGISTRY
from generator.models.walk import references, walk
from generator.portfolio import Playbook
from generator.validation import validate
from generator.writing import refuse_unsafe_file, write_bytes

_ID: Final = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?\Z")


class RenameError(PlaybookError):
    """The id cannot be renamed; no file was written."""


@dataclass
class Renamed:
    """What :func:`rename` changed."""

    engagement: str
    places: int = 0
    files: list[Path] = field(default_factory=list)
    #: Comments that still mention the old id, as ``path:line``: left as written.
    comments: list[str] = field(default_factory=list)


def rename(config: Config, old: str, new: str, engagement: str | None = None) -> Renamed:
    """Rename the roster id ``old`` to ``new`` in every file of its engagement."""
    if not _ID.match(new):
        raise RenameError(
            f"`{new}` is not an id: lowercase letters, digits, `-` and `_`, starting and "
            "ending with a letter or digit"
        )
    result = validate((), config)
    playbook = _engagement_of(result.portfolio.playbooks, old, engagement)
    if playbook.broken:  # a file that cannot be read may name the person too
        kinds = ", ".join(sorted(REGISTRY[k].noun if k in REGISTRY else k for k in playbook.broken))
        raise RenameError(
            f"{playbook.id}: the files of its {kinds} have errors, so the places that name "
            f"`{old}` there cannot be found; `playbook validate` lists them"
        )
    roster = [person.id for person in playbook.engagement.model.spec.people]
    if new in roster:
        raise RenameError(f"`{new}` is already on the roster of {playbook.id}: ids name one person")
    done = Renamed(playbook.id)
    edits: dict[Path, str] = {}
    for doc in playbook.documents():
        paths = [
            path
            for path, target, ident in references(walk(doc.model))
            if target == "person" and ident == old
        ]
        if doc is playbook.engagement:
            index = roster.index(old)
            paths.append(("spec", "people", index, "id"))
        if not paths:
            continue
        text = doc.source.text
        lines = text.splitlines(keepends=True)
        for row, column in sorted({doc.source.source_map.value(p) for p in paths}, reverse=True):
            lines[row] = _replaced(lines[row], column, old, new, doc.source.display)
        edits[doc.source.path] = "".join(lines)
        done.places += len(set(paths))
    word = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for doc in playbook.documents():
        text = edits.get(doc.source.path, doc.source.text)
        for number, written in enumerate(text.splitlines(), start=1):
            if "#" in written and word.search(written[written.index("#") :]):
                done.comments.append(f"{doc.source.display}:{number}")
    for path in edits:
        refuse_unsafe_file(path)
    for path, text in edits.items():
        write_bytes(path, text.encode("utf-8"))
        done.files.append(path)
    return done


def _engagement_of(playbooks: tuple[Playbook, ...], old: str, named: str | None) -> Playbook:
    """The engagement whose roster holds ``old`` (the one named, when several do)."""
    holders = [
        p
        for p in playbooks
        if (named is None or p.id == named)
        and any(x.id == old for x in p.engagement.model.spec.people)
    ]
    if len(holders) == 1:
        return holders[0]
    if not holders:
        ids = sorted({x.id for p in playbooks for x in p.engagement.model.spec.people})
        hint = did_you_mean(old, ids)
        where = f" of {named}" if named else ""
        raise RenameError(
            f"nobody on the roster{where} has the id `{old}`" + (f"; {hint}" if hint else "")
        )
    listed = ", ".join(p.id for p in holders)
    raise RenameError(f"`{old}` is on the rosters of {listed}: name one with --engagement")


def _replaced(line: str, column: int, old: str, new: str, where: str) -> str:
    """``line`` with the id at ``column`` (perhaps quoted) replaced."""
    start = column + 1 if line[column : column + 1] in ("'", '"') else column
    if line[start : start + len(old)] != old:
        raise RenameError(
            f"{where}: cannot find `{old}` where the file names it; rename it by hand"
        )
    return line[:start] + new + line[start + len(old) :]
