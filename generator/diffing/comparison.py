"""Match the two sides engagement by engagement, document by document, and compare.

Engagements are matched by their id and documents by their kind, so a file that
was renamed or moved is compared with its old self. Metric catalogs, of which there
may be several, are matched by their path below the playbooks root, or paired when
there is one on each side. A document missing on one side because its file there
has errors is said to be unreadable, not added or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final, Literal

from generator.codeowners import reviewers
from generator.diagnostics import Severity
from generator.diffing.changes import (
    Comparison,
    DocumentDiff,
    EngagementDiff,
    FileNote,
    SideSummary,
)
from generator.diffing.problems import problems
from generator.diffing.results import results_summary
from generator.diffing.sides import Side
from generator.diffing.signoffs import signoff_changes, signoff_views
from generator.diffing.structure import DocumentComparison
from generator.diffing.wording import Names
from generator.models import KINDS, Document, Engagement
from generator.models.kinds import members
from generator.models.scorecard import Scorecard
from generator.portfolio import Loaded, Playbook
from generator.views.context import approval

_UNREADABLE: Final = (
    "the {side} version has errors, so it could not be compared (see the problems below)"
)

Pair = tuple[Playbook | None, Playbook | None]


def compare(base: Side, head: Side, today: date) -> Comparison:
    """Everything that differs from ``base`` to ``head``; what is late counts from ``today``."""
    sides = (base, head)
    before = {p.id: p for p in base.result.portfolio.playbooks}
    after = {p.id: p for p in head.result.portfolio.playbooks}
    engagements = []
    for engagement_id in sorted(set(before) | set(after)):
        pair = (before.get(engagement_id), after.get(engagement_id))
        found = _engagement(engagement_id, pair, sides, today)
        if found is not None:
            engagements.append(found)
    catalogs = (base.result.portfolio.catalogs, head.result.portfolio.catalogs)
    new, fixed, still = problems(base, head)
    return Comparison(
        base=_summary(base),
        head=_summary(head),
        engagements=tuple(engagements),
        shared=tuple(_documents(catalogs[0], catalogs[1], (None, None), sides, today)),
        files=tuple(_kind_changes(base, head)),
        new_problems=new,
        fixed_problems=fixed,
        open_problems=still,
    )


def _engagement(
    engagement_id: str, pair: Pair, sides: tuple[Side, Side], today: date
) -> EngagementDiff | None:
    old, new = pair
    either = new or old
    assert either is not None
    owners = reviewers(either)
    if old is not None and new is not None:
        found: list[DocumentDiff] = []
        for kind in (Engagement.KIND, *(k.name for k in members())):
            mine = [[d for d in p.documents() if d.kind == kind] for p in pair if p is not None]
            found.extend(_documents(mine[0], mine[1], pair, sides, today))
        found.extend(_documents(old.catalogs, new.catalogs, pair, sides, today))
        if not found:
            return None
        return EngagementDiff(engagement_id, new.title, "changed", tuple(found), owners)
    other = sides[0] if old is None else sides[1]
    if engagement_id in other.broken_engagements:
        note = (
            f"the {'old' if old is None else 'new'} version of its engagement file has errors, "
            "so its documents could not be compared (see the problems below)"
        )
        return EngagementDiff(engagement_id, either.title, "unreadable", (), owners, note)
    status: Literal["added", "removed"] = "added" if old is None else "removed"
    documents = tuple(
        DocumentDiff(
            doc.kind,
            _title(doc),
            status,
            doc.source.display if new else None,
            doc.source.display if old else None,
        )
        for doc in either.documents()
    )
    return EngagementDiff(engagement_id, either.title, status, documents, owners)


def _documents(
    old: Sequence[Loaded[Document]],
    new: Sequence[Loaded[Document]],
    pair: Pair,
    sides: tuple[Side, Side],
    today: date,
) -> list[DocumentDiff]:
    """Pair documents of one kind by path below the root (or one with one); compare each."""
    old_at = {sides[0].relative(doc.source): doc for doc in old}
    new_at = {sides[1].relative(doc.source): doc for doc in new}
    matched = [(doc, new_at[path]) for path, doc in old_at.items() if path in new_at]
    removed = [doc for path, doc in old_at.items() if path not in new_at]
    added = [doc for path, doc in new_at.items() if path not in old_at]
    if len(removed) == 1 and len(added) == 1:
        matched.append((removed[0], added[0]))
        removed, added = [], []
    found = [diff for a, b in matched if (diff := _document(a, b, pair, sides, today)) is not None]
    found.extend(_one_sided(doc, sides, pair, added=False) for doc in removed)
    found.extend(_one_sided(doc, sides, pair, added=True) for doc in added)
    return found


def _one_sided(
    doc: Loaded[Document], sides: tuple[Side, Side], pair: Pair, *, added: bool
) -> DocumentDiff:
    """A document on one side only: added, removed, or unreadable on the other side."""
    mine, other = (sides[1], sides[0]) if added else (sides[0], sides[1])
    other_playbook = pair[0] if added else pair[1]
    shown = doc.source.display
    path, base_path = (shown, None) if added else (None, shown)
    if mine.relative(doc.source) in other.unreadable or (
        other_playbook is not None and doc.kind in other_playbook.broken
    ):
        note = _UNREADABLE.format(side="old" if added else "new")
        return DocumentDiff(doc.kind, _title(doc), "unreadable", path, base_path, note=note)
    return DocumentDiff(doc.kind, _title(doc), "added" if added else "removed", path, base_path)


def _document(
    old: Loaded[Document],
    new: Loaded[Document],
    pair: Pair,
    sides: tuple[Side, Side],
    today: date,
) -> DocumentDiff | None:
    """The changes to a document present on both sides; None when there are none."""
    names = (Names.of(pair[0]), Names.of(pair[1]))
    changes = DocumentComparison(old, new, names).run()
    signoffs = signoff_changes(
        signoff_views(old, pair[0]),
        signoff_views(new, pair[1]),
        content_changed=old.digest != new.digest,
    )
    state = None
    if pair[0] is not None and pair[1] is not None:
        was, now = approval(pair[0], old), approval(pair[1], new)
        state = (was.label, now.label) if was.state != now.state else None
    diff = DocumentDiff(
        new.kind,
        _title(new),
        "changed",
        new.source.display,
        old.source.display,
        tuple(changes),
        tuple(signoffs),
        state,
        moved=sides[0].relative(old.source) != sides[1].relative(new.source),
        summary=results_summary(pair[0], pair[1], today) if new.kind == Scorecard.KIND else (),
    )
    if not (changes or signoffs or state or diff.moved):
        return None
    return diff


def _title(doc: Loaded[Document]) -> str:
    """The document's title; the engagement file goes by its kind (its title names the whole)."""
    return doc.model.DEFAULT_TITLE if isinstance(doc.model, Engagement) else doc.model.title


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
        if source.kind is not None:
            found[side.relative(source)] = (display, source.kind)
    return found


def _kind_name(kind: str) -> str:
    model = KINDS.get(kind)
    if model is None:
        return kind
    title = model.DEFAULT_TITLE.lower()
    return f"{'an' if title[0] in 'aeiou' else 'a'} {title} ({kind})"


def _summary(side: Side) -> SideSummary:
    result = side.result
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    return SideSummary(side.label, result.files, errors, warnings)
