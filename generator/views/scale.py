"""The value axis every chart shares, in the PDFs and on the site."""

from __future__ import annotations

import math


def nice_range(values: list[float], unit: str | None = None) -> tuple[float, float]:
    """An axis range for ``values`` that starts at zero and ends on a round number.

    Starting at zero shows a change at its true size (35% to 40% is a small step, not a
    cliff); percentages run to 100, unless all of them are small (an error rate of 3-4%
    gets a 0-4% axis, where its changes can be seen). Values below zero extend the axis
    down.
    """
    low, high = min(0.0, *values), max(values)
    whole = unit == "percent" and high > _SMALL_SHARE
    if whole:
        high = max(high, 100.0)
    if low == high:
        high = low + 1.0
    step = 10 ** math.floor(math.log10(high - low))
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if whole:
        high = min(high, max(100.0, *values))
    return float(low), float(high)


#: The highest percentage an axis does not run to 100 for.
_SMALL_SHARE = 25.0
