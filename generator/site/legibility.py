"""Whether the vendor's logo reads on the site's header, by WCAG contrast ratios.

A logo drawn in the accent colour vanishes on a header of that colour. The header gets
a plate behind the logo, light or dark, when the logo's ink does not reach
:data:`LEGIBLE` against the header: for an SVG its text colours (its shapes if it has
no text), for a raster image its opaque pixels, at least :data:`_INKED` of them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Final
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from PIL import Image

from generator.styling import Logo

#: The contrast the graphics of a page need against what is behind them (WCAG 2, 1.4.11).
LEGIBLE: Final = 3.0
#: The plates a logo may sit on.
LIGHT: Final = "#ffffff"
DARK: Final = "#1f1f1f"

#: The share of a raster logo's opaque pixels that must contrast with the header.
_INKED = 0.75
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\b")
_RGB = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)")
_NAMED: Final = {"black": "#000000", "white": "#ffffff"}
_TEXT: Final = {"text", "tspan", "textPath"}
_SHAPES: Final = {"path", "rect", "circle", "ellipse", "polygon", "polyline", "line", *_TEXT}


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (WCAG 2)."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def plate(logo: Logo, header: str) -> str | None:
    """The colour to set ``logo`` on in a header of colour ``header``: None when it reads
    there as it is, else the lighter or darker plate, whichever it reads better on. A
    logo whose colours cannot be told gets a plate; a raster logo without transparency
    brings its own."""
    if logo.format == "svg":
        colours = _svg_inks(logo.data)
    else:
        pixels = _raster_pixels(logo.data)
        if all(alpha == 255 for *_, alpha in pixels):
            return None
        colours = [f"#{r:02x}{g:02x}{b:02x}" for r, g, b, alpha in pixels if alpha >= 128]
    if colours and _reads(colours, header):
        return None
    if not colours:
        return LIGHT
    return max((LIGHT, DARK), key=lambda ground: _worst(colours, ground))


def _reads(colours: list[str], ground: str) -> bool:
    inked = sum(contrast(colour, ground) >= LEGIBLE for colour in colours)
    return inked >= _INKED * len(colours) if len(colours) > 1 else inked == 1


def _worst(colours: list[str], ground: str) -> float:
    ratios = sorted(contrast(colour, ground) for colour in colours)
    return ratios[int((1 - _INKED) * (len(ratios) - 1))]


def _svg_inks(data: bytes) -> list[str]:
    """The fill colours of the SVG's text, or of all its shapes when it has none."""
    root = SafeET.fromstring(data)
    drawn = list(_fills(root, "#000000"))
    text = [colour for tag, colour in drawn if tag in _TEXT]
    return text or [colour for tag, colour in drawn if tag in _SHAPES]


def _fills(element: Element, inherited: str | None) -> Iterator[tuple[str, str]]:
    """Each element's tag with the fill it is drawn in, inherited as SVG inherits it;
    fills that are not plain colours (gradients, ``currentColor``) are left out."""
    fill = _own_fill(element)
    if fill is not None:
        inherited = _colour(fill)
    tag = element.tag.rsplit("}", 1)[-1]
    if inherited is not None and tag in _SHAPES:
        yield tag, inherited
    for child in element:
        yield from _fills(child, inherited)


def _own_fill(element: Element) -> str | None:
    style = {
        part.split(":", 1)[0].strip(): part.split(":", 1)[1].strip()
        for part in element.get("style", "").split(";")
        if ":" in part
    }
    return style.get("fill", element.get("fill"))


def _colour(value: str) -> str | None:
    value = _NAMED.get(value.strip().lower(), value.strip())
    if match := _HEX.fullmatch(value):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return f"#{digits.lower()}"
    if match := _RGB.fullmatch(value):
        red, green, blue = (min(int(v), 255) for v in match.groups())
        return f"#{red:02x}{green:02x}{blue:02x}"
    return None


def _raster_pixels(data: bytes) -> list[tuple[int, ...]]:
    """The red, green, blue and alpha of each pixel of a small copy of a raster logo."""
    with Image.open(io.BytesIO(data)) as image:
        pixels = image.convert("RGBA").resize((48, 48)).tobytes()
    return [tuple(pixels[at : at + 4]) for at in range(0, len(pixels), 4)]
