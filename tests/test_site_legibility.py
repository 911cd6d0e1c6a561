"""Whether a logo reads on the header: its ink against the header, and the plate it gets."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from generator.branding import load_logo
from generator.site.brand import brand_css
from generator.site.legibility import DARK, LIGHT, contrast, plate
from generator.styling import Logo

TEAL = "#0f4c5c"


def svg(body: str) -> Logo:
    return Logo(f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>'.encode(), "svg")


def png(ink: tuple[int, int, int, int], ground: tuple[int, int, int, int]) -> Logo:
    image = Image.new("RGBA", (60, 20), ground)
    image.paste(ink, (10, 4, 50, 16))
    data = io.BytesIO()
    image.save(data, "PNG")
    return Logo(data.getvalue(), "png")


def test_contrast_ratios_are_wcags() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == 1
    assert contrast(TEAL, "#ffffff") == pytest.approx(9.51, abs=0.01)


def test_the_example_logo_gets_a_light_plate_on_its_own_accent(examples: Path) -> None:
    logo = load_logo(examples / "branding" / "harbor-cx.svg")
    assert plate(logo, TEAL) == LIGHT  # "Harbor" is drawn in the accent
    assert plate(logo, "#ffffff") is None  # on a white header it reads as it is


@pytest.mark.parametrize(
    ("body", "header", "expected"),
    [
        ('<text fill="#ffffff">Acme</text>', TEAL, None),
        ('<text fill="#0f4c5c">Acme</text>', TEAL, LIGHT),
        ('<text fill="#eeeeee">Acme</text>', "#f5f5f5", DARK),  # pale ink on a pale header
        ('<text style="fill: #0F4C5C; stroke: none">Acme</text>', TEAL, LIGHT),
        ('<g fill="rgb(15, 76, 92)"><text>Acme</text></g>', TEAL, LIGHT),  # inherited
        ('<g fill="#fff"><text fill="#0f4c5c">A</text></g>', TEAL, LIGHT),  # its own wins
        ('<g fill="#0f4c5c"><text fill="#fff">A</text></g>', TEAL, None),
        ("<text>Acme</text>", TEAL, LIGHT),  # SVG's default fill is black
        ('<text fill="white">Acme</text>', TEAL, None),
        # no text: its shapes are its ink
        ('<rect fill="#ffffff"/><circle fill="#f4a259"/>', TEAL, None),
        ('<rect fill="#0f4c5c"/><path fill="#0f4c5c"/>', TEAL, LIGHT),
        # colours it cannot tell (a gradient, the page's colour): a plate, to be sure
        ('<rect fill="url(#g)"/><text fill="currentColor">A</text>', TEAL, LIGHT),
        ('<text fill="none">A</text>', TEAL, LIGHT),
        ("", TEAL, LIGHT),
    ],
)
def test_an_svg_logo_reads_by_its_text_or_else_its_shapes(
    body: str, header: str, expected: str | None
) -> None:
    assert plate(svg(body), header) == expected


def test_a_raster_logo_reads_by_its_opaque_pixels() -> None:
    clear = (0, 0, 0, 0)
    assert plate(png((255, 255, 255, 255), clear), TEAL) is None
    assert plate(png((15, 76, 92, 255), clear), TEAL) == LIGHT
    # a logo on a box of its own, without transparency, brings its own plate
    assert plate(png((15, 76, 92, 255), (255, 255, 255, 255)), TEAL) is None
    # mostly ink in the header's colour, a little white: still a plate
    assert plate(png((15, 76, 92, 255), (255, 255, 255, 40)), TEAL) == LIGHT
    assert plate(png(clear, clear), TEAL) == LIGHT  # nothing opaque: nothing to judge


def test_the_plate_is_in_the_sites_stylesheet() -> None:
    css = brand_css(TEAL, LIGHT)
    assert "--md-primary-fg-color: #0f4c5c;" in css
    assert ".md-header__button.md-logo {\n  background-color: #ffffff;" in css
    assert "md-logo" not in brand_css(TEAL)
    assert brand_css(None, DARK).startswith("/* The logo on a plate")
