"""Value types: what they accept, what they make of it, and how they refuse."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from generator.models.types import (
    Clock,
    Duration,
    Id,
    IsoDate,
    Timezone,
    Version,
    format_duration,
    parse_duration,
)


class Sample(BaseModel):
    when: IsoDate | None = None
    response: Duration | None = None
    version: Version | None = None
    ident: Id | None = None
    opens: Clock | None = None
    zone: Timezone | None = None


def _error(**fields: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        Sample(**fields)
    (error,) = caught.value.errors()
    return str(error["msg"])


def test_dates_are_iso_and_real() -> None:
    assert Sample(when="2028-02-29").when == date(2028, 2, 29)
    assert _error(when="2026-02-30") == (
        "'2026-02-30' is not a real date: day is out of range for month"
    )
    assert _error(when="30/01/2026") == "expected a date written YYYY-MM-DD, found '30/01/2026'"
    assert _error(when=20260130) == "expected a date written YYYY-MM-DD, found the number 20260130"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("15m", 15), ("15 minutes", 15), ("4h", 240), ("1 hour", 60), ("2d", 2880), ("90 min", 90)],
)
def test_durations_read_into_minutes(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(("minutes", "text"), [(15, "15m"), (90, "90m"), (240, "4h"), (2880, "2d")])
def test_durations_are_written_shortest(minutes: int, text: str) -> None:
    assert format_duration(minutes) == text
    assert Sample(response=text).model_dump(mode="json")["response"] == text


def test_a_duration_without_unit_is_refused_with_a_fix() -> None:
    assert _error(response=15) == (
        "expected a duration such as 15m, 4h or 2d, found the number 15; add the unit, "
        "for example 15m"
    )
    assert _error(response="soon") == "expected a duration such as 15m, 4h or 2d, found 'soon'"


def test_a_duration_is_at_most_a_year() -> None:
    assert Sample(response="366d").response == 366 * 1440
    assert _error(response="367d") == "'367d' is longer than a playbook states: at most 366 days"
    assert _error(response="1" + "0" * 20 + "d") == (
        "'100000000000000000000d' is longer than a playbook states: at most 366 days"
    )


def test_versions_must_be_quoted_text() -> None:
    assert Sample(version="1.10").version == "1.10"
    assert _error(version=1.1) == (
        "expected a version written as text, found the number 1.1; quote it, for example "
        'version: "1.0"'
    )


def test_ids_clocks_and_zones() -> None:
    assert Sample(ident="go-live_2", opens="08:30", zone="Europe/Berlin").ident == "go-live_2"
    assert _error(zone="Central") == (
        "expected a time zone name such as `America/New_York`, found 'Central'"
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("ident", "Go Live"), ("opens", "8am"), ("version", "v2"), ("ident", 7)],
)
def test_patterned_text_is_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Sample(**{field: value})
    (error,) = caught.value.errors()
    assert error["type"] in {"string_pattern_mismatch", "string_type"}
