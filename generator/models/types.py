"""Value types shared by the models: ids, dates, durations, clock times, versions.

Each type checks its value strictly (YAML ``1.0`` is a number, not the version text
"1.0") and explains a bad value in plain words; the JSON Schema side of each type is
declared next to it so editors see the same rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Final, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BeforeValidator,
    Field,
    PlainSerializer,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
#: Dates outside these years are typing mistakes; inside them day arithmetic cannot overflow.
FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2999
#: The latest engagement day a plan may name: ten years of days.
MAX_DAY: Final = 3660
#: Longest text of a short field (names, titles, roles) and of any other text field.
MAX_SHORT_TEXT: Final = 200
MAX_TEXT: Final = 5000
#: Characters that reorder the text around them: they can make a line read differently
#: from what it holds, so playbook text may not contain them.
_BIDI_CONTROLS: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: How much of a long value a message quotes.
_QUOTE_CHARS: Final = 60
_ID: Final = r"^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$"
_LEVEL_ID: Final = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$"
_VERSION: Final = r"^[0-9]+(\.[0-9]+){0,2}$"
_RULE_CODE: Final = r"^PB[0-9]{3}$"
_COUNTRY: Final = r"^[A-Z]{2}$"
_CURRENCY: Final = r"^[A-Z]{3}$"
_SHA256: Final = r"^[0-9a-f]{64}$"
_CLOCK: Final = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_EMAIL: Final = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_HANDLE: Final = r"^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(/[A-Za-z0-9._-]+)?$"
_DIGEST: Final = r"^sha256:[0-9a-f]{64}$"
_COMMIT: Final = r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$"
_REPOSITORY: Final = r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$"
_REVIEW_URL: Final = (
    r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/pull/[0-9]+"
    r"#pullrequestreview-[0-9]+$"
)
_FINGERPRINT: Final = (
    r"^(?:(?:SHA256:|sha256:)?(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64})$"
)
_SSH_KEY: Final = r"^(?:ssh-ed25519|ssh-rsa) [A-Za-z0-9+/]+={0,3}(?: [^\n]*)?$"
_SSH_SIGNATURE: Final = (
    r"^-----BEGIN SSH SIGNATURE-----\n[A-Za-z0-9+/=\n]+-----END SSH SIGNATURE-----\n?$"
)
_DURATION: Final = re.compile(
    r"(?P<n>[0-9]+)\s*(?P<unit>m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\Z"
)
_MINUTES_PER: Final = {"m": 1, "h": 60, "d": 1440}
DURATION_PATTERN: Final = r"^[0-9]+\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)$"


def describe(value: object) -> str:
    """A value as a message quotes it: text in quotes, other things by what they are."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        if len(value) > _QUOTE_CHARS:
            return f"{value[:_QUOTE_CHARS]!r}… ({len(value):,} characters)"
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _error(kind: str, template: str, value: object, **extra: object) -> PydanticCustomError:
    return PydanticCustomError(kind, template, {"found": describe(value), **extra})


