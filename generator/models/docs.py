"""What each field of a model means, from the docstring written under it in the source.

The descriptions are read only when something shows them (the JSON Schema, the schema
reference pages, the hint of a missing field), so that a command that only validates
does not parse the models' source as it starts. A field's description is the docstring
right after its annotation, as pydantic's ``use_attribute_docstrings`` reads it; an
inherited field keeps the description of the class that declares it.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema


def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> description, for every field of ``model`` that has one."""
    docs: dict[str, str] = {}
    for base in reversed(model.__mro__):
        if isinstance(base, type) and issubclass(base, BaseModel) and base is not BaseModel:
            docs.update(_module_docs(base.__module__).get(base.__qualname__, {}))
    return {name: doc for name, doc in docs.items() if name in model.model_fields}


@cache
def _module_docs(module: str) -> dict[str, dict[str, str]]:
    """Class name -> its fields' docstrings, for the classes defined at the top of
    ``module``."""
    try:
        tree = ast.parse(inspect.getsource(sys.modules[module]))
    except (KeyError, OSError, TypeError, SyntaxError):
        return {}
    return {
        node.name: _attribute_docs(node.body)
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def _attribute_docs(body: list[ast.stmt]) -> dict[str, str]:
    docs = {}
    for before, after in itertools.pairwise(body):
        if (
            isinstance(before, ast.AnnAssign)
            and isinstance(before.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[before.target.id] = inspect.cleandoc(after.value.value)
    return docs


class DescribedSchema(GenerateJsonSchema):
    """The JSON Schema of a model with each property's description from its docstring."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        found = super().model_schema(schema)
        model = schema["cls"]
        docs = field_docs(model)
        properties: dict[str, Any] = found.get("properties", {})
        for name, info in model.model_fields.items():
            key = info.alias if self.by_alias and info.alias else name
            doc = docs.get(name)
            if doc is not None and key in properties:
                # as pydantic does, a description its referenced shape already has is left out
                properties[key] = self.handle_ref_overrides({**properties[key], "description": doc})
        return found
