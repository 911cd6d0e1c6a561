"""The vendor's branding on the site: its accent colour and its logo, as the PDFs use them.

From ``[tool.playbook.vendor]``: ``accent`` becomes the theme's primary colour (the
header, links and the active navigation), with header text dark or light, whichever
reads better on it; ``logo`` replaces the theme's icon in the header, on a light or
dark plate when its colours would not read on the header
(:mod:`generator.site.legibility`). Both are files of the site
(``stylesheets/brand.css``, ``assets/brand/logo.<format>``) that the plugin adds to a
MkDocs build and ``playbook site`` writes with the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from generator.branding import load_branding
from generator.config import Config
from generator.render.page import Page
from generator.site.legibility import luminance, plate

CSS_PATH: Final = "stylesheets/brand.css"
LOGO_FOLDER: Final = "assets/brand"
#: The header colour of the theme's settings (Material's indigo), for a logo without
#: an accent.
THEME_PRIMARY: Final = "#4051b5"


@dataclass(frozen=True)
class SiteBrand:
    """The files a branded site adds, and where the settings point at them."""

    accent: str | None
    logo: bytes | None
    logo_format: str = "svg"
    #: The colour the logo is set on in the header, when it would not read on it.
    plate: str | None = None

    @property
    def css_path(self) -> str | None:
        return CSS_PATH if self.accent or self.plate else None

    @property
    def logo_path(self) -> str | None:
        return f"{LOGO_FOLDER}/logo.{self.logo_format}" if self.logo else None

    def pages(self) -> list[Page]:
        files = []
        if self.accent or self.plate:
            files.append(Page(CSS_PATH, brand_css(self.accent, self.plate)))
        if self.logo and self.logo_path:
            files.append(Page(self.logo_path, self.logo))
        return files


def site_brand(config: Config) -> SiteBrand | None:
    """The branding the settings give the site, checked as the PDFs check it."""
    branding = load_branding(config)
    if branding.accent is None and branding.logo is None:
        return None
    logo = branding.logo
    if logo is None:
        return SiteBrand(branding.accent, None)
    behind = plate(logo, branding.accent or THEME_PRIMARY)
    return SiteBrand(branding.accent, logo.data, logo.format, behind)


def brand_css(accent: str | None, plate: str | None = None) -> str:
    """Material's primary colour set to ``accent``, in both colour schemes; the header's
    logo on ``plate``."""
    return (_accent_css(accent) if accent else "") + (_plate_css(plate) if plate else "")


def _plate_css(plate: str) -> str:
    return (
        "/* The logo on a plate: its colours would not read on the header. */\n"
        ".md-header__button.md-logo {\n"
        f"  background-color: {plate};\n"
        "  border-radius: 0.2rem;\n"
        "  padding: 0.2rem 0.3rem;\n"
        "  margin: 0.2rem 0.4rem;\n"
        "}\n"
        ".md-header__button.md-logo img { height: 1.4rem; }\n"
    )


def _accent_css(accent: str) -> str:
    text, faint = (
        ("#000000de", "#0000008a") if luminance(accent) > 0.4 else ("#ffffff", "#ffffffb3")
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
