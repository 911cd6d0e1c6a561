"""What a comparison found, as data: every output format renders these objects.

Values are already worded for people (``at least 85%``, ``Priya Raman (Tier 2
Support Lead)``, ``9 Dec 2026 (day 38)``); the formats only arrange and escape them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.diagnostics import Diagnostic

Action = Literal["added", "removed", "changed", "moved", "reordered"]
#: Whether a change asks more of the team (`tightened`) or less (`loosened`).
Verdict = Literal["tightened", "loosened", ""]
DocumentStatus = Literal["added", "removed", "changed", "unreadable"]
SignoffAction = Literal["stale", "added", "renewed", "removed"]
#: Joins the parts of a name: an item in an item, a field in a block.
SEPARATOR = " › "


@dataclass(frozen=True)
class Change:
    """One difference inside a document.

    ``subject`` names the item (``Day 60 checkpoint``, ``Service level``) and ``field``
    the part of it that changed (``target``); ``old`` and ``new`` are the values as
    shown to people, None on the side that lacks them. ``location`` is
    ``path:line:col`` on the side that has the item (the new one when both do).
    """

    action: Action
    subject: str
    field: str = ""
    old: str | None = None
    new: str | None = None
    verdict: Verdict = ""
    note: str = ""
    location: str = ""

    @property
    def what(self) -> str:
        """Subject and field together, e.g. ``P1 (Critical)`` and ``receiver``."""
        return SEPARATOR.join(part for part in (self.subject, self.field) if part)


@dataclass(frozen=True)
class SignoffChange:
    """A sign-off this change affects.

    ``stale``: it approved the old content and no longer matches; ``added``: a new
    sign-off; ``renewed``: a person's sign-off replaced by one of the new content;
    ``removed``: a sign-off deleted from the file.
    """

    action: SignoffAction
    person: str
    party: str
    date: str


@dataclass(frozen=True)
class DocumentDiff:
    """The changes to one document of an engagement (or to a shared catalog)."""

    kind: str
    title: str
    status: DocumentStatus
    path: str | None
    base_path: str | None = None
    changes: tuple[Change, ...] = ()
    signoffs: tuple[SignoffChange, ...] = ()
    #: The approval state before and after (``Approved by both parties`` ...), when it moved.
    approval: tuple[str, str] | None = None
    note: str = ""
    #: The file moved or was renamed (its place below the playbooks root changed).
    moved: bool = False
    #: What the changes mean, in a sentence each (results, misses, re-plans).
    summary: tuple[str, ...] = ()

    @property
    def stale(self) -> tuple[SignoffChange, ...]:
        return tuple(s for s in self.signoffs if s.action == "stale")


@dataclass(frozen=True)
class EngagementDiff:
    """The changes to one engagement, document by document."""

    id: str
    title: str
    status: Literal["added", "removed", "changed", "unreadable"]
    documents: tuple[DocumentDiff, ...]
    #: GitHub handles of the accountable people, by party.
    reviewers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class FileNote:
    """Something about a file rather than its content: its kind changed."""

    path: str
    message: str


@dataclass(frozen=True)
class SideSummary:
    """One side as the report names it."""

    label: str
    files: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class Comparison:
    """Everything that differs between two sides, grouped by engagement and document."""

    base: SideSummary
    head: SideSummary
    engagements: tuple[EngagementDiff, ...] = ()
    #: Metric catalogs shared by every engagement.
    shared: tuple[DocumentDiff, ...] = ()
    files: tuple[FileNote, ...] = ()
    new_problems: tuple[Diagnostic, ...] = ()
    fixed_problems: tuple[Diagnostic, ...] = ()
    #: Problems on both sides; listed because the base's problems limit what was compared.
    open_problems: tuple[Diagnostic, ...] = ()

    def documents(self) -> tuple[DocumentDiff, ...]:
        return (*self.shared, *(d for e in self.engagements for d in e.documents))

    @property
    def changed(self) -> bool:
        """Whether anything differs: content, files, sign-offs or problems."""
        return bool(
            self.engagements
            or self.shared
            or self.files
            or self.new_problems
            or self.fixed_problems
        )

    @property
    def change_count(self) -> int:
        return sum(max(len(d.changes), 1) for d in self.documents())

    @property
    def stale_count(self) -> int:
        return sum(len(d.stale) for d in self.documents())

    @property
    def loosened(self) -> int:
        return sum(1 for d in self.documents() for c in d.changes if c.verdict == "loosened")
