"""The kind registry: one record per document kind, read by every stage and output.

A record names what the outputs make of a kind (its site page, its PDF, its packet
part, its skeleton) and how its list items are told apart when two versions are
compared. The outputs hold no list of kinds of their own: they walk :data:`REGISTRY`,
and a kind whose record names no special template gets the generic page and PDF,
which show every field of its model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from generator.models.base import Document

#: Templates that show any kind field by field (site page, PDF).
GENERIC_PAGE: Final = "document.md.j2"
GENERIC_PDF: Final = "document.typ"


@dataclass(frozen=True)
class Kind:
    """What the stages know about one document kind."""

    model: type[Document]
    #: The kind in running text: "engagement brief".
    noun: str
    #: Name of its site page inside the engagement's folder (``<page>.md``); None: no page.
    page: str | None = None
    #: Name of its PDF (``<pdf>.pdf``); None: no PDF.
    pdf: str | None = None
    #: Whether its page has a template of its own, ``<page>.md.j2`` in
    #: ``generator/render/templates``; without, the generic page shows every field.
    own_page: bool = False
    #: Whether its PDF has a template of its own, ``<pdf>.typ`` in
    #: ``generator/pdf/templates``; without, the generic PDF shows every field.
    own_pdf: bool = False
    #: Name of its part in a proposal packet; None: not in packets.
    part: str | None = None
    #: Whether `playbook new` writes it (from ``generator/scaffold/templates/<file>.j2``).
    scaffold: bool = False
    #: Whether it belongs to one engagement (False for the engagement file itself and
    #: for metric catalogs, which an engagement holds in its own ways).
    member: bool = True
    #: Fields besides the usual ones (`id`, `day`, `metric`, ...) that identify an item
    #: of one of its lists, so a moved item is no change.
    item_keys: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The name written in ``kind:``."""
        return self.model.KIND

    @property
    def file_name(self) -> str:
        return self.model.FILE_NAME

    @property
    def default_title(self) -> str:
        return self.model.DEFAULT_TITLE

    @property
    def page_template(self) -> str:
        return f"{self.page}.md.j2" if self.own_page and self.page else GENERIC_PAGE

    @property
    def pdf_template(self) -> str:
        return f"{self.pdf}.typ" if self.own_pdf and self.pdf else GENERIC_PDF


#: Every kind by name, in reading order (the order of pages, PDFs and comparisons).
REGISTRY: dict[str, Kind] = {}
#: Every model by the name written in ``kind:`` (the same order).
KINDS: dict[str, type[Document]] = {}


def register(kind: Kind) -> Kind:
    """Add ``kind`` after the registered ones; every stage sees it from now on."""
    if kind.name in REGISTRY:
        raise ValueError(f"kind {kind.name} is already registered")
    REGISTRY[kind.name] = kind
    KINDS[kind.name] = kind.model
    return kind


def unregister(name: str) -> None:
    """Take a kind out again (for kinds registered by a script or a test)."""
    REGISTRY.pop(name, None)
    KINDS.pop(name, None)


def kind_of(name: str) -> Kind | None:
    return REGISTRY.get(name)


def kind_by_file_name(file_name: str) -> str | None:
    """The kind whose files are called ``file_name`` (`brief.yaml` or `brief.yml`: an
    EngagementBrief), for a file whose `kind:` is missing or misspelt."""
    stem = file_name.rsplit(".", 1)[0]
    return next((k.name for k in REGISTRY.values() if k.file_name.rsplit(".", 1)[0] == stem), None)


def members() -> Iterator[Kind]:
    """The kinds that belong to one engagement, in reading order."""
    return (kind for kind in REGISTRY.values() if kind.member)


def with_page() -> Iterator[Kind]:
    return (kind for kind in members() if kind.page is not None)


def with_pdf() -> Iterator[Kind]:
    return (kind for kind in members() if kind.pdf is not None)
