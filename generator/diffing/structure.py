"""Compare two versions of one document, model against model, by identity.

Items of a list are matched by what identifies them (`id`, `day`, `metric`, `tier`,
or a `name`, `channel` or `topic`), so moving an item within its list is no change.
Where the content digest counts the order (lists identified by a name, lists of
plain values), a new order is reported as such, since it makes approvals stale.

A few shapes read better as one change than field by field (see
:mod:`generator.diffing.wholes`); everything else is compared field by field, so no
change to a document goes unreported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel

from generator.diffing.changes import SEPARATOR, Action, Change, Verdict
from generator.diffing.wholes import DATED, WHOLES
from generator.diffing.wording import (
    FLATTENED,
    Names,
    field_label,
    item_label,
    item_summary,
    list_label,
    scalar_verdict,
    value_text,
)
from generator.digest import IDENTITY_KEYS
from generator.loading.composer import Path as DataPath
from generator.models import Document, Target, kind_of
from generator.models.certification import CertificationItem
from generator.portfolio import Loaded

#: Fields that identify an item, in order of preference.
_KEYS: Final = ("id", "day", "metric", "tier", "name", "channel", "topic")
#: Compared elsewhere (sign-offs) or never different between two documents of a kind.
_SKIPPED: Final = frozenset({"signoffs", "api_version", "kind"})


@dataclass(frozen=True)
class _At:
    """Where the comparison is: the item named so far, the block prefix, the data paths."""

    subject: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()
    old: DataPath = ()
    new: DataPath = ()

    def field(self, label: str) -> str:
        return SEPARATOR.join((*self.prefix, label))

    def into(self, key: str, label: str | None) -> _At:
        prefix = self.prefix if label is None else (*self.prefix, label)
        return _At(self.subject, prefix, (*self.old, key), (*self.new, key))

    def item(self, label: str, old: int | None, new: int | None, key: str) -> _At:
        return _At(
            (*self.subject, *self.prefix, label),
            (),
            (*self.old, key, old) if old is not None else self.old,
            (*self.new, key, new) if new is not None else self.new,
        )


class DocumentComparison:
    """The changes between two versions of one document."""

    def __init__(
        self, old: Loaded[Document], new: Loaded[Document], names: tuple[Names, Names]
    ) -> None:
        self.docs = (old, new)
        self.names = names
        record = kind_of(new.kind)
        self.keys = _KEYS + (record.item_keys if record is not None else ())
        self.changes: list[Change] = []
        self.start_moved = names[0].start != names[1].start

    def run(self) -> list[Change]:
        self._model(self.docs[0].model, self.docs[1].model, _At())
        return self.changes

    def _add(
        self,
        action: Action,
        at: _At,
        field: str = "",
        old: str | None = None,
        new: str | None = None,
        *,
        verdict: Verdict = "",
        note: str = "",
    ) -> None:
        side, path = (0, at.old) if action == "removed" else (1, at.new)
        location = str(self.docs[side].at(path))
        subject = SEPARATOR.join(at.subject)
        self.changes.append(Change(action, subject, field, old, new, verdict, note, location))

    def _model(self, old: BaseModel, new: BaseModel, at: _At) -> None:
        shape = type(new)
        whole, covered = WHOLES.get(shape, (None, set()))
        if whole is not None:
            for found in whole(old, new, self.names):
                self._add(
                    found.action,
                    at.into(found.key, None),
                    at.field(found.field),
                    found.old,
                    found.new,
                    verdict=found.verdict,
                    note=found.note,
                )
        for name, info in shape.model_fields.items():
            if name in _SKIPPED or name in covered:
                continue
            a, b = getattr(old, name), getattr(new, name)
            if a == b and not (self.start_moved and _dated(a)):
                continue
            key = info.alias or name
            label = field_label(shape, name)
            if isinstance(a, BaseModel) and isinstance(b, BaseModel):
                self._model(a, b, at.into(key, None if name in FLATTENED else label))
            elif isinstance(a, BaseModel) or isinstance(b, BaseModel):
                self._block(a, b, at.into(key, None), label)
            elif isinstance(a, tuple) and isinstance(b, tuple):
                if any(isinstance(item, BaseModel) for item in (*a, *b)):
                    items_label = list_label(shape, name)
                    inner = _At(
                        (*at.subject, *at.prefix, *([items_label] if items_label else [])),
                        (),
                        at.old,
                        at.new,
                    )
                    self._items(a, b, inner, key)
                else:
                    self._values(shape, name, a, b, at=at.into(key, None), label=at.field(label))
            else:
                self._scalar(shape, name, a, b, at=at.into(key, None), label=at.field(label))

    def _scalar(
        self, shape: type[BaseModel], name: str, a: Any, b: Any, *, at: _At, label: str
    ) -> None:
        old_names, new_names = self.names
        self._add(
            "changed",
            at,
            label,
            value_text(shape, name, a, old_names),
            value_text(shape, name, b, new_names),
            verdict=scalar_verdict(shape, name, a, b),
        )

    def _block(self, a: Any, b: Any, at: _At, label: str) -> None:
        """An optional block (an SLA, a fee at risk) that one side has and the other lacks."""
        if a is None:
            summary = item_summary(b, self.names[1])
            self._add("added", at, at.field(label), new=summary)
        else:
            summary = item_summary(a, self.names[0])
            self._add("removed", at, at.field(label), old=summary)

    def _values(
        self,
        shape: type[BaseModel],
        name: str,
        a: tuple[Any, ...],
        b: tuple[Any, ...],
        *,
        at: _At,
        label: str,
    ) -> None:
        """A list of plain values (attendees, triggers, agenda items), compared as a bag."""
        removed = list((Counter(a) - Counter(b)).elements())
        added = list((Counter(b) - Counter(a)).elements())
        if not removed and not added:
            self._add("reordered", at, label, note="same items in a new order")
            return
        old_names, new_names = self.names
        if removed:
            shown = "; ".join(value_text(shape, name, v, old_names) for v in removed)
            self._add("removed", at, label, old=shown)
        if added:
            shown = "; ".join(value_text(shape, name, v, new_names) for v in added)
            self._add("added", at, label, new=shown)

    def _items(self, a: Sequence[Any], b: Sequence[Any], at: _At, key: str) -> None:
        """A list of items, matched by identity (or as a bag when they have none)."""
        ident = _identity(a, b, self.keys)
        if ident is None:
            self._bag(a, b, at, key)
            return
        old_index = {getattr(item, ident): i for i, item in enumerate(a)}
        new_index = {getattr(item, ident): i for i, item in enumerate(b)}
        moved = _moved(a, b, ident, old_index, new_index)
        old_names, new_names = self.names
        for j, item in enumerate(b):
            i = old_index.get(getattr(item, ident), moved.get(j))
            label = item_label(item, new_names)
            if i is None:
                self._added_item(item, at.item(label, None, j, key))
            else:
                self._model(a[i], item, at.item(label, i, j, key))
        paired = set(moved.values())
        for i, item in enumerate(a):
            if getattr(item, ident) not in new_index and i not in paired:
                self._removed_item(item, at.item(item_label(item, old_names), i, None, key))
        common = [k for k in old_index if k in new_index]
        if ident not in IDENTITY_KEYS and common != sorted(common, key=new_index.__getitem__):
            self._add("reordered", at, key.replace("_", " "), note="same items in a new order")

    def _bag(self, a: Sequence[Any], b: Sequence[Any], at: _At, key: str) -> None:
        """Items without an identity: any item not on both sides is added or removed."""
        old_dumps = [_dump(item) for item in a]
        new_dumps = [_dump(item) for item in b]
        left = Counter(old_dumps) - Counter(new_dumps)
        right = Counter(new_dumps) - Counter(old_dumps)
        old_names, new_names = self.names
        for j, item in enumerate(b):
            if right[new_dumps[j]] > 0:
                right[new_dumps[j]] -= 1
                self._added_item(item, at.item(item_label(item, new_names), None, j, key))
        for i, item in enumerate(a):
            if left[old_dumps[i]] > 0:
                left[old_dumps[i]] -= 1
                self._removed_item(item, at.item(item_label(item, old_names), i, None, key))
        if sorted(old_dumps) == sorted(new_dumps) and old_dumps != new_dumps:
            self._add("reordered", at, key.replace("_", " "), note="same items in a new order")

    def _added_item(self, item: BaseModel, at: _At) -> None:
        self._add(
            "added", at, new=item_summary(item, self.names[1]), verdict=_item_verdict(item, "added")
        )

    def _removed_item(self, item: BaseModel, at: _At) -> None:
        self._add(
            "removed",
            at,
            old=item_summary(item, self.names[0]),
            verdict=_item_verdict(item, "removed"),
        )


def _dated(value: Any) -> bool:
    """Whether ``value`` holds items whose dates count from the engagement's start."""
    if isinstance(value, DATED):
        return True
    if isinstance(value, tuple):
        return any(_dated(item) for item in value)
    if isinstance(value, BaseModel):
        return any(_dated(getattr(value, name)) for name in type(value).model_fields)
    return False


