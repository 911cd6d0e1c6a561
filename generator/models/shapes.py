"""Every shape (model class) a playbook can contain, by class name."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from generator.models import KINDS


@cache
def shapes() -> dict[str, type[BaseModel]]:
    """Document kinds and every model nested in them, e.g. `Person`, `Milestone`."""
    found: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = list(KINDS.values())
    while pending:
        model = pending.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            pending.extend(_models_in(info.annotation))
    return dict(sorted(found.items()))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]