def _schema(pattern: str, description: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": pattern, "description": description})


#: What a value of each pattern is, in words: messages read "expected <this>, found ...".
PATTERN_MEANINGS: Final = {
    _ID: "an id of lowercase letters, digits, `-` or `_`",
    _LEVEL_ID: "a short severity name such as `P1`",
    _EMAIL: "an e-mail address",
    _HANDLE: "a GitHub user or team such as `@jsmith`",
    _DIGEST: "a content digest `sha256:` followed by 64 hex digits (from `playbook digest`)",
    _COMMIT: "a git commit id of 40 lowercase hex digits",
    _REPOSITORY: "a repository written owner/name, such as `acme/playbooks`",
    _REVIEW_URL: "a pull request review's address, ending `#pullrequestreview-` and a number",
    _CLOCK: "a time of day written HH:MM (24-hour)",
    _VERSION: "a version such as `1.0` or `2.1.3`",
    _RULE_CODE: "a rule code such as `PB707` (`playbook rules` lists them)",
    _COUNTRY: "a two-letter country code in capitals, such as `US` or `GB`",
    _CURRENCY: "a three-letter currency code in capitals, such as `USD` or `EUR`",
    _SHA256: "a SHA-256 digest of 64 lowercase hex digits",
}

# Patterns are checked by pydantic's compiled validators; the messages come from
# PATTERN_MEANINGS where diagnostics are made.
Id = Annotated[
    str,
    StringConstraints(strict=True, pattern=_ID),
    _schema(_ID, "Lowercase letters, digits, `-` and `_`; safe in file names and links."),
]
LevelId = Annotated[
    str,
    StringConstraints(strict=True, pattern=_LEVEL_ID),
    _schema(_LEVEL_ID, "A short name such as P1."),
]
Email = Annotated[
    str, StringConstraints(strict=True, pattern=_EMAIL), _schema(_EMAIL, "An e-mail address.")
]
GithubHandle = Annotated[
    str,
    StringConstraints(strict=True, pattern=_HANDLE),
    _schema(_HANDLE, "GitHub user or @org/team."),
]
SshKey = Annotated[
    str,
    StringConstraints(strict=True, pattern=_SSH_KEY),
    _schema(
        _SSH_KEY,
        "An OpenSSH public key as one line: `ssh-ed25519 AAAA... comment` (Ed25519 or RSA).",
    ),
]
SshSignature = Annotated[
    str,
    StringConstraints(strict=True, pattern=_SSH_SIGNATURE),
    _schema(
        _SSH_SIGNATURE,
        "An SSH signature as `ssh-keygen -Y sign` writes it, from `-----BEGIN SSH "
        "SIGNATURE-----` to `-----END SSH SIGNATURE-----`.",
    ),
]
Fingerprint = Annotated[
    str,
    StringConstraints(strict=True, pattern=_FINGERPRINT),
    _schema(
        _FINGERPRINT,
        "SHA-256 fingerprint of a certificate: 64 hex digits, with or without colons, as "
        "`openssl x509 -noout -fingerprint -sha256` prints it.",
    ),
]
Digest = Annotated[
    str,
    StringConstraints(strict=True, pattern=_DIGEST),
    _schema(_DIGEST, "Digest of the approved content, as printed by `playbook digest`."),
]
CommitId = Annotated[
    str,
    StringConstraints(strict=True, pattern=_COMMIT),
    _schema(_COMMIT, "A git commit id: 40 lowercase hex digits (64 in a SHA-256 repository)."),
]
Repository = Annotated[
    str,
    StringConstraints(strict=True, pattern=_REPOSITORY),
    _schema(_REPOSITORY, "A GitHub repository as owner/name."),
]
ReviewUrl = Annotated[
    str,
    StringConstraints(strict=True, pattern=_REVIEW_URL),
    _schema(
        _REVIEW_URL,
        "The address of a pull request review, as GitHub gives it: "
        "`https://github.com/OWNER/NAME/pull/N#pullrequestreview-ID`.",
    ),
]
Country = Annotated[
    str,
    StringConstraints(strict=True, pattern=_COUNTRY),
    _schema(_COUNTRY, "Two-letter ISO 3166 country code, such as US."),
]
Currency = Annotated[
    str,
    StringConstraints(strict=True, pattern=_CURRENCY),
    _schema(_CURRENCY, "Three-letter ISO 4217 currency code, such as USD."),
]
Sha256 = Annotated[
    str,
    StringConstraints(strict=True, pattern=_SHA256),
    _schema(_SHA256, "A SHA-256 digest: 64 lowercase hex digits."),
]
RuleCode = Annotated[
    str,
    StringConstraints(strict=True, pattern=_RULE_CODE),
    _schema(_RULE_CODE, "A rule code such as PB707."),
]
Clock = Annotated[
    str, StringConstraints(strict=True, pattern=_CLOCK), _schema(_CLOCK, "Time of day, HH:MM.")
]


def _version(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _error(
            "version_number",
            "expected a version written as text, found {found}; quote it, "
            'for example version: "1.0"',
            value,
        )
    return value


Version = Annotated[
    str,
    BeforeValidator(_version),
    StringConstraints(strict=True, pattern=_VERSION),
    _schema(_VERSION, 'Document version, e.g. "1.2".'),
]


@cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names this machine knows."""
    return frozenset(available_timezones())


def _timezone(value: str) -> str:
    if value not in time_zones():
        raise _error(
            "timezone",
            "expected a time zone name such as `America/New_York`, found {found}",
            value,
        )
    return value


Timezone = Annotated[
    str,
    Strict(),
    AfterValidator(_timezone),
    WithJsonSchema({"type": "string", "description": "IANA time zone, e.g. Europe/Berlin."}),
]


def parse_date(value: object) -> object:
    """Read an ISO ``YYYY-MM-DD`` date, explaining what is wrong with anything else."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not (match := _DATE.match(value)):
        raise _error("date_format", "expected a date written YYYY-MM-DD, found {found}", value)
    year, month, day = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _error(
            "date_impossible",
            "{found} is not a plausible date: expected a year from {first} to {last}",
            value,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _error(
            "date_impossible", "{found} is not a real date: {reason}", value, reason=str(exc)
        ) from None


IsoDate = Annotated[
    date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


#: The longest duration a playbook states: a year (response, resolution and meeting
#: times are minutes to weeks; more is a typing slip).
MAX_DURATION_DAYS: Final = 366


def parse_duration(value: object) -> object:
    """Read ``15m``, ``4h``, ``2d`` (or ``15 minutes``...) into minutes, at most a year."""
    if isinstance(value, str) and (match := _DURATION.match(value.strip())):
        minutes = int(match["n"]) * _MINUTES_PER[match["unit"][0]]
        if minutes > MAX_DURATION_DAYS * 1440:
            raise _error(
                "duration_range",
                "{found} is longer than a playbook states: at most {days} days",
                value,
                days=MAX_DURATION_DAYS,
            )
        return minutes
    hint = ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        hint = f"; add the unit, for example {value:g}m"
    raise _error(
        "duration_format",
        "expected a duration such as 15m, 4h or 2d, found {found}" + hint,
        value,
    )


def format_duration(minutes: int) -> str:
    """The shortest exact way to write a duration: 90 -> '90m', 240 -> '4h', 2880 -> '2d'."""
    if minutes and minutes % 1440 == 0:
        return f"{minutes // 1440}d"
    if minutes and minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


Duration = Annotated[
    int,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": DURATION_PATTERN, "description": "e.g. 15m, 4h, 2d"}
    ),
]


def _text(value: str) -> str:
    if not value.strip():
        raise _error("text_empty", "expected text, found an empty value", value)
    if found := _BIDI_CONTROLS.search(value):
        raise _error(
            "text_bidi",
            "the text holds the invisible direction control U+{code}, which makes it "
            "display in another order than it is written; delete it",
            value,
            code=f"{ord(found.group()):04X}",
        )
    return value


#: Free text: notes, summaries, scopes. At most MAX_TEXT characters.
Text = Annotated[
    str,
    Strict(),
    StringConstraints(max_length=MAX_TEXT),
    AfterValidator(_text),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TEXT}),
]
#: Names, titles and roles: text of at most MAX_SHORT_TEXT characters.
ShortText = Annotated[
    Text,
    StringConstraints(max_length=MAX_SHORT_TEXT),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_SHORT_TEXT}),
]
Number = Annotated[float, Strict(), AllowInfNan(False)]
WholeNumber = Annotated[int, Strict()]
#: A day of the engagement: day 1 is its start.
DayNumber = Annotated[int, Strict(), Field(ge=1, le=MAX_DAY)]
YesNo = Annotated[bool, Strict()]

