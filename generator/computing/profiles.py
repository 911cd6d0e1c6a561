"""Mapping profiles: which column of a platform's contact export holds each field the
methods read, the export's words for each outcome, which rows are contacts offered to the
queue, and how its durations are written. A profile is a TOML file kept in the
repository; ``generic``, ``zendesk-talk`` and ``amazon-connect`` are shipped
(``generator/computing/profiles/``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.loading import display_path

#: Fields a contact export must have, and those a method may read when it has them.
REQUIRED: Final = ("contact_id", "offered_at", "wait_seconds")
OPTIONAL: Final = (
    "outcome",
    "ring_seconds",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "customer_id",
    "survey_score",
    "survey_resolved",
    "recommend_score",
    "qa_score",
    "qualified",
    "transferred",
    "meeting_booked",
    "meeting_held",
)
OUTCOMES: Final = ("answered", "abandoned")
#: How an export may write a duration: whole or decimal seconds, milliseconds, or a clock
#: reading such as ``0:01:05``.
DURATIONS: Final = ("seconds", "milliseconds", "clock")
SHIPPED: Final = Path(__file__).parent / "profiles"
_MAX_BYTES: Final = 64 * 1024


class ProfileError(PlaybookError):
    """The profile cannot be used; nothing was computed."""


@dataclass(frozen=True)
class Profile:
    """How to read one platform's contact export."""

    name: str
    #: The export's column for each field, by field.
    columns: dict[str, str]
    #: The export's words for each outcome, in lower case; empty when ``answered_when``
    #: decides the outcome.
    outcomes: dict[str, tuple[str, ...]]
    #: Where it was read from, as messages name it.
    source: str
    #: Its file, for a profile of the repository's own; None for a shipped one.
    path: Path | None = None
    #: A column whose having a value means the contact was answered (and abandoned when
    #: empty), for an export without an outcome column.
    answered_when: str | None = None
    #: The rows that are contacts offered to the queue: by column, the words its value
    #: is one of, or ``True`` for any value. Other rows are not counted at all.
    only: dict[str, tuple[str, ...] | bool] = field(default_factory=dict)
    #: How the export writes durations: one of ``DURATIONS``.
    durations: str = "seconds"


def load_profile(given: str) -> Profile:
    """The profile ``given`` names: a shipped one by name, or a TOML file by path."""
    shipped = SHIPPED / f"{given}.toml"
    path = shipped if "/" not in given and shipped.is_file() else Path(given)
    shown = given if path == shipped else display_path(path)
    try:
        text = read_input(path, _MAX_BYTES, "the profile", shown).decode("utf-8")
        data = tomllib.loads(text)
    except InputError as exc:
        known = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.toml")))
        raise ProfileError(f"{exc} (shipped profiles: {known})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{shown}: not a readable TOML profile ({exc})") from None
    return _profile(data, shown, None if path == shipped else path)


def _profile(data: dict[str, Any], shown: str, path: Path | None) -> Profile:
    columns = data.get("columns")
    outcomes = data.get("outcomes")
    if not isinstance(columns, dict) or not isinstance(outcomes, dict):
        raise ProfileError(f"{shown}: a profile has a [columns] and an [outcomes] table")
    unknown = sorted(set(columns) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ProfileError(
            f"{shown}: [columns] names {', '.join(unknown)}, which no method reads; the fields "
            f"are {', '.join((*REQUIRED, *OPTIONAL))}"
        )
    missing = [name for name in REQUIRED if not isinstance(columns.get(name), str)]
    answered_when = outcomes.get("answered_when")
    if answered_when is not None and not isinstance(answered_when, str):
        raise ProfileError(f"{shown}: [outcomes] answered_when names a column")
    if answered_when is None and not isinstance(columns.get("outcome"), str):
        missing.insert(2, "outcome")
    if missing:
        raise ProfileError(
            f"{shown}: [columns] gives no column for {', '.join(missing)}"
            + (" (or [outcomes] answered_when)" if "outcome" in missing else "")
        )
    durations = data.get("durations", "seconds")
    if durations not in DURATIONS:
        raise ProfileError(f"{shown}: durations is one of {', '.join(DURATIONS)}")
    named = {key: str(column) for key, column in columns.items() if isinstance(column, str)}
    return Profile(
        str(data.get("name", shown)),
        named,
        {} if answered_when is not None else _words(outcomes, shown),
        shown,
        path,
        answered_when,
        _only(data.get("only", {}), shown),
        str(durations),
    )


def _words(outcomes: dict[str, Any], shown: str) -> dict[str, tuple[str, ...]]:
    words: dict[str, tuple[str, ...]] = {}
    for outcome in OUTCOMES:
        listed = outcomes.get(outcome)
        if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
            raise ProfileError(f"{shown}: [outcomes] {outcome} is a list of the export's words")
        words[outcome] = tuple(w.strip().lower() for w in listed)
    return words


def _only(table: object, shown: str) -> dict[str, tuple[str, ...] | bool]:
    if not isinstance(table, dict):
        raise ProfileError(f"{shown}: [only] is a table of columns")
    kept: dict[str, tuple[str, ...] | bool] = {}
    for column, words in table.items():
        if words is True:
            kept[column] = True
        elif isinstance(words, list) and words and all(isinstance(w, str) for w in words):
            kept[column] = tuple(w.strip().lower() for w in words)
        else:
            raise ProfileError(
                f"{shown}: [only] {column} is a list of the export's words, or true for any value"
            )
    return kept
