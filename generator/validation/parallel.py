"""Validate a whole playbooks tree one engagement at a time, on several cores when large.

Engagements never depend on each other, with one exception: two engagements with the
same id. So a check of the whole tree reads the files that lie outside any engagement
folder (shared catalogs) once, then checks each engagement folder with them, runs the
rules on it alone, keeps its findings and the source lines they quote, and lets it go
before the next: memory holds one engagement at a time, not the tree. The engagement
ids are kept, and the one rule across engagements runs on them at the end.

On a large tree, worker processes each take a share of the engagement folders this
way. Workers return only diagnostics and the source lines those quote, not the loaded
playbooks: sending those back costs as much as reading them.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, Protocol

from generator.config import Config
from generator.diagnostics import Diagnostic, Findings, Location, Severity, count, failed
from generator.loading import SourceFile, declared_kind, display_path
from generator.models import Engagement
from generator.portfolio import Portfolio
from generator.rules import RULES
from generator.rules.references import id_clash_message, id_clashes
from generator.validation.pipeline import (
    CheckedFile,
    Checker,
    check_path,
    check_sources,
    collector_paused,
    scope_files,
    validate_files,
)

#: Below this many files per worker, starting workers costs more than it saves.
FILES_PER_WORKER: Final = 400
_CLASH_RULE: Final = "PB207"
#: How much of a file is looked at to tell an engagement file from the others.
_HEAD: Final = 4096


@dataclass(frozen=True)
class SharedReport:
    """The findings of a whole-tree check, engagement by engagement, with the source
    lines they quote."""

    diagnostics: tuple[Diagnostic, ...]
    quotes: dict[tuple[str, int], str]
    files: int

    def count(self, severity: Severity) -> int:
        return count(self.diagnostics, severity)

    def failed(self, *, strict: bool = False) -> bool:
        return failed(self.diagnostics, strict=strict)

    def quote(self, path: str, line: int) -> str:
        return self.quotes.get((path, line), "")


def check(paths: Sequence[Path], config: Config, jobs: int | None = None) -> Findings:
    """Validate like :func:`validate`: a whole tree engagement by engagement, on several
    cores when it is large.

    A check of some files reports on them in the context of the rest, which
    :func:`validate` does.
    """
    with collector_paused():
        root, files, problems, wanted = scope_files(paths, config)
        # Problems finding the files (links out of the root) are rare; the whole tree
        # is then checked at once and they are reported with everything else.
        if wanted is not None or problems:
            return validate_files(root, files, problems, wanted, config)
    workers = jobs if jobs is not None else jobs_for(len(files))
    return validate_shares(root, files, config, workers)


@dataclass(frozen=True)
class _Share:
    root: Path
    #: The files of each engagement folder of the share.
    groups: tuple[tuple[Path, ...], ...]
    shared: tuple[Path, ...]
    config: Config
    #: The group whose check reports the shared files' own findings, if in this share.
    first: tuple[Path, ...] | None
    #: The files whose first lines declare an Engagement: what the groups were made from.
    engagement_files: frozenset[Path]
    #: Whether each group's findings come back on their own, for a memo to keep.
    keeping: bool = False


@dataclass
class Outcome:
    """What checking some engagements found, and their ids: not their files or models."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    quotes: dict[tuple[str, int], str] = field(default_factory=dict)
    engagements: list[tuple[str, Location, str, str]] = field(default_factory=list)
    """Each engagement's id, where it is written, the file shown and that line."""
    #: A file's kind, once read, was not what its first lines said: the groups are wrong.
    misread: bool = False
    #: Each group checked and what it found, when a worker checks for a memo.
    checked: list[tuple[tuple[Path, ...], bool, Outcome]] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        self.diagnostics.extend(other.diagnostics)
        self.quotes.update(other.quotes)
        self.engagements.extend(other.engagements)


class Memo(Protocol):
    """Keeps what one engagement's check found, by everything it was made from."""

    def recall(self, group: Sequence[Path], shared: Sequence[Path], first: bool) -> Outcome | None:
        """The findings of the engagement of ``group`` checked with ``shared`` (``first``:
        with the shared files' own findings), if nothing they depend on changed."""
        ...

    def keep(
        self, group: Sequence[Path], shared: Sequence[Path], first: bool, found: Outcome
    ) -> None:
        """Keep ``found`` for :meth:`recall`."""
        ...