Mark = Literal["all", "client", "internal"]
Party = Literal["client", "vendor"]
Channel = Literal["voice", "email", "chat", "sms", "social", "messaging", "video"]
Unit = Literal["percent", "seconds", "minutes", "hours", "days", "count", "score", "ratio"]
Comparator = Literal[
    "at-least", "at-most", "above", "below", "equals", "trending-up", "trending-down"
]
NUMERIC_COMPARATORS: Final = frozenset({"at-least", "at-most", "above", "below", "equals"})
DocumentStatus = Literal["draft", "review", "approved", "superseded"]


@dataclass(frozen=True)
class Ref:
    """Marks an id field as naming something defined elsewhere: a person, metric, milestone."""

    target: Literal["person", "metric", "milestone"]


@dataclass(frozen=True)
class Wording:
    """How a field reads to a reviewer in a change summary: its label when its key
    does not read well, whether its number is a percentage, which way of changing it
    asks more of the team (a higher number, a lower one, or `yes`), and, for a list,
    the name its items are shown under."""

    label: str | None = None
    percent: bool = False
    stricter: Literal["higher", "lower", "yes"] | None = None
    items: str | None = None


PersonId = Annotated[Id, Ref("person")]
MetricId = Annotated[Id, Ref("metric")]
MilestoneId = Annotated[Id, Ref("milestone")]
