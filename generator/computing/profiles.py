"""Mapping profiles: which column of a platform's contact export holds each field the
methods read, and the export's words for each outcome. A profile is a TOML file kept in
the repository; ``generic`` is shipped (``generator/computing/profiles/generic.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.loading import display_path

#: Fields a contact export must have, and those a method may read when it has them.
REQUIRED: Final = ("contact_id", "offered_at", "outcome", "wait_seconds")
OPTIONAL: Final = (
    "ring_seconds",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "customer_id",
    "survey_score",
    "survey_resolved",
)
OUTCOMES: Final = ("answered", "abandoned")
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
    #: The export's words for each outcome, in lower case.
    outcomes: dict[str, tuple[str, ...]]
    #: Where it was read from, as messages name it.
    source: str
    #: Its file, for a profile of the repository's own; None for a shipped one.
    path: Path | None = None


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
    missing = [field for field in REQUIRED if not isinstance(columns.get(field), str)]
    if missing:
        raise ProfileError(f"{shown}: [columns] gives no column for {', '.join(missing)}")
    words: dict[str, tuple[str, ...]] = {}
    for outcome in OUTCOMES:
        listed = outcomes.get(outcome)
        if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
            raise ProfileError(f"{shown}: [outcomes] {outcome} is a list of the export's words")
        words[outcome] = tuple(w.strip().lower() for w in listed)
    named = {field: str(column) for field, column in columns.items() if isinstance(column, str)}
    return Profile(str(data.get("name", shown)), named, words, shown, path)
