"""Where a small chart's value labels go: beside their marks, clear of each other and of
every mark, inside the chart."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Side = Literal["above", "below", "right", "left"]
Box = tuple[float, float, float, float]

#: Width of a character of an 11 px label, and how far its box reaches above and below
#: its baseline.
_CHAR = 7.2
_ASCENT = 9.0
_DESCENT = 3.0
_SIDES: tuple[Side, ...] = ("above", "below", "right", "left")


@dataclass(frozen=True)
class Label:
    """A label placed: its anchor point, and the SVG ``text-anchor`` to draw it with."""

    x: float
    y: float
    anchor: str


@dataclass
class Labels:
    """Labels of one chart, placed one by one: each takes the first of its preferred sides
    where it overlaps nothing placed before it and stays within ``bounds`` (left, top,
    right, bottom); failing all four, its first choice."""

    bounds: Box
    taken: list[Box] = field(default_factory=list)

    def mark(self, x: float, y: float, radius: float) -> None:
        """Keep labels off a mark drawn at ``x``, ``y``."""
        self.taken.append((x - radius, y - radius, x + radius, y + radius))

    def place(self, x: float, y: float, text: str, prefer: tuple[Side, ...] = _SIDES) -> Label:
        """A place for ``text`` beside the point ``x``, ``y``."""
        width = _CHAR * len(text)
        order = [*prefer, *(side for side in _SIDES if side not in prefer)]
        candidates = [self._beside(x, y, width, side) for side in order]
        chosen = next(
            (c for c in candidates if self._fits(c[1]) and not self._overlaps(c[1])),
            candidates[0],
        )
        self.taken.append(chosen[1])
        return chosen[0]

    def _beside(self, x: float, y: float, width: float, side: Side) -> tuple[Label, Box]:
        if side in ("right", "left"):
            sign = 1 if side == "right" else -1
            label = Label(x + 8 * sign, y + 4, "start" if side == "right" else "end")
        else:
            label = Label(x, y - 9 if side == "above" else y + 18, "middle")
            low, _, high, _ = self.bounds
            if x + width / 2 > high:
                label = Label(x + 4, label.y, "end")
            elif x - width / 2 < low:
                label = Label(x - 4, label.y, "start")
        start = {"start": label.x, "end": label.x - width}.get(label.anchor, label.x - width / 2)
        return label, (start, label.y - _ASCENT, start + width, label.y + _DESCENT)

    def _fits(self, box: Box) -> bool:
        left, top, right, bottom = self.bounds
        return box[0] >= left and box[1] >= top and box[2] <= right and box[3] <= bottom

    def _overlaps(self, box: Box) -> bool:
        return any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for other in self.taken
        )
