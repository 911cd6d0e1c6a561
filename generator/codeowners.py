"""Required reviewers from the rosters: a generated block in the CODEOWNERS file.

Each engagement's folder is owned by its accountable people on both sides (people
with ``accountable: true`` and a ``github`` handle); shared files under the playbooks
root, such as the shared metric catalog, by the vendors' accountable people, who keep
them: a client does not approve a change to what other clients' engagements measure.
The block sits between two marker lines; lines outside it are the repository's own
and are kept as they are.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from generator.errors import PlaybookError
from generator.loading import display_path
from generator.portfolio import Playbook, Portfolio

BEGIN: Final = "# BEGIN playbook codeowners"
END: Final = "# END playbook codeowners"
#: Where GitHub looks for the file, in its order of preference.
LOCATIONS: Final = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
_PARTIES: Final = ("client", "vendor")


class CodeownersError(PlaybookError):
    """The CODEOWNERS file cannot be updated safely; nothing was written."""


def reviewers(playbook: Playbook) -> dict[str, tuple[str, ...]]:
    """GitHub handles (``@name``) of the accountable people, by party, in roster order."""
    found: dict[str, list[str]] = {party: [] for party in _PARTIES}
    for person in playbook.people.values():
        if person.accountable and person.github:
            handle = "@" + person.github.removeprefix("@")
            if handle not in found[person.party]:
                found[person.party].append(handle)
    return {party: tuple(handles) for party, handles in found.items()}


@dataclass(frozen=True)
class Gap:
    """A side of an engagement that no required reviewer speaks for."""

    playbook: Playbook
    party: str

    def __str__(self) -> str:
        return (
            f"{self.playbook.engagement.source.display}: no accountable {self.party} person "
            f"has a `github` handle, so no {self.party} review can be required for "
            f"`{self.playbook.id}`"
        )


def block(portfolio: Portfolio, top: Path) -> tuple[str, list[Gap]]:
    """The generated block for ``portfolio``, with paths relative to the repository ``top``."""
    lines = [
        f"{BEGIN}: generated from the rosters; edit them, then run `playbook codeowners`",
        "# Each engagement's folder is owned by its accountable people on both sides.",
    ]
    gaps: list[Gap] = []
    vendors: list[str] = []
    rows: list[tuple[str, str, str]] = []
    for playbook in portfolio.playbooks:
        owners = reviewers(playbook)
        gaps.extend(Gap(playbook, party) for party in _PARTIES if not owners[party])
        handles = [handle for party in _PARTIES for handle in owners[party]]
        vendors.extend(h for h in owners["vendor"] if h not in vendors)
        comment = " ".join(playbook.title.split())
        rows.append((_pattern(playbook.folder, top, folder=True), " ".join(handles), comment))
    if portfolio.catalogs and vendors:
        lines.append("# Shared catalogs are kept by the vendors' accountable people.")
    for catalog in portfolio.catalogs:
        if vendors:
            pattern = _pattern(catalog.source.path, top, folder=False)
            lines.append(f"{pattern} {' '.join(sorted(vendors))}")
    for pattern, owners_line, comment in sorted(rows):
        lines.append(f"# {comment}")
        lines.append(
            f"{pattern} {owners_line}" if owners_line else f"# {pattern}: no reviewer with a handle"
        )
    lines.append(END)
    return "\n".join(lines) + "\n", gaps


@dataclass(frozen=True)
class Update:
    """The CODEOWNERS text with a new block, and what happened to the rest."""

    text: str
    kept: int  # hand-written lines kept outside the block
    after: int  # hand-written rules after the block, which take precedence over it


def update(current: str | None, generated: str, where: Path) -> Update:
    """``current`` (None: no file yet) with its generated block replaced by ``generated``.

    A file without a block gets the block at its end, where it takes precedence over
    broader rules above it (in CODEOWNERS, the last matching line wins).
    """
    if current is None:
        return Update(generated, 0, 0)
    lines = current.splitlines(keepends=True)
    found = _find_block(lines, where)
    if found is None:
        text = current if current.endswith("\n") or not current else current + "\n"
        separator = "\n" if text.strip() and not text.endswith("\n\n") else ""
        return Update(text + separator + generated, _rules(lines), 0)
    before, after = lines[: found[0]], lines[found[1] + 1 :]
    text = "".join(before) + generated + "".join(after)
    return Update(text, _rules(before) + _rules(after), _rules(after))


def current_block(text: str, where: Path) -> str | None:
    """The generated block in ``text``, or None when it has none."""
    lines = text.splitlines(keepends=True)
    found = _find_block(lines, where)
    return None if found is None else "".join(lines[found[0] : found[1] + 1])


def _find_block(lines: list[str], where: Path) -> tuple[int, int] | None:
    """First and last line of the generated block; None when there is no block."""
    begins = [i for i, line in enumerate(lines) if line.startswith(BEGIN)]
    ends = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == END]
    if not begins and not ends:
        return None
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        raise CodeownersError(
            f"{display_path(where)}: expected one `{BEGIN}` line followed by one "
            f"`{END}` line, found {len(begins)} and {len(ends)}; fix the markers by hand"
        )
    return begins[0], ends[0]


def unified(old: str, new: str, name: str) -> str:
    """What regenerating would change, as a unified diff."""
    diff = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), name, f"{name} (generated)"
    )
    return "".join(diff)


def default_location(top: Path) -> Path:
    """The CODEOWNERS file GitHub would read, or ``.github/CODEOWNERS`` when there is none."""
    for relative in LOCATIONS:
        if (top / relative).is_file():
            return top / relative
    return top / LOCATIONS[0]


def _rules(lines: list[str]) -> int:
    return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _pattern(path: Path, top: Path, *, folder: bool) -> str:
    """``/playbooks/acme/``: anchored at the repository top; spaces escaped as GitHub reads them."""
    try:
        relative = PurePosixPath(path.resolve().relative_to(top.resolve()).as_posix())
    except ValueError:
        raise CodeownersError(
            f"{path} is outside the repository at {top}; CODEOWNERS can only name files inside it"
        ) from None
    if str(relative) == ".":
        return "*"
    return "/" + str(relative).replace(" ", "\\ ") + ("/" if folder else "")


@dataclass(frozen=True)
class Plan:
    """What ``playbook codeowners`` would write, and where."""

    path: Path
    current: str | None
    generated: str
    update: Update
    gaps: list[Gap]

    @property
    def up_to_date(self) -> bool:
        return self.current is not None and self.update.text == self.current


def plan(portfolio: Portfolio, top: Path, path: Path) -> Plan:
    """The generated block for ``portfolio`` and the file ``path`` with it in place."""
    try:
        current = path.read_text(encoding="utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise CodeownersError(f"cannot read {display_path(path)}: {exc}") from None
    generated, gaps = block(portfolio, top)
    return Plan(path, current, generated, update(current, generated, path), gaps)
