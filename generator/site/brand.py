"""The vendor's branding on the site: its accent colour and its logo, as the PDFs use them.

From ``[tool.playbook.vendor]``: ``accent`` becomes the theme's primary colour (the
header, links and the active navigation), with header text dark or light, whichever
reads better on it; ``logo`` replaces the theme's icon in the header. Both are files
of the site (``stylesheets/brand.css``, ``assets/brand/logo.<format>``) that the
plugin adds to a MkDocs build and ``playbook site`` writes with the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from generator.branding import load_branding
from generator.config import Config
from generator.render.page import Page

CSS_PATH: Final = "stylesheets/brand.css"
LOGO_FOLDER: Final = "assets/brand"


@dataclass(frozen=True)
class SiteBrand:
    """The files a branded site adds, and where the settings point at them."""

    accent: str | None
    logo: bytes | None
    logo_format: str = "svg"

    @property
    def css_path(self) -> str | None:
        return CSS_PATH if self.accent else None

    @property
    def logo_path(self) -> str | None:
        return f"{LOGO_FOLDER}/logo.{self.logo_format}" if self.logo else None

    def pages(self) -> list[Page]:
        files = []
        if self.accent:
            files.append(Page(CSS_PATH, brand_css(self.accent)))
        if self.logo and self.logo_path:
            files.append(Page(self.logo_path, self.logo))
        return files


def site_brand(config: Config) -> SiteBrand | None:
    """The branding the settings give the site, checked as the PDFs check it."""
    branding = load_branding(config)
    if branding.accent is None and branding.logo is None:
        return None
    logo = branding.logo
    return SiteBrand(branding.accent, logo.data if logo else None, logo.format if logo else "svg")


def brand_css(accent: str) -> str:
    """Material's primary colour set to ``accent``, in both colour schemes."""
    text, faint = (
        ("#000000de", "#0000008a") if _luminance(accent) > 0.4 else ("#ffffff", "#ffffffb3")
    )
    return (
        "/* The vendor's accent colour, from [tool.playbook.vendor] accent. */\n"
        "[data-md-color-primary] {\n"
        f"  --md-primary-fg-color: {accent};\n"
        f"  --md-primary-fg-color--light: {accent};\n"
        f"  --md-primary-fg-color--dark: {accent};\n"
        f"  --md-primary-bg-color: {text};\n"
        f"  --md-primary-bg-color--light: {faint};\n"
        "}\n"
        '[data-md-color-scheme="default"] {\n'
        f"  --md-typeset-a-color: {accent};\n"
        "}\n"
    )


def _luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (WCAG 2)."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
