"""Typed playbooks: the validated documents of each engagement, grouped by folder.

A folder that holds an ``Engagement`` file is that engagement's playbook; its other
documents (brief, escalation matrix, certification checklist, ramp plan, local metric
catalogs) may sit in it or in folders below it. Metric catalogs outside any
engagement folder are shared by all engagements.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, Location, Severity
from generator.digest import content_digest
from generator.loading import display_path
from generator.loading.composer import Path as DataPath
from generator.loading.sources import SourceFile
from generator.models import (
    KINDS,
    CertificationChecklist,
    Document,
    Engagement,
    EngagementBrief,
    EscalationMatrix,
    MetricCatalog,
    MetricDefinition,
    Person,
    RampPlan,
)
from generator.models.walk import references, walk

D_co = TypeVar("D_co", bound=Document, covariant=True)
D = TypeVar("D", bound=Document)


@dataclass(frozen=True, eq=False)
class Loaded(Generic[D_co]):
    """A validated document and the file it came from."""

    source: SourceFile
    model: D_co
    #: The full document, when ``model`` is an audience's excerpt of it: its digest and
    #: what its sign-offs approve are the full document's.
    origin: Loaded[D_co] | None = None
    #: True for what could be kept of a file with errors (a catalog's valid metrics), so
    #: that rules across files still see it; its own errors are reported, and nothing
    #: is built from it.
    partial: bool = False

    @property
    def kind(self) -> str:
        return self.model.KIND

    @cached_property
    def digest(self) -> str:
        """Digest of the full content: what a sign-off approves."""
        return self.origin.digest if self.origin is not None else str(content_digest(self.model))

    @cached_property
    def nodes(self) -> list[tuple[DataPath, BaseModel]]:
        """Every model in the document with its path, walked once and shared by the rules."""
        return list(walk(self.model))

    @cached_property
    def references(self) -> list[tuple[DataPath, str, str]]:
        """``(path, target, id)`` of every id naming a person, metric or milestone."""
        return list(references(self.nodes))

    def at(self, path: DataPath = (), *, key: bool = False) -> Location:
        """Where ``path`` inside this document was written."""
        return self.source.location(path, key=key)


@dataclass(frozen=True, eq=False)
class Playbook:
    """The documents of one engagement."""

    folder: Path
    engagement: Loaded[Engagement]
    #: The engagement's documents other than its engagement file and catalogs, by kind,
    #: in the order of :data:`generator.models.KINDS`: at most one of each kind.
    members: Mapping[str, Loaded[Document]] = field(default_factory=dict)
    catalogs: tuple[Loaded[MetricCatalog], ...] = ()
    shared_catalogs: tuple[Loaded[MetricCatalog], ...] = ()
    #: Kinds present in the folder whose files have errors: not missing, just unusable.
    broken: frozenset[str] = frozenset()
    #: People kept from this copy's reader, as the reader may see them named where
    #: something refers to them (:mod:`generator.audience`); not on the roster.
    stand_ins: tuple[Person, ...] = ()
    #: The whole engagement, when this is a reader's copy of it.
    origin: Playbook | None = None

    def lacks(self, kind: str) -> bool:
        """Whether the engagement has no document of ``kind`` at all (not even a broken one)."""
        return kind not in self.broken and not any(d.kind == kind for d in self.documents())

    @property
    def id(self) -> str:
        return self.engagement.model.metadata.id

    @property
    def title(self) -> str:
        return self.engagement.model.title

    def documents(self) -> Iterator[Loaded[Document]]:
        """The engagement file, then each document it has, then its local catalogs."""
        yield self.engagement
        yield from self.members.values()
        yield from self.catalogs

    def member(self, kind: str) -> Loaded[Document] | None:
        """The engagement's document of ``kind``, if it has a valid one."""
        return self.members.get(kind)

    def document(self, model: type[D]) -> Loaded[D] | None:
        """The engagement's valid document of the kind ``model`` defines, typed as it:
        ``playbook.document(RampPlan)``. Any registered kind is reached this way."""
        return self.members.get(model.KIND)  # type: ignore[return-value]

    @property
    def brief(self) -> Loaded[EngagementBrief] | None:
        return self.document(EngagementBrief)

    @property
    def escalation(self) -> Loaded[EscalationMatrix] | None:
        return self.document(EscalationMatrix)

    @property
    def certification(self) -> Loaded[CertificationChecklist] | None:
        return self.document(CertificationChecklist)

    @property
    def ramp(self) -> Loaded[RampPlan] | None:
        return self.document(RampPlan)

    @cached_property
    def people(self) -> dict[str, Person]:
        """The roster by id (the first entry wins when an id repeats), with the stand-ins
        of people kept from this copy's reader."""
        roster: dict[str, Person] = {}
        for person in (*self.engagement.model.spec.people, *self.stand_ins):
            roster.setdefault(person.id, person)
        return roster

    @cached_property
    def metrics(self) -> dict[str, MetricDefinition]:
        """Metric definitions visible to this engagement; local ones override shared ones."""
        found: dict[str, MetricDefinition] = {}
        for catalog in (*self.shared_catalogs, *self.catalogs):
            for metric in catalog.model.spec.metrics:
                found[metric.id] = metric
        return found

    def date_of(self, day: int) -> date:
        return self.engagement.model.spec.date_of(day)

    def milestone_dates(self) -> dict[str, date]:
        """Due date of each milestone in the brief's timeline, day offsets resolved."""
        if self.brief is None:
            return {}
        dates: dict[str, date] = {}
        for milestone in self.brief.model.spec.timeline:
            when = milestone.due or self.date_of(milestone.day or 1)
            dates.setdefault(milestone.id, when)
        return dates


