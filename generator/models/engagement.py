"""The engagement: who the two parties are, who works on it, when it starts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, ClassVar, Final, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.models.base import Block, Document, Metadata
from generator.models.types import (
    Channel,
    Country,
    DayNumber,
    Email,
    Fingerprint,
    GithubHandle,
    Id,
    IsoDate,
    Mark,
    MilestoneId,
    Party,
    Repository,
    ShortText,
    SshKey,
    Text,
    Timezone,
    WholeNumber,
    Wording,
    YesNo,
)

#: Countries whose offices print on Letter (8.5 x 11 in) rather than A4.
LETTER_COUNTRIES: Final = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "DO", "PR", "SV", "NI"}
)
#: A 30/60/90 plan ends on day 90; day 1 is the start date.
DEFAULT_LENGTH_DAYS = 90


class Credentials(Block):
    """What shows that a signature is this person's own."""

    certificates: Annotated[
        tuple[Fingerprint, ...], Wording(label="signing certificates (SHA-256)")
    ] = ()
    """SHA-256 fingerprints of the certificates this person signs PDFs with."""
    certificate_email: Annotated[Email | None, Wording(label="certificate e-mail")] = None
    """The e-mail address this person's signing certificates carry: any certificate with
    it, from the party's own trust anchors, is theirs."""
    ssh_keys: Annotated[tuple[SshKey, ...], Wording(label="approval keys")] = ()
    """The OpenSSH public keys this person signs approvals with (`playbook approve --key`),
    one line each, as in `~/.ssh/id_ed25519.pub` or GitHub's list of signing keys."""


class Person(Block):
    """Someone on the roster; everything else names people by `id`."""

    ITEM_LABEL: ClassVar[str] = "{name}"

    id: Id
    """Short id used to name this person elsewhere, e.g. `jsmith`."""
    name: ShortText
    """Full name."""
    role: ShortText
    """Role in the engagement, e.g. Operations manager, QA lead."""
    party: Party
    """`client` or `vendor`."""
    email: Email | None = None
    """Work e-mail."""
    phone: Text | None = None
    """Phone number, for escalations."""
    github: Annotated[GithubHandle | None, Wording(label="GitHub handle")] = None
    """GitHub user, for required reviews of playbook changes."""
    accountable: YesNo = False
    """Accountable for the engagement on their side: a required reviewer of changes, and
    a signatory of every document for their party."""
    signs: tuple[ShortText, ...] = ()
    """Document kinds this person also signs for their party, such as
    [CertificationChecklist]; the accountable people sign every kind."""
    contact_visibility: Mark = "client"
    """Who may see the e-mail and phone: `all`, `client` or `internal`."""
    credentials: Credentials | None = None
    """The certificates that are this person's, so that a PDF signature counts as theirs
    by its key and not by the name it carries."""

    def may_sign(self, kind: str) -> bool:
        """Whether this person's sign-off counts for their party on a document of ``kind``."""
        return self.accountable or kind in self.signs


class Organisation(Block):
    """One of the two parties."""

    name: ShortText
    """Name as it appears on documents."""
    legal_name: ShortText | None = None
    """Registered name, for sign-off pages."""
    website: Text | None = None
    """Public web address."""
    country: Country | None = None
    """Where it is based, as a two-letter ISO code (US, GB, DE): a client in a country
    that prints on Letter gets its PDFs on Letter, unless the engagement says `paper`."""
    trust_anchors: Annotated[tuple[ShortText, ...], Wording(label="trust anchors")] = ()
    """CA certificates (PEM or DER files, relative to this file) that issue this party's
    signing certificates: a signature for this party counts only when its certificate
    chains to one of them."""


class ReviewNotary(Block):
    """The key a repository's workflow signs the sign-offs it records from approving pull
    request reviews with (`playbook approve-review`). Agreed by both parties like any
    credential: the engagement file's own sign-offs cover it."""

    repository: Repository
    """The repository whose reviews count, as owner/name."""
    ssh_key: Annotated[SshKey, Wording(label="notary key")]
    """The public half of the workflow's signing key, whose private half is kept as a
    secret of the repository's workflow."""


