"""The value axis every chart shares, in the PDFs and on the site."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Axis:
    """A value axis: its range and the round values it labels, lowest first."""

    low: float
    high: float
    ticks: tuple[float, ...]

    def share(self, value: float) -> float:
        """Where ``value`` sits on the axis: 0 at its low end, 1 at its high end."""
        return (value - self.low) / (self.high - self.low)


def value_axis(values: list[float], unit: str | None = None) -> Axis:
    """An axis fitted to ``values``, from a round number below them to one above, with a
    labelled tick at every step.

    Fitting the data makes a miss visible: CSAT 84 against a target of 85 is a step on
    an 80-88% axis and a hair on a 0-100% one. Every tick carries its value, so a reader
    sees where the axis starts. Percentages stay within 0-100 and counts, times and
    scores above zero unless the values leave those ranges.
    """
    low, high = min(values), max(values)
    if low == high:
        pad = abs(low) / 10 or 1.0
        low, high = low - pad, high + pad
    if min(values) >= 0:
        low = max(low, 0.0)
    step = _step(high - low)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    ticks = tuple(_round(index * step) for index in range(first, last + 1))
    if unit == "percent" and min(values) >= 0:
        ticks = tuple(t for t in ticks if t <= max(100.0, *values))
    return Axis(ticks[0], ticks[-1], ticks)


#: The most steps an axis is divided into; small charts have room for five labels.
_MOST_STEPS = 4


def _step(span: float) -> float:
    """The smallest round step (1, 2 or 5 times a power of ten) that divides ``span``
    into at most :data:`_MOST_STEPS` steps, allowing one more for a range that does not
    start on a step."""
    power = 10.0 ** math.floor(math.log10(span / _MOST_STEPS))
    for factor in (1, 2, 5, 10):
        step = factor * power
        if span / step <= _MOST_STEPS:
            return step
    return 10 * power


def _round(value: float) -> float:
    # 3 * 0.1 is 0.30000000000000004: ticks are shown, so keep them exact
    return float(round(value, 9))
