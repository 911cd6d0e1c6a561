"""Match the two sides engagement by engagement, document by document, and compare.

Engagements are matched by their id and documents by their kind, so a file that
was renamed or moved is compared with its old self. Metric catalogs, of which there
may be several, are matched by their path below the playbooks root, or paired when
there is one on each side. Problems are matched by code, file and message, not by
line, so a problem that only moved is neither new nor fixed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from generator.codeowners import reviewers
from generator.diagnostics import Diagnostic, Severity
from generator.diffing.changes import (
    Comparison,
    DocumentDiff,
    EngagementDiff,
    FileNote,
    SideSummary,
    SignoffChange,
)
from generator.diffing.sides import Side
from generator.diffing.structure import DocumentComparison
from generator.diffing.wording import Names
from generator.models import KINDS, Document, Engagement
from generator.portfolio import Loaded, Playbook
from generator.render.context import SignoffView, approval
from generator.render.text import long_date

_ORDER = ("Engagement", "EngagementBrief", "EscalationMatrix", "CertificationChecklist", "RampPlan")
_UNREADABLE = "the {side} version has errors, so it could not be compared (see the problems below)"

Pair = tuple[Playbook | None, Playbook | None]


def compare(base: Side, head: Side) -> Comparison:
    """Everything that differs from ``base`` to ``head``."""
    sides = (base, head)
    before = {p.id: p for p in base.result.portfolio.playbooks}
    after = {p.id: p for p in head.result.portfolio.playbooks}
    engagements = []
    for engagement_id in sorted(set(before) | set(after)):
        pair = (before.get(engagement_id), after.get(engagement_id))
        found = _engagement(engagement_id, pair, sides)
        if found is not None:
            engagements.append(found)
    portfolios = (base.result.portfolio, head.result.portfolio)
    shared = _documents(portfolios[0].catalogs, portfolios[1].catalogs, (None, None), sides)
    new, fixed, still = _problems(base, head)
    return Comparison(
        base=_summary(base),
        head=_summary(head),
        engagements=tuple(engagements),
        shared=tuple(shared),
        files=tuple(_kind_changes(base, head)),
        new_problems=new,
        fixed_problems=fixed,
        open_problems=still,
    )


def _engagement(engagement_id: str, pair: Pair, sides: tuple[Side, Side]) -> EngagementDiff | None:
    old, new = pair
    either = new or old
    assert either is not None
    owners = reviewers(either)
    if old is None or new is None:
        missing = 0 if old is None else 1
        if engagement_id in _broken_engagements(sides[missing]):
            note = (
                f"the {('old', 'new')[missing]} version of its engagement file has errors, so "
                "its documents could not be compared (see the problems below)"
            )
            return EngagementDiff(engagement_id, either.title, "unreadable", (), owners, note)
        status: Literal["added", "removed"] = "added" if old is None else "removed"
        documents = tuple(_one_sided(d, added=old is None, other=None) for d in either.documents())
        return EngagementDiff(engagement_id, either.title, status, documents, owners)
    found: list[DocumentDiff] = []
    for kind in _ORDER:
        mine = [[d for d in p.documents() if d.kind == kind] for p in (old, new)]
        found.extend(_documents(mine[0], mine[1], pair, sides))
    found.extend(_documents(old.catalogs, new.catalogs, pair, sides))
    if not found:
        return None
    return EngagementDiff(engagement_id, new.title, "changed", tuple(found), owners)


def _documents(
    old: Sequence[Loaded[Document]],
    new: Sequence[Loaded[Document]],
    pair: Pair,
    sides: tuple[Side, Side],
) -> list[DocumentDiff]:
    """Pair documents of one kind by path below the root (or one with one); compare each."""
    by_path = {sides[1].relative(doc.source): doc for doc in new}
    old_paths = {sides[0].relative(doc.source) for doc in old}
    matched = [(doc, by_path[p]) for doc in old if (p := sides[0].relative(doc.source)) in by_path]
    left = [doc for doc in old if sides[0].relative(doc.source) not in by_path]
    right = [doc for doc in new if sides[1].relative(doc.source) not in old_paths]
    if len(left) == 1 and len(right) == 1:
        matched.append((left[0], right[0]))
        left, right = [], []
    found = [diff for a, b in matched if (diff := _document(a, b, pair)) is not None]
    found.extend(_one_sided(doc, added=False, other=pair[1]) for doc in left)
    found.extend(_one_sided(doc, added=True, other=pair[0]) for doc in right)
    return found


def _one_sided(doc: Loaded[Document], *, added: bool, other: Playbook | None) -> DocumentDiff:
    """A document on one side only: added, removed, or unreadable on the ``other`` side."""
    shown = doc.source.display
    path, base_path = (shown, None) if added else (None, shown)
    if other is not None and doc.kind in other.broken:
        note = _UNREADABLE.format(side="old" if added else "new")
        return DocumentDiff(doc.kind, doc.model.title, "unreadable", path, base_path, note=note)
    return DocumentDiff(doc.kind, doc.model.title, "added" if added else "removed", path, base_path)


def _document(old: Loaded[Document], new: Loaded[Document], pair: Pair) -> DocumentDiff | None:
    names = (Names.of(pair[0]), Names.of(pair[1]))
    changes = DocumentComparison(old, new, names).run()
    before, after = _signoff_views(old, pair[0]), _signoff_views(new, pair[1])
    signoffs = _signoff_changes(before, after, content_changed=old.digest != new.digest)
    state = None
    if pair[0] is not None and pair[1] is not None:
        was, now = approval(pair[0], old), approval(pair[1], new)
        state = (was.label, now.label) if was.state != now.state else None
    diff = DocumentDiff(
        new.kind,
        new.model.title,
        "changed",
        new.source.display,
        old.source.display,
        tuple(changes),
        tuple(signoffs),
        state,
    )
    if not (changes or signoffs or state or diff.moved):
        return None
    return diff


def _signoff_views(doc: Loaded[Document], playbook: Playbook | None) -> tuple[SignoffView, ...]:
    """Each sign-off, current or not; a shared catalog's signatories have no roster."""
    if playbook is not None:
        return approval(playbook, doc).signoffs
    return tuple(
        SignoffView(None, s.person, "", s.date, s.digest, s.digest == doc.digest)
        for s in doc.model.signoffs
    )


