"""The content digest an approval is bound to.

The digest covers what a document says, not how it is written: comments, quoting,
key order, indentation and the order of items that carry an identity (`id`, `day`,
`metric`...) do not change it; values written out that equal their defaults do not
either. Sign-offs and the `status` field are left out, so recording an approval or
moving a document to `approved` keeps earlier approvals current.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Final

from generator.models import Document

#: Keys that identify an item of a list; lists of such items are compared as sets.
IDENTITY_KEYS: Final = ("id", "day", "metric", "tier")
_EXCLUDED: Final[dict[str, Any]] = {"signoffs": True, "metadata": {"status": True}}


def canonical_content(document: Document) -> Any:
    """The document's content as plain JSON data in canonical order."""
    data = document.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude=_EXCLUDED)
    return _canonical(data)


def content_digest(document: Document) -> str:
    """``sha256:`` and the hex SHA-256 of the canonical content."""
    text = json.dumps(
        canonical_content(document), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def short(digest: str) -> str:
    """The first 12 hex digits, as shown to people."""
    return digest.removeprefix("sha256:")[:12]


def identity_key(items: list[Any]) -> str | None:
    """The key that identifies every item of ``items``, if they share one."""
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in IDENTITY_KEYS:
        if all(key in item for item in items):
            return key
    return None


def _canonical(value: Any) -> Any:
    """``value`` (fresh JSON data, changed in place) with lists of identified items sorted."""
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, (dict, list)):
                _canonical(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _canonical(item)
        key = identity_key(value)
        if key is not None:
            value.sort(key=lambda item: _sort_key(item[key]))
    return value


def _sort_key(value: Any) -> str:
    """``json.dumps(value, sort_keys=True)``, written out directly for the common ids."""
    if isinstance(value, str) and _PLAIN.fullmatch(value):
        return f'"{value}"'  # what json.dumps gives: nothing in it is escaped
    if type(value) is int:
        return str(value)
    return json.dumps(value, sort_keys=True)


#: Strings json.dumps writes out unchanged between quotes.
_PLAIN: Final = re.compile(r"[ !#-\[\]-~]*")
