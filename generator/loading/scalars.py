"""YAML 1.2 core-schema resolution of plain scalars.

libyaml hands over every scalar as text; what a plain (unquoted) scalar means is
decided here, by the YAML 1.2 core schema, the same schema editors and
check-jsonschema use. Dates stay text: the models parse them, so an impossible
date gets a located message instead of an exception without a position.

YAML 1.1 readers (older PyYAML, some CI tools) read a few plain scalars
differently: ``no``/``on``/``yes``/``off`` as booleans, ``010`` as octal 8, ``1e3``
as text. :func:`yaml11_trap` names them so the loader can warn.
"""

from __future__ import annotations

import re
from typing import Final

Scalar = str | int | float | bool | None

_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE: Final = frozenset({"true", "True", "TRUE"})
_FALSE: Final = frozenset({"false", "False", "FALSE"})
_INT: Final = re.compile(r"[-+]?[0-9]+\Z")
_OCT: Final = re.compile(r"0o[0-7]+\Z")
_HEX: Final = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT: Final = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF: Final = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN: Final = re.compile(r"\.(nan|NaN|NAN)\Z")
# A plain scalar can only be something other than text if it starts like one.
_MAYBE_NOT_TEXT: Final = frozenset("0123456789-+.~nNtTfF")

_YAML11_BOOLS: Final = frozenset(
    {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO"}
    | {"on", "On", "ON", "off", "Off", "OFF"}
)
_LEADING_ZERO: Final = re.compile(r"[-+]?0[0-9]+\Z")
_EXPONENT_NO_DOT: Final = re.compile(r"[-+]?[0-9]+[eE][-+]?[0-9]+\Z")


#: Most digits a whole number may have; Python refuses to read decimal numbers of more
#: than 4,300 digits, and no playbook value comes close.
MAX_DIGITS: Final = 100


class NumberTooLongError(ValueError):
    """A plain scalar is a whole number with more than :data:`MAX_DIGITS` digits."""


def resolve_plain(text: str) -> Scalar:
    """Return the value of a plain scalar under the YAML 1.2 core schema.

    Raises :class:`NumberTooLongError` for a whole number too long to be a value.
    """
    if not text:
        return None
    if text[0] not in _MAYBE_NOT_TEXT:
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        if len(text.lstrip("+-")) > MAX_DIGITS:
            raise NumberTooLongError(text)
        return int(text, 10)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text[0] == "-" else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def yaml11_trap(text: str) -> str | None:
    """Explain how a YAML 1.1 reader would misread this plain scalar, if it would."""
    if text in _YAML11_BOOLS:
        return (
            f"YAML 1.1 tools read `{text}` as a boolean; here it is the text "
            f"'{text}'. Write true/false for a yes/no value, or quote it as text"
        )
    if _LEADING_ZERO.match(text):
        return (
            f"YAML 1.1 tools read `{text}` as an octal number; here it is "
            f"{int(text, 10)}. Drop the leading zero, or quote it as text"
        )
    if _EXPONENT_NO_DOT.match(text):
        return (
            f"YAML 1.1 tools read `{text}` as text; here it is the number "
            f"{float(text):g}. Write the number out, or quote it as text"
        )
    return None
