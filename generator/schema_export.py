"""Export the models as JSON Schema files (Draft 2020-12) for editors and other tools.

The models are the single definition of every shape; ``schema/`` holds what this
module makes of them, and a test fails when the two drift apart.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

from generator.models import KINDS, Document
from generator.models.docs import DescribedSchema
from generator.writing import write_text

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX: Final = "urn:playbook:schema:v1:"


def file_name(kind: str) -> str:
    """``EngagementBrief`` -> ``engagement-brief.schema.json``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower() + ".schema.json"


def described(model: type[Document]) -> dict[str, Any]:
    """The JSON Schema of ``model`` by the keys a user writes, each field described."""
    return model.model_json_schema(by_alias=True, schema_generator=DescribedSchema)


def schema_for(model: type[Document]) -> dict[str, Any]:
    body = described(model)
    name = file_name(model.KIND)
    return {
        "$schema": DIALECT,
        "$id": ID_PREFIX + name.removesuffix(".schema.json"),
        "title": f"{model.KIND} ({model.DEFAULT_TITLE})",
        **{key: value for key, value in body.items() if key != "title"},
    }


def rendered() -> dict[str, str]:
    """File name -> JSON text, for every kind."""
    return {
        file_name(kind): json.dumps(schema_for(model), indent=2, ensure_ascii=False) + "\n"
        for kind, model in KINDS.items()
    }


def stale(folder: Path) -> list[str]:
    """Names of schema files in ``folder`` that are missing or differ from the models."""
    out = []
    for name, text in rendered().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out


def export(folder: Path) -> list[str]:
    """Write the schema files that changed; return their names."""
    changed = stale(folder)
    texts = rendered()
    for name in changed:
        write_text(folder / name, texts[name])
    return changed