class TierHandover(Block):
    """Who handles one support tier, and from which day."""

    ITEM_LABEL: ClassVar[str] = "Tier {tier}"

    tier: WholeNumber = Field(ge=1, le=3)
    """Support tier: 1, 2 or 3."""
    handled_by: Party
    """`vendor` (outsourced) or `client` (kept in house)."""
    from_day: Annotated[DayNumber | None, Wording(label="handed over from day")] = None
    """Day of the engagement the vendor takes this tier over (day 1 is the start)."""
    milestone: MilestoneId | None = None
    """The brief's go-live milestone of this hand-over; `from_day` must be its day."""
    scope: Text | None = None
    """What this tier covers."""


class Holiday(Block):
    """A day the teams do not meet: a public holiday or a company shutdown."""

    date: IsoDate
    """The day, YYYY-MM-DD."""
    name: ShortText
    """What it is, e.g. Thanksgiving."""


class EngagementSpec(Block):
    """The facts of the engagement."""

    client: Organisation
    """The company handing over the work."""
    vendor: Organisation
    """The company doing the work."""
    type: Literal["support", "sales"]
    """`support` (inbound customer care) or `sales` (outbound or inbound sales calling)."""
    phase: Literal["proposal", "onboarding", "live", "closed"]
    """Where the engagement stands: `proposal` (before contract), `onboarding`, `live`, `closed`."""
    summary: Text
    """Two or three sentences on what the vendor takes over and why."""
    start: Annotated[IsoDate, Wording(label="start date")]
    """Day 1 of the engagement, YYYY-MM-DD."""
    end: Annotated[IsoDate | None, Wording(label="end date")] = None
    """Last day covered by the plan; defaults to day 90."""
    timezone: Timezone
    """Time zone the dates and hours are in, e.g. America/Chicago."""
    paper: Literal["a4", "us-letter"] | None = None
    """Paper size of this engagement's PDFs and packets, when not the settings' `paper`:
    `us-letter` for a client that prints on Letter."""
    channels: tuple[Channel, ...] = Field(min_length=1)
    """Channels the vendor works: voice, email, chat, sms, social, messaging, video."""
    languages: tuple[Text, ...] = ()
    """Languages served."""
    tiers: tuple[TierHandover, ...] = ()
    """Support tiers and who handles them (support engagements)."""
    holidays: tuple[Holiday, ...] = ()
    """Days no review is held on (public holidays of both teams, shutdowns)."""
    people: Annotated[tuple[Person, ...], Wording(items="Roster")] = Field(min_length=1)
    """The roster: every person named anywhere in this engagement."""
    review_notary: Annotated[ReviewNotary | None, Wording(label="review notary")] = None
    """The repository whose approving pull request reviews record sign-offs, and the key
    its workflow signs them with; without it, a review records nothing."""

    @model_validator(mode="after")
    def _end_after_start(self) -> EngagementSpec:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "window_order",
                "the engagement ends ({end}) before it starts ({start})",
                {"end": self.end.isoformat(), "start": self.start.isoformat()},
            )
        return self

    @property
    def client_paper(self) -> str | None:
        """The paper this engagement's PDFs print on, when it decides: its own `paper`,
        or Letter for a client in a country that uses it; None leaves the settings'."""
        if self.paper is not None:
            return self.paper
        country = self.client.country
        return "us-letter" if country in LETTER_COUNTRIES else None

    @property
    def last_day(self) -> date:
        return self.end or self.start + timedelta(days=DEFAULT_LENGTH_DAYS - 1)

    def date_of(self, day: int) -> date:
        """The calendar date of engagement day ``day`` (day 1 is the start date)."""
        return self.start + timedelta(days=day - 1)

    def day_of(self, when: date) -> int:
        """The engagement day a date falls on."""
        return (when - self.start).days + 1


class EngagementMetadata(Metadata):
    """Metadata of the engagement file; it also names the engagement."""

    id: Id
    """Engagement id: used in web addresses and file names, e.g. `acme-support`."""


class Engagement(Document):
    """An outsourced customer-experience engagement between a client and a vendor."""

    KIND: ClassVar[str] = "Engagement"
    FILE_NAME: ClassVar[str] = "engagement.yaml"
    DEFAULT_TITLE: ClassVar[str] = "Engagement"

    kind: Literal["Engagement"]
    """Always `Engagement`."""
    metadata: EngagementMetadata
    """Id, title, version, status and owner."""
    spec: EngagementSpec
    """Parties, dates, channels, tiers and the people roster."""

    @property
    def title(self) -> str:
        return self.metadata.title or f"{self.spec.client.name} × {self.spec.vendor.name}"
