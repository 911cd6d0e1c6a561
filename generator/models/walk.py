"""Walk a validated document: every nested model with its path, every reference by id."""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from generator.models.types import Ref

DataPath = tuple[str | int, ...]


def walk(model: BaseModel, path: DataPath = ()) -> Iterator[tuple[DataPath, BaseModel]]:
    """Yield ``(path, model)`` for ``model`` and every model nested in it, depth first."""
    yield path, model
    for key, name in _model_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from walk(value, (*path, key))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, (*path, key, index))


def references(
    nodes: Iterable[tuple[DataPath, BaseModel]],
) -> Iterator[tuple[DataPath, str, str]]:
    """Yield ``(path, target, id)`` for every id that names a person, metric or milestone.

    ``nodes`` is what :func:`walk` yields for a document.
    """
    for path, node in nodes:
        for key, name, target in _ref_fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, str):
                yield (*path, key), target, value
            elif isinstance(value, tuple):
                for index, item in enumerate(value):
                    yield (*path, key, index), target, item


@cache
def id_lists(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(key as written, attribute name) of fields of ``cls`` that are lists of items with ids."""
    found = []
    for name, info in cls.model_fields.items():
        args = [arg for arg in get_args(info.annotation) if arg is not Ellipsis]
        if (
            get_origin(info.annotation) is tuple
            and len(args) == 1
            and isinstance(args[0], type)
            and issubclass(args[0], BaseModel)
            and "id" in args[0].model_fields
        ):
            found.append((info.alias or name, name))
    return tuple(found)


@cache
def required_blocks(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(key as written, attribute name) of required fields of ``cls`` holding one model."""
    return tuple(
        (info.alias or name, name)
        for name, info in cls.model_fields.items()
        if info.is_required()
        and isinstance(info.annotation, type)
        and issubclass(info.annotation, BaseModel)
        and "audience" in info.annotation.model_fields
    )


@cache
def _model_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(key as written, attribute name) of fields that can hold models."""
    return tuple(
        (info.alias or name, name)
        for name, info in cls.model_fields.items()
        if _may_hold_model(info.annotation)
    )


def ref_target(annotation: Any, metadata: list[Any]) -> str | None:
    """What a field of this annotation names by id (`person`, `metric`, `milestone`)."""
    return _ref_target(annotation, metadata)


def person_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """Attribute names of the fields of ``cls`` that name people by roster id."""
    return tuple(name for _, name, target in _ref_fields(cls) if target == "person")


@cache
def _ref_fields(cls: type[BaseModel]) -> tuple[tuple[str, str, str], ...]:
    found = []
    for name, info in cls.model_fields.items():
        target = _ref_target(info.annotation, info.metadata)
        if target is not None:
            found.append((info.alias or name, name, target))
    return tuple(found)


def _ref_target(annotation: Any, metadata: list[Any]) -> str | None:
    for item in metadata:
        if isinstance(item, Ref):
            return item.target
    origin = get_origin(annotation)
    if origin is Annotated:
        args = get_args(annotation)
        return _ref_target(args[0], list(args[1:]))
    if origin in (Union, types.UnionType, tuple):
        for arg in get_args(annotation):
            if arg is not Ellipsis and arg is not type(None):
                found = _ref_target(arg, [])
                if found is not None:
                    return found
    return None


def _may_hold_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_model(arg) for arg in get_args(annotation) if arg is not Ellipsis)
