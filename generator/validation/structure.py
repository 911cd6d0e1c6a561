"""Check one file's shape against its kind's model, with every problem located.

pydantic reports errors by path (``spec.timeline.2.owner``); the source map turns
each path into the line and column the user wrote, and each error type gets a
message in plain words that says what was expected and what was found.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Final

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from generator.diagnostics import Diagnostic, Location, Severity, did_you_mean
from generator.loading.sources import SourceFile
from generator.models import API_VERSION, KINDS, Document, MetricCatalog, MetricDefinition
from generator.models.fields import Loc, dotted, field_at, field_doc, fields_of, model_at
from generator.models.types import PATTERN_MEANINGS, describe
from generator.models.walk import ref_target
from generator.views.text import number

_QUOTED: Final = re.compile(r"'([^']*)'")
_DATE_ERRORS: Final = frozenset({"date_format", "date_impossible"})
_MISSING_ERRORS: Final = frozenset({"missing", "due_missing", "text_empty"})
#: What each type error expected, in words.
_EXPECTED: Final = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "tuple_type": "a list",
    "list_type": "a list",
}
_BOUNDS: Final = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}


def check_document(source: SourceFile) -> tuple[Document | None, list[Diagnostic]]:
    """Validate one composed file against the model its ``kind`` names."""
    data = source.data
    if data is None:
        what = "the file is empty" if not source.text.strip() else _NO_VALUE
        return None, [_error("PB007", what, Location(source.display), _HEADER_HINT)]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else describe(data)
        return None, [
            _error(
                "PB008",
                f"expected a mapping that starts with `apiVersion` and `kind`, found {found}",
                source.location(),
                _HEADER_HINT,
            )
        ]
    header = _check_header(source, data)
    if header is not None:
        return None, [header]
    model = KINDS[data["kind"]]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        return None, _misspelt_once(
            [diag for err in errors if (diag := _from_error(err, model, source)) is not None]
        )


def _misspelt_once(found: list[Diagnostic]) -> list[Diagnostic]:
    """One finding for a misspelt required field: the unknown key, saying that the field
    it resembles is required, instead of that and the field reported missing."""
    unknown = {
        (diag.field.rpartition(".")[0], diag.hint[len("did you mean `") : -2]): diag
        for diag in found
        if diag.code == "PB103" and diag.hint and diag.hint.startswith("did you mean `")
    }
    kept = []
    merged: dict[int, Diagnostic] = {}
    for diag in found:
        if diag.code == "PB102" and diag.expected is not None:
            twin = unknown.get((diag.field.rpartition(".")[0], diag.expected))
            if twin is not None:
                merged[id(twin)] = replace(
                    twin, hint=f"did you mean `{diag.expected}`? It is required here"
                )
                continue
        kept.append(diag)
    return [merged.get(id(diag), diag) for diag in kept]


def salvage_catalog(source: SourceFile, kind: str | None) -> MetricCatalog | None:
    """The metrics of a catalog with errors that are valid on their own, as a catalog.

    One broken metric, or an error in the file's header (a missing version, a misspelt
    `kind:` of a file named as a catalog, given as ``kind``), would otherwise take every
    definition with it, and each target naming those would be reported as undefined.
    """
    data = source.data
    if not isinstance(data, dict) or kind != MetricCatalog.KIND:
        return None
    spec = data.get("spec")
    if not isinstance(spec, dict) or not isinstance(spec.get("metrics"), list):
        return None
    kept = [item for item in spec["metrics"] if _valid(MetricDefinition, item)]
    header = {"apiVersion": API_VERSION, "kind": MetricCatalog.KIND}
    written = {**data, **header, "spec": {**spec, "metrics": kept}}
    for attempt in (written, {**header, "metadata": _STAND_IN, "spec": {"metrics": kept}}):
        try:
            return MetricCatalog.model_validate(attempt)
        except ValidationError:
            continue
    return None


#: Metadata for the salvaged part of a catalog whose own metadata has errors.
_STAND_IN: Final = {"version": "0", "status": "draft"}


def _valid(model: type[Document] | type[MetricDefinition], item: object) -> bool:
    try:
        model.model_validate(item)
    except ValidationError:
        return False
    return True


_NO_VALUE: Final = "the file holds no value: only comments, directives or `---`"
_HEADER_HINT: Final = (
    "a playbook file starts with:\n  apiVersion: playbook/v1\n  kind: EngagementBrief"
)


def _check_header(source: SourceFile, data: dict[str, Any]) -> Diagnostic | None:
    for key in ("apiVersion", "kind"):
        if key not in data:
            return _error(
                "PB102", f"missing required field `{key}`", source.location(), _HEADER_HINT
            )
    if data["apiVersion"] != API_VERSION:
        return _error(
            "PB100",
            f"unsupported apiVersion {describe(data['apiVersion'])}: expected `{API_VERSION}`",
            source.location(("apiVersion",)),
            expected=API_VERSION,
            found=str(data["apiVersion"]),
        )
    kind = data["kind"]
    if not isinstance(kind, str) or kind not in KINDS:
        what = "unknown kind" if isinstance(kind, str) else "`kind` is one name, not"
        return _error(
            "PB101",
            f"{what} {describe(kind)}: expected one of {', '.join(KINDS)}",
            source.location(("kind",)),
            did_you_mean(str(kind), KINDS),
            expected=" | ".join(KINDS),
            found=str(kind),
        )
    return None


def _from_error(err: ErrorDetails, model: type[Document], source: SourceFile) -> Diagnostic | None:
    kind = err["type"]
    loc: Loc = tuple(err["loc"])
    if kind == "too_short" and _failed_items_only(err):
        return None  # the items themselves are reported
    if kind == "extra_forbidden":
        return _unknown_field(loc, model, source)
    if kind == "missing" or (err.get("input") is None and kind in _EXPECTED):
        return _missing(err, loc, model, source)
    code = "PB105" if kind in _DATE_ERRORS else "PB102" if kind in _MISSING_ERRORS else "PB104"
    message, hint = _explain(err)
    hint = _people_hint(kind, model, loc) or hint
    return _error(
        code,
        f"{_label(loc)}: {message}" if loc else message,
        source.location(loc),
        hint,
        field=dotted(loc),
        found=describe(err.get("input")),
    )


def _missing(err: ErrorDetails, loc: Loc, model: type[Document], source: SourceFile) -> Diagnostic:
    """A required field that is absent (located at its mapping) or empty (at the value)."""
    name = str(loc[-1])
    doc = field_doc(model, loc)
    hint = f"`{name}`: {doc}" if doc else None
    owner = _owner(model, loc[:-1], source)
    if err["type"] == "missing":
        message, where = f"{owner} is missing required field `{name}`", loc[:-1]
    else:
        message, where = f"{owner}: `{name}` is empty, expected {_EXPECTED[err['type']]}", loc
    return _error("PB102", message, source.location(where), hint, field=dotted(loc), expected=name)


def _unknown_field(loc: Loc, model: type[Document], source: SourceFile) -> Diagnostic:
    key = str(loc[-1])
    parent = model_at(model, loc[:-1])
    allowed = list(fields_of(parent)) if parent is not None else []
    hint = did_you_mean(key, allowed)
    if hint is None and allowed:
        hint = "fields allowed here: " + ", ".join(f"`{name}`" for name in allowed)
    if key == "<<":
        hint = "YAML merge keys (`<<`) are not supported; write the fields out"
    return _error(
        "PB103",
        f"unknown field `{key}` in {_owner(model, loc[:-1], source)}",
        source.location(loc, key=True),
        hint,
        field=dotted(loc),
        found=key,
    )


def _owner(model: type[Document], loc: Loc, source: SourceFile) -> str:
    """How a message names the mapping at ``loc``: ``milestone `kickoff```, ``metadata``."""
    if not loc:
        return "the document"
    shape = model_at(model, loc)
    noun = _noun(shape.__name__) if shape is not None else f"`{loc[-1]}`"
    data = _data_at(source.data, loc)
    if isinstance(data, dict):
        for key in ("id", "metric", "tier", "name"):
            if isinstance(data.get(key), str | int) and not isinstance(data.get(key), bool):
                return f"{noun} `{data[key]}`"
        if isinstance(data.get("day"), int):
            return f"{noun} on day {data['day']}"
    return noun


def _noun(class_name: str) -> str:
    """``SeverityLevel`` -> ``severity level``; spec and metadata shapes keep short names."""
    if class_name.endswith("Spec"):
        return "`spec`"
    if class_name.endswith("Metadata"):
        return "`metadata`"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", class_name).lower()


def _data_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _explain(err: ErrorDetails) -> tuple[str, str | None]:
    """Plain words for one pydantic error, and a hint when one helps."""
    kind = err["type"]
    value = err.get("input")
    found = describe(value)
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {found}", _type_hint(kind, value)
    if kind == "string_pattern_mismatch":
        meaning = PATTERN_MEANINGS.get(str(ctx.get("pattern")), "text of the expected form")
        return f"expected {meaning}, found {found}", None
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        # text choices come quoted ('voice', 'chat'); number choices bare (15, 30 or 60)
        options = _QUOTED.findall(expected) or re.split(r", | or ", expected)
        listed = ", ".join(f"`{option}`" for option in options if option)
        word = str(value).lower()
        if CHANNEL_WORDS.get(word) in options:
            return f"expected one of {listed}, found {found}", (
                f"a playbook calls {value!r} `{CHANNEL_WORDS[word]}`"
            )
        return f"expected one of {listed}, found {found}", did_you_mean(str(value), options)
    if kind == "union_tag_invalid":
        # a choice of shapes by one field (a metric's method by its `name`)
        field = str(ctx.get("discriminator", "")).strip("'")
        options = _QUOTED.findall(str(ctx.get("expected_tags", "")))
        listed = ", ".join(f"`{option}`" for option in options)
        tag = str(ctx.get("tag", ""))
        return (
            f"`{field}` is {tag!r}, expected one of {listed}",
            did_you_mean(tag, options),
        )
    if kind == "union_tag_not_found":
        field = str(ctx.get("discriminator", "")).strip("'")
        return f"expected a `{field}` saying which one it is, found none", None
    if kind == "too_short":
        wanted = ctx.get("min_length", 1)
        return f"expected at least {wanted} item{'s' if wanted != 1 else ''}, found none", None
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        bound = ctx.get(key)
        shown = number(bound) if isinstance(bound, (int, float)) else bound
        return f"expected {words} {shown}, found {found}", None
    if kind in {"string_too_long", "too_long"} and isinstance(value, str):
        longest = int(ctx.get("max_length", 0))
        return (
            f"expected at most {longest:,} characters, found {len(str(value)):,}",
            "shorten it; long explanations belong in the document's own text fields",
        )
    if kind == "too_long":  # a list
        longest = int(ctx.get("max_length", 0))
        return (
            f"expected at most {longest:,} items, found {int(ctx.get('actual_length', 0)):,}",
            None,
        )
    if kind == "finite_number":
        return f"expected a finite number, found {found}", "write the number out, such as 85"
    return str(err["msg"]), None


#: Words people use for a channel, and the channel a playbook calls it.
CHANNEL_WORDS: Final = {
    "phone": "voice",
    "call": "voice",
    "calls": "voice",
    "e-mail": "email",
    "mail": "email",
    "text": "sms",
    "slack": "messaging",
    "teams": "messaging",
    "whatsapp": "messaging",
    "webchat": "chat",
    "live-chat": "chat",
}


def _people_hint(kind: str, model: type[Document], loc: Loc) -> str | None:
    """A hint for a person field given something other than a roster id (often a team)."""
    if kind != "string_pattern_mismatch":
        return None
    field = loc
    while field and isinstance(field[-1], int):
        field = field[:-1]
    info = field_at(model, field)
    if info is None or ref_target(info.annotation, info.metadata) != "person":
        return None
    return (
        "owners, receivers and attendees are people, named by their roster id: add the "
        "person to `people` in engagement.yaml and write their `id` here"
    )


def _type_hint(kind: str, value: object) -> str | None:
    if kind == "string_type" and isinstance(value, int | float):
        return "quote it to make it text"
    if kind == "int_type" and isinstance(value, str) and value.strip().isdigit():
        return "remove the quotes"
    if kind == "bool_type":
        return "write true or false, without quotes"
    if kind in {"tuple_type", "list_type"}:
        return "write each item on its own line after `- `"
    return None


def _failed_items_only(err: ErrorDetails) -> bool:
    given = err.get("input")
    wanted = int((err.get("ctx") or {}).get("min_length", 1))
    return isinstance(given, list | tuple) and len(given) >= wanted


def _label(loc: Loc) -> str:
    if isinstance(loc[-1], int):
        names = [part for part in loc if isinstance(part, str)]
        owner = names[-1] if names else "list"
        return f"item {loc[-1] + 1} of `{owner}`"
    return f"`{loc[-1]}`"


def _error(
    code: str,
    message: str,
    location: Any,
    hint: str | None = None,
    *,
    field: str = "",
    expected: str | None = None,
    found: str | None = None,
) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, location, field, expected, found, hint)