@dataclass(frozen=True, eq=False)
class Portfolio:
    """Every playbook under one root, with the shared catalogs."""

    root: Path
    playbooks: tuple[Playbook, ...]
    catalogs: tuple[Loaded[MetricCatalog], ...]
    #: Shared catalogs whose files have errors and whose metrics could not be read.
    unread_catalogs: tuple[Path, ...] = ()

    def get(self, engagement_id: str) -> Playbook | None:
        return next((p for p in self.playbooks if p.id == engagement_id), None)

    def documents(self) -> Iterator[Loaded[Document]]:
        yield from self.catalogs
        for playbook in self.playbooks:
            yield from playbook.documents()


@dataclass
class _Folder:
    """An engagement folder while it is being assembled."""

    engagement: Loaded[Engagement] | None = None  # None: its engagement file is broken
    members: dict[str, Loaded[Document]] = field(default_factory=dict)
    catalogs: list[Loaded[MetricCatalog]] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    #: Valid documents the checks across files could not take up (no engagement file).
    skipped: int = 0


def assemble(
    root: Path,
    documents: list[Loaded[Document]],
    broken: Sequence[tuple[Path, str]] = (),
) -> tuple[Portfolio, list[Diagnostic]]:
    """Group validated documents into playbooks by the folder of their engagement.

    ``broken`` lists files (path and kind) that failed their own checks: a folder
    whose engagement file is broken yields no playbook but no extra complaints, and a
    broken document is not reported as missing.
    """
    diagnostics: list[Diagnostic] = []
    folders = {path.parent: _Folder() for path, kind in broken if kind == Engagement.KIND}
    for doc in documents:
        if isinstance(doc.model, Engagement):
            entry = folders.setdefault(doc.source.path.parent, _Folder())
            if entry.engagement is not None:
                diagnostics.append(_second_document(doc, entry.engagement))
            else:
                entry.engagement = doc  # type: ignore[assignment]
    shared: list[Loaded[MetricCatalog]] = []
    for doc in documents:
        if not isinstance(doc.model, Engagement):
            problem = _place(doc, _owner(doc.source.path, folders, root), shared)
            if problem is not None:
                diagnostics.append(problem)
    unread: list[Path] = []
    for path, kind in broken:
        owner = _owner(path, folders, root)
        if owner is not None:
            owner.broken.add(kind)
        elif kind == MetricCatalog.KIND:
            unread.append(path)
    for folder, entry in folders.items():
        if entry.engagement is None and entry.skipped:
            diagnostics.append(_checks_skipped(folder, entry.skipped, broken))
    playbooks = tuple(
        Playbook(
            folder=folder,
            engagement=entry.engagement,
            catalogs=tuple(entry.catalogs),
            shared_catalogs=tuple(shared),
            broken=frozenset(entry.broken),
            members=_in_kind_order(entry.members),
        )
        for folder, entry in sorted(folders.items(), key=lambda item: str(item[0]))
        if entry.engagement is not None
    )
    return Portfolio(root, playbooks, tuple(shared), tuple(unread)), diagnostics


def _place(
    doc: Loaded[Document], owner: _Folder | None, shared: list[Loaded[MetricCatalog]]
) -> Diagnostic | None:
    """File ``doc`` under its engagement folder; a diagnostic when it has no place."""
    if isinstance(doc.model, MetricCatalog):
        (owner.catalogs if owner is not None else shared).append(doc)  # type: ignore[arg-type]
        return None
    if owner is None:
        return _outside_engagement(doc)
    if owner.engagement is None:
        owner.skipped += 1  # the engagement file's own errors are reported, and this once
        return None
    if doc.kind in owner.members:
        return _second_document(doc, owner.members[doc.kind])
    owner.members[doc.kind] = doc
    return None


def _in_kind_order(members: Mapping[str, Loaded[Document]]) -> dict[str, Loaded[Document]]:
    return {kind: members[kind] for kind in KINDS if kind in members}


def _owner(path: Path, folders: Mapping[Path, _Folder], root: Path) -> _Folder | None:
    """The engagement folder ``path`` lies in: its own folder or the nearest above it."""
    for folder in path.parents:
        if folder in folders:
            return folders[folder]
        if folder == root:
            break
    return None


def _checks_skipped(folder: Path, skipped: int, broken: Sequence[tuple[Path, str]]) -> Diagnostic:
    """Said once at a broken engagement file: the checks across its folder did not run."""
    path = next(p for p, kind in broken if kind == Engagement.KIND and p.parent == folder)
    files = f"{skipped} other file{'s' if skipped != 1 else ''}"
    return Diagnostic(
        "PB208",
        Severity.WARNING,
        f"the checks across this engagement's files were skipped ({files} of the folder): "
        "this file has errors",
        Location(display_path(path)),
        hint="fix this file's errors and validate again: the other files may show new findings",
    )


def _outside_engagement(doc: Loaded[Document]) -> Diagnostic:
    return Diagnostic(
        "PB200",
        Severity.ERROR,
        f"this {doc.kind} belongs to no engagement: its folder has no Engagement file",
        doc.at(("kind",)),
        hint="move it into the folder of its engagement, next to engagement.yaml",
    )


def _second_document(doc: Loaded[Document], first: Loaded[Document]) -> Diagnostic:
    return Diagnostic(
        "PB205",
        Severity.ERROR,
        f"a second {doc.kind} for the same engagement: the first is {first.source.display}",
        doc.at(("kind",)),
        hint="an engagement has one document of each kind; merge the two files",
    )
