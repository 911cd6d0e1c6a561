"""Plain scalars mean what YAML 1.2 says; YAML 1.1 traps are named."""

from __future__ import annotations

import math

import pytest

from generator.loading.scalars import resolve_plain, yaml11_trap


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("~", None),
        ("null", None),
        ("true", True),
        ("False", False),
        ("30", 30),
        ("-7", -7),
        ("0o17", 15),
        ("0x1F", 31),
        ("4.5", 4.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("-.inf", -math.inf),
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("2026-11-02", "2026-11-02"),
        ("08:00", "08:00"),
        ("Mon-Fri", "Mon-Fri"),
        ("TRUE story", "TRUE story"),
    ],
)
def test_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_nan_is_a_float() -> None:
    assert math.isnan(resolve_plain(".nan"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("no", "as a boolean"),
        ("Off", "as a boolean"),
        ("010", "as an octal number; here it is 10"),
        ("1e3", "as text; here it is the number 1000"),
    ],
)
def test_yaml_1_1_traps_are_explained(text: str, words: str) -> None:
    trap = yaml11_trap(text)
    assert trap is not None
    assert words in trap


@pytest.mark.parametrize("text", ["10", "0", "1.5e3", "nothing", "2026-11-02", "0.5"])
def test_unambiguous_values_are_not_traps(text: str) -> None:
    assert yaml11_trap(text) is None