def _signoff_changes(
    before: Sequence[SignoffView], after: Sequence[SignoffView], *, content_changed: bool
) -> list[SignoffChange]:
    """Sign-offs made stale by the change, and sign-offs added, renewed or removed."""
    old_keys = {(v.person_id, v.digest) for v in before}
    new_keys = {(v.person_id, v.digest) for v in after}
    added = [v for v in after if (v.person_id, v.digest) not in old_keys]
    removed = [v for v in before if (v.person_id, v.digest) not in new_keys]
    renewed = {v.person_id for v in added} & {v.person_id for v in removed}
    found: list[SignoffChange] = []
    if content_changed:
        found.extend(
            _signoff("stale", v)
            for v in before
            if v.current and (v.person_id, v.digest) in new_keys
        )
    found.extend(_signoff("renewed" if v.person_id in renewed else "added", v) for v in added)
    found.extend(_signoff("removed", v) for v in removed if v.person_id not in renewed)
    return found


def _signoff(action: str, view: SignoffView) -> SignoffChange:
    name = view.person.name if view.person is not None else view.person_id
    return SignoffChange(action, name, view.party, long_date(view.when))  # type: ignore[arg-type]


def _broken_engagements(side: Side) -> set[str]:
    """Ids of engagements whose engagement file is on this side but has errors."""
    loaded = {p.engagement.source.display for p in side.result.portfolio.playbooks}
    found: set[str] = set()
    for display, source in side.result.sources.items():
        data = source.data
        if display in loaded or not isinstance(data, dict) or data.get("kind") != Engagement.KIND:
            continue
        metadata = data.get("metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("id"), str):
            found.add(metadata["id"])
    return found


def _kind_changes(base: Side, head: Side) -> list[FileNote]:
    """Files that hold a different kind of document than before."""
    kinds = [_kinds(side) for side in (base, head)]
    notes = []
    for relative, (display, new) in sorted(kinds[1].items()):
        old = kinds[0].get(relative, (None, None))[1]
        if old is not None and old != new:
            notes.append(FileNote(display, f"now holds {_kind_name(new)}, not {_kind_name(old)}"))
    return notes


def _kinds(side: Side) -> dict[str, tuple[str, str]]:
    found = {}
    for display, source in side.result.sources.items():
        if isinstance(source.data, dict) and isinstance(source.data.get("kind"), str):
            found[side.relative(source)] = (display, source.data["kind"])
    return found


def _kind_name(kind: str) -> str:
    model = KINDS.get(kind)
    if model is None:
        return kind
    title = model.DEFAULT_TITLE.lower()
    return f"{'an' if title[0] in 'aeiou' else 'a'} {title} ({kind})"


def _problems(
    base: Side, head: Side
) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """Problems only on the new side, only on the old side, and on both."""
    old = base.result.diagnostics
    new = head.result.diagnostics
    old_left = Counter(_problem_key(base, d) for d in old)
    fresh, still = [], []
    for diag in new:
        key = _problem_key(head, diag)
        if old_left[key] > 0:
            old_left[key] -= 1
            still.append(diag)
        else:
            fresh.append(diag)
    new_left = Counter(_problem_key(head, d) for d in new)
    fixed = []
    for diag in old:
        key = _problem_key(base, diag)
        if new_left[key] > 0:
            new_left[key] -= 1
        else:
            fixed.append(diag)
    return tuple(fresh), tuple(fixed), tuple(still)


def _problem_key(side: Side, diag: Diagnostic) -> tuple[str, str, str]:
    path = Path(diag.location.path)
    try:
        where = path.absolute().relative_to(side.root).as_posix()
    except ValueError:
        where = diag.location.path
    return diag.code, where, diag.message


def _summary(side: Side) -> SideSummary:
    result = side.result
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    return SideSummary(side.label, result.files, errors, warnings)