def jobs_for(files: int, cores: int | None = None) -> int:
    """How many workers ``files`` files deserve on this machine."""
    return max(1, min(cores or os.cpu_count() or 1, files // FILES_PER_WORKER))


def validate_shares(
    root: Path,
    files: Sequence[Path],
    config: Config,
    jobs: int,
    checker: Checker | None = None,
    memo: Memo | None = None,
) -> Findings:
    """Validate ``files`` (all under ``root``) in ``jobs`` processes (1: this one).

    The engagement folders are told from the first lines of each file. Should a file
    turn out to be of another kind once read (its `kind:` written late in a long file,
    or in flow style), the tree is checked whole instead, which needs no grouping.
    With ``jobs`` 1, a ``checker`` (a cache on disk) reads and checks the files, and a
    ``memo`` gives back the findings of engagements whose files did not change.
    """
    is_engagement = checker.is_engagement if checker is not None else is_engagement_file
    engagement_files = frozenset(path for path in files if is_engagement(path))
    groups, shared = _engagement_groups(root, files, engagement_files)
    # one engagement's check reports the shared files' own findings (with none, the
    # check of the shared files alone)
    first = min(map(tuple, groups)) if groups else ()
    outcomes: list[Outcome] = []
    if memo is not None and jobs > 1 and groups:  # replay what the memo has; the rest on workers
        outcomes, groups = _recalled(groups, tuple(shared), first, memo)
        jobs = max(1, min(jobs, sum(map(len, groups)) // FILES_PER_WORKER))
    # nothing left to check when the memo gave back every engagement
    shares = _balance(groups, jobs) if groups or not outcomes else []
    work = [
        _Share(
            root,
            tuple(map(tuple, share)),
            tuple(shared),
            config,
            first if not share or first in map(tuple, share) else None,
            engagement_files,
            keeping=memo is not None and len(shares) > 1,
        )
        for share in shares
    ]
    if len(work) == 1:
        outcomes.append(_validate_share(work[0], checker, memo))
    elif work:
        # spawn, not fork: a forked copy of a process that ran Typst can deadlock.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=len(work), mp_context=context) as pool:
            outcomes.extend(pool.map(_validate_share, work))
        for outcome in outcomes:  # what the workers checked, for the memo to keep
            for group, reports_shared, found in outcome.checked:
                if memo is not None:
                    memo.keep(group, shared, reports_shared, found)
                outcome.add(found)
    if any(outcome.misread for outcome in outcomes):
        with collector_paused():
            return validate_files(root, files, [], None, config, cache=checker)
    diagnostics = [diag for outcome in outcomes for diag in outcome.diagnostics]
    clashes = _clashes(outcomes, config)
    diagnostics.extend(diag for diag, _ in clashes)
    quotes = {key: text for outcome in outcomes for key, text in outcome.quotes.items()}
    quotes.update(((d.location.path, d.location.line), line) for d, line in clashes)
    diagnostics.sort(key=Diagnostic.sort_key)
    return SharedReport(tuple(diagnostics), quotes, len(files))


def _engagement_groups(
    root: Path, files: Sequence[Path], engagement_files: frozenset[Path]
) -> tuple[list[list[Path]], list[Path]]:
    """Files grouped by the engagement folder they belong to, and the files of none."""
    # as strings: thousands of files climb their folders, and paths hash slowly
    folders = {str(path.parent) for path in engagement_files}
    top = str(root.absolute())
    groups: dict[str, list[Path]] = {}
    shared: list[Path] = []
    for path in files:
        owner = _owner(str(path), folders)
        if owner is None or not (owner == top or owner.startswith(top.rstrip(os.sep) + os.sep)):
            shared.append(path)
        else:
            groups.setdefault(owner, []).append(path)
    return list(groups.values()), shared


def _owner(path: str, folders: set[str]) -> str | None:
    """The nearest of ``folders`` that holds ``path``, if any."""
    folder, parent = path, os.path.dirname(path)  # noqa: PTH120 - strings, not paths
    while parent != folder:
        if parent in folders:
            return parent
        folder, parent = parent, os.path.dirname(parent)  # noqa: PTH120
    return None


def is_engagement_file(path: Path) -> bool:
    """Whether the file at ``path`` declares itself an engagement file in its first lines."""
    try:
        with path.open("rb") as handle:
            return engagement_head(handle.read(_HEAD))
    except OSError:
        return False


def engagement_head(raw: bytes) -> bool:
    """Whether a file beginning with ``raw`` declares itself an engagement file."""
    return declared_kind(raw[:_HEAD].decode("utf-8", errors="replace")) == Engagement.KIND


def _recalled(
    groups: list[list[Path]],
    shared: tuple[Path, ...],
    first: tuple[Path, ...],
    memo: Memo,
) -> tuple[list[Outcome], list[list[Path]]]:
    """What ``memo`` gives back of ``groups``, and the groups it has nothing for."""
    outcome, left = Outcome(), []
    for group in groups:
        found = memo.recall(group, shared, tuple(group) == first)
        if found is None:
            left.append(group)
        else:
            outcome.add(found)
    return [outcome], left


def _balance(groups: list[list[Path]], jobs: int) -> list[list[list[Path]]]:
    """Deal the groups to ``jobs`` shares of about the same number of files, each share
    keeping the groups in path order."""
    if jobs == 1:
        return [sorted(groups)] if groups else [[]]
    shares: list[list[list[Path]]] = [[] for _ in range(jobs)]
    for group in sorted(groups, key=len, reverse=True):
        min(shares, key=lambda share: sum(map(len, share))).append(group)
    kept = [sorted(share) for share in shares if share]
    return kept or [[]]


def _validate_share(
    share: _Share, checker: Checker | None = None, memo: Memo | None = None
) -> Outcome:
    """Validate a share's engagements one at a time, each with the shared files."""
    skip = _ignoring(share.config, _CLASH_RULE)
    outcome = Outcome()
    shared: list[CheckedFile] | None = None  # read when an engagement is checked
    # Every finding is in an engagement's own files or in the shared ones.
    shown = {display_path(path) for path in share.shared}
    checked = 0  # engagements checked since the last collection (replayed ones leave nothing)
    with collector_paused():
        # With no engagement, the shared files are still checked once.
        for group in share.groups or ((),):
            # One engagement's check reports the shared files' findings.
            first = group == share.first
            found = recalled = memo.recall(group, share.shared, first) if memo else None
            if found is None:
                if shared is None:
                    shared = [check_path(path, checker) for path in share.shared]
                    if not _as_grouped(share.shared, shared, share.engagement_files):
                        return replace(outcome, misread=True)
                    gc.freeze()  # what stays for the run is not scanned by collections
                own = [check_path(path, checker) for path in group]
                if not _as_grouped(group, own, share.engagement_files):
                    return replace(outcome, misread=True)
                found = Outcome()
                others = set() if first else shown
                _take(found, *check_sources(share.root, [*shared, *own], [], skip), others)
                if memo:
                    memo.keep(group, share.shared, first, found)
                elif share.keeping:  # sent back on its own, for the caller's memo
                    outcome.checked.append((group, first, found))
                    continue
            outcome.add(found)
            checked += found is not recalled
            if checked >= _COLLECT_EVERY:
                checked = 0
                gc.collect()  # what the checked engagements left in cycles
    return outcome


def _as_grouped(
    paths: Sequence[Path], checked: Sequence[CheckedFile], engagement_files: frozenset[Path]
) -> bool:
    """Whether the files read are Engagements exactly where their first lines said so."""
    return all(
        (entry.source is not None and entry.source.kind == Engagement.KIND)
        == (path in engagement_files)
        for path, entry in zip(paths, checked, strict=True)
    )


#: Engagements checked between two collections of what they left in reference cycles.
_COLLECT_EVERY: Final = 50


def _take(
    outcome: Outcome,
    portfolio: Portfolio,
    sources: dict[str, SourceFile],
    found: list[Diagnostic],
    others: set[str],
) -> None:
    """Keep what one engagement's check found outside the files ``others``, and its id:
    not its files or models."""
    kept = [d for d in found if d.location.path not in others]
    outcome.diagnostics.extend(kept)
    outcome.quotes.update(
        ((d.location.path, d.location.line), sources[d.location.path].line(d.location.line))
        for d in kept
        if d.location.path in sources
    )
    for playbook in portfolio.playbooks:
        where = playbook.engagement.at(("metadata", "id"))
        line = playbook.engagement.source.line(where.line)
        outcome.engagements.append((playbook.id, where, playbook.engagement.source.display, line))


def _ignoring(config: Config, code: str) -> Config:
    settings = config.settings.model_copy(update={"ignore": (*config.settings.ignore, code)})
    return replace(config, settings=settings)


def _clashes(outcomes: list[Outcome], config: Config) -> list[tuple[Diagnostic, str]]:
    """Engagement ids used twice, checked across all shares at once."""
    if not config.enabled(_CLASH_RULE):
        return []
    entries = sorted(
        (
            (ident, (where, shown, line))
            for o in outcomes
            for ident, where, shown, line in o.engagements
        ),
        key=lambda entry: entry[1][1],
    )
    severity = Severity(config.settings.severity.get(_CLASH_RULE, RULES[_CLASH_RULE].severity))
    return [
        (
            Diagnostic(
                _CLASH_RULE, severity, id_clash_message(ident, first[1]), where, field="metadata.id"
            ),
            line,
        )
        for (ident, (where, _, line)), first in id_clashes(entries)
    ]
