"""Find the model field behind a location such as ``("spec", "timeline", 2, "owner")``."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.models.docs import field_docs

Loc = tuple[str | int, ...]


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the type that holds fields or items."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or origin is types.UnionType:
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def field_name(field: FieldInfo, name: str) -> str:
    """The key a user writes for this field (its alias when it has one)."""
    return field.alias or name


def fields_of(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """Fields of ``model`` by the key a user writes."""
    return {field_name(info, name): info for name, info in model.model_fields.items()}


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class of the mapping found at ``loc``, if ``loc`` leads to one."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = [arg for arg in get_args(current) if arg is not Ellipsis]
            if not args:
                return None
            current = args[0]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = fields_of(current).get(part)
        if info is None:
            return None
        current = info.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def field_at(root: type[BaseModel], loc: Loc) -> FieldInfo | None:
    """The field definition a key at ``loc`` fills, if there is one."""
    if not loc or not isinstance(loc[-1], str):
        return None
    parent = model_at(root, loc[:-1])
    return fields_of(parent).get(loc[-1]) if parent is not None else None


def field_doc(root: type[BaseModel], loc: Loc) -> str | None:
    """What the field a key at ``loc`` fills means, from its docstring."""
    if not loc or not isinstance(loc[-1], str):
        return None
    parent = model_at(root, loc[:-1])
    if parent is None:
        return None
    names = {field_name(info, name): name for name, info in parent.model_fields.items()}
    return field_docs(parent).get(names.get(loc[-1], ""))


def dotted(loc: Loc) -> str:
    """``("spec", "timeline", 2, "owner")`` -> ``spec.timeline[2].owner``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
