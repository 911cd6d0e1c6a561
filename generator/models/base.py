"""The parts every document shares: header, metadata, sign-offs, audience marks."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.models.types import (
    CommitId,
    Digest,
    DocumentStatus,
    IsoDate,
    Mark,
    PersonId,
    ReviewUrl,
    ShortText,
    SshSignature,
    Text,
    Version,
)

API_VERSION = "playbook/v1"


class Model(BaseModel):
    """Base of every shape: unknown keys are errors, values are immutable once read."""

    # Fields are described by the docstrings under them, read when shown
    # (generator/models/docs.py), and a shape's validator is built when first used.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: How a reviewer names one item of a list of this shape, as a format of its fields
    #: (``"Day {day} checkpoint"``): each field reads as the change summary writes its
    #: value (a person by name, a metric by name, a milestone by title), and
    #: ``{field:date}`` is a date without its engagement day. None: the item's title,
    #: name or id.
    ITEM_LABEL: ClassVar[str | None] = None


class Block(Model):
    """A part of a document that can be kept from some readers."""

    audience: Mark = "all"
    """Who may read this part: `all` (prospects too), `client` (client and vendor teams) or
    `internal` (the vendor's own team only)."""
    internal_notes: Text | None = None
    """Notes for the vendor's own team; never shown to clients or prospects."""


class Metadata(Block):
    """What every document says about itself."""

    title: ShortText | None = None
    """Title shown on the site and in PDFs; a default per kind is used when absent."""
    version: Version
    """Version of this document, quoted text such as "1.2"; raise it for each approved change."""
    status: DocumentStatus
    """`draft`, `review`, `approved` (needs sign-offs from both parties) or `superseded`."""
    owner: PersonId | None = None
    """Person (roster id) who keeps this document up to date."""


class Via(Model):
    """The pull request review a sign-off was recorded from."""

    review: ReviewUrl
    """The review's address on GitHub."""
    commit: CommitId
    """The commit the review approved: the pull request's head when it was given."""


class Signoff(Model):
    """An approval of one exact content of the document."""

    person: PersonId
    """Who approved, by roster id."""
    date: IsoDate
    """When they approved, YYYY-MM-DD."""
    digest: Digest
    """Digest of the content approved, from `playbook digest` or `playbook approve`."""
    note: Text | None = None
    """Optional remark recorded with the approval."""
    signature: SshSignature | None = None
    """The signatory's SSH signature of the approval (document, kind, digest, date and
    person), written by `playbook approve --key`; checked against their roster keys. A
    sign-off recorded from a review is signed by the engagement's review notary instead."""
    via: Via | None = None
    """The approving pull request review this sign-off was recorded from, by
    `playbook approve-review` in the repository's workflow."""


class Document(Model):
    """Fields at the top of every playbook file."""

    KIND: ClassVar[str] = ""
    #: Folder-relative file name `playbook new` gives this kind.
    FILE_NAME: ClassVar[str] = ""
    #: Title used when `metadata.title` is absent.
    DEFAULT_TITLE: ClassVar[str] = ""

    api_version: Literal["playbook/v1"] = Field(alias="apiVersion")
    """Always `playbook/v1`."""
    metadata: Metadata
    """Title, version, status and owner of this document."""
    signoffs: tuple[Signoff, ...] = ()
    """Approvals by people from both parties; each names the content digest it approved."""

    @property
    def title(self) -> str:
        return self.metadata.title or self.DEFAULT_TITLE


__all__ = ["API_VERSION", "Block", "Document", "Metadata", "Model", "Signoff", "Via"]
