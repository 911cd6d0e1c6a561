"""Which problems a change adds, which it fixes, and which were there before.

Problems are matched by code, file and message rather than by line, so a problem
that only moved down the file is neither new nor fixed. What is left is matched by
code, file and field: a stale sign-off names the current digest in its message, and
it is still the same problem after another edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.diffing.sides import Side

Key = tuple[str, str, str]


def problems(
    base: Side, head: Side
) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """Problems only on ``head`` (new), only on ``base`` (fixed), and on both (open)."""
    old, new = list(base.result.diagnostics), list(head.result.diagnostics)
    still: list[Diagnostic] = []
    for key in (_same_message, _same_field):
        common = Counter(key(head, d) for d in new) & Counter(key(base, d) for d in old)
        new_left, old_left = _unmatched(new, head, key, common), _unmatched(old, base, key, common)
        still.extend(d for d in new if d not in new_left)
        new, old = new_left, old_left
    return tuple(new), tuple(old), tuple(sorted(still, key=Diagnostic.sort_key))


def _unmatched(
    diagnostics: list[Diagnostic],
    side: Side,
    key: Callable[[Side, Diagnostic], Key],
    common: Counter[Key],
) -> list[Diagnostic]:
    """The diagnostics left once ``common`` (a count per key) is taken out."""
    budget = Counter(common)
    left = []
    for diag in diagnostics:
        found = key(side, diag)
        if budget[found] > 0:
            budget[found] -= 1
        else:
            left.append(diag)
    return left


def _same_message(side: Side, diag: Diagnostic) -> Key:
    return diag.code, _below_root(side, diag.location.path), diag.message


def _same_field(side: Side, diag: Diagnostic) -> Key:
    return diag.code, _below_root(side, diag.location.path), diag.field


def _below_root(side: Side, shown: str) -> str:
    try:
        return Path(shown).absolute().relative_to(side.root).as_posix()
    except ValueError:
        return shown
