"""The vendor's branding on packets and PDFs: its logo, colour and confidentiality line.

Read from ``[tool.playbook.vendor]``. The logo is checked before anything is typeset:
a file that is not an image, or is far larger than a logo needs to be, stops the
command with one line saying so.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from PIL import Image, UnidentifiedImageError

from generator.config import Config, EditionWords, TrackRecord, Vendor
from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.loading import display_path
from generator.portfolio import Playbook
from generator.styling import Logo, PdfStyle

#: A logo prints a few centimetres wide; anything larger only slows every build down.
MAX_LOGO_BYTES: Final = 1024 * 1024
MAX_LOGO_SIDE: Final = 4096
#: Raster formats Typst embeds, by the name Pillow gives them.
_RASTER: Final = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
_KINDS: Final = "PNG, JPEG, GIF, WebP or SVG"


class BrandingError(PlaybookError):
    """The vendor settings cannot be used for this output."""


@dataclass(frozen=True)
class Branding:
    """What the settings say about the vendor, with its logo read and checked."""

    vendor: Vendor | None = None
    logo: Logo | None = None
    settings_file: Path | None = None

    #: Paper size of every PDF (``[tool.playbook] paper``).
    paper: str = "a4"

    @property
    def accent(self) -> str | None:
        return self.vendor.accent if self.vendor else None

    @property
    def style(self) -> PdfStyle:
        name = self.vendor.name if self.vendor else ""
        return PdfStyle(self.accent, self.paper, self.logo, name)

    @property
    def track_record(self) -> TrackRecord | None:
        return self.vendor.track_record if self.vendor else None

    def edition(self, version: str) -> str:
        """The cover's words for ``version``: the vendor's, or "Proposal, version 0.3"
        before 1.0 and "Issue 1.2" from it."""
        return (self.vendor.edition if self.vendor else EditionWords()).of(version)

    def confidentiality(self, client: str, vendor: str) -> str:
        """The cover's confidentiality line: the configured one, or a plain default."""
        if self.vendor is not None and self.vendor.confidentiality:
            return self.vendor.confidentiality
        return (
            f"Confidential. Prepared by {vendor} for {client}; "
            "not to be shared beyond the people evaluating it."
        )

    def check(self, playbook: Playbook) -> None:
        """Refuse to brand a playbook whose vendor is not the configured one."""
        if self.vendor is None:
            return
        theirs = playbook.engagement.model.spec.vendor.name
        if theirs.casefold() != self.vendor.name.casefold():
            raise BrandingError(
                f"engagement `{playbook.id}` is run by `{theirs}`, but the settings "
                f"describe the vendor `{self.vendor.name}` ([tool.playbook.vendor]); "
                "its logo and track record would be quoted for the wrong company"
            )


def load_branding(config: Config) -> Branding:
    """The configured branding, its logo path resolved against the settings file."""
    vendor = config.settings.vendor
    paper = config.settings.paper
    if vendor is None:
        return Branding(settings_file=config.source, paper=paper)
    logo = load_logo(config.base / vendor.logo) if vendor.logo else None
    return Branding(vendor, logo, config.source, paper)


def pdf_style(config: Config) -> PdfStyle:
    """The look of every PDF: the vendor's colour and logo, and the paper size."""
    return load_branding(config).style


def load_logo(path: Path) -> Logo:
    """Read ``path`` and check it is a logo-sized image in a format PDFs can carry."""
    shown = display_path(path)
    try:
        data = read_input(path, MAX_LOGO_BYTES, "the logo", shown)
    except InputError as exc:
        raise BrandingError(str(exc)) from None
    if path.suffix.lower() == ".svg" or data.lstrip()[:5] in (b"<?xml", b"<svg "):
        return _svg(shown, data)
    return _raster(shown, data)


def _svg(path: str, data: bytes) -> Logo:
    try:
        # defusedxml refuses entity definitions and external references outright.
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise BrandingError(
            f"{path}: the SVG defines entities or loads external content; "
            "export it again as plain SVG"
        ) from None
    except SafeET.ParseError as exc:
        raise BrandingError(f"{path}: not a readable SVG image ({exc})") from None
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise BrandingError(f"{path}: not an SVG image (its root element is not <svg>)")
    return Logo(data, "svg")


def _raster(path: str, data: bytes) -> Logo:
    with warnings.catch_warnings():
        # Pillow warns, then refuses, on images large enough to exhaust memory.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind, mode, (width, height) = image.format, image.mode, image.size
                image.verify()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise BrandingError(
                f"{path}: the logo has far too many pixels; use one under "
                f"{MAX_LOGO_SIDE} pixels on each side"
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise BrandingError(f"{path}: not an image (expected {_KINDS})") from None
    if kind not in _RASTER:
        raise BrandingError(f"{path}: a {kind} image; use {_KINDS}")
    if max(width, height) > MAX_LOGO_SIDE:
        raise BrandingError(
            f"{path}: the logo is {width}×{height} pixels; use one under "
            f"{MAX_LOGO_SIDE} pixels on each side"
        )
    if mode == "CMYK":
        raise BrandingError(f"{path}: the logo uses CMYK colours; save it in RGB for PDF/A")
    return Logo(data, _RASTER[kind])