def _identity(a: Sequence[Any], b: Sequence[Any], keys: tuple[str, ...]) -> str | None:
    """The field that identifies every item on both sides, uniquely; None when none does."""
    items = [*a, *b]
    if not items or not all(isinstance(item, BaseModel) for item in items):
        return None
    shape = type(items[0])
    for key in keys:
        if key in shape.model_fields and all(type(item) is shape for item in items):
            values_a = [getattr(item, key) for item in a]
            values_b = [getattr(item, key) for item in b]
            unique = len(set(values_a)) == len(values_a) and len(set(values_b)) == len(values_b)
            return key if unique else None
    return None


def _moved(
    a: Sequence[Any],
    b: Sequence[Any],
    ident: str,
    old_index: dict[Any, int],
    new_index: dict[Any, int],
) -> dict[int, int]:
    """Items whose identity changed but whose title did not, new index to old index.

    A checkpoint is known by its day; moved from day 60 to day 63 under the same title,
    it is the same checkpoint with a new day, not one removed and another added.
    """
    if ident == "id" or "title" not in type(a[0] if a else b[0]).model_fields:
        return {}
    gone = {i: item.title for i, item in enumerate(a) if getattr(item, ident) not in new_index}
    new = {j: item.title for j, item in enumerate(b) if getattr(item, ident) not in old_index}
    once_gone, once_new = Counter(gone.values()), Counter(new.values())
    by_title = {title: i for i, title in gone.items() if once_gone[title] == 1}
    return {j: by_title[t] for j, t in new.items() if t in by_title and once_new[t] == 1}


def _item_verdict(item: BaseModel, action: str) -> Verdict:
    """Adding a target or a required certification item asks more; removing one, less."""
    counts = isinstance(item, Target) or (isinstance(item, CertificationItem) and item.required)
    if not counts:
        return ""
    return "tightened" if action == "added" else "loosened"


def _dump(item: BaseModel) -> str:
    return json.dumps(item.model_dump(mode="json"), sort_keys=True)
