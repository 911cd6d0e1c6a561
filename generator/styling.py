"""How every PDF looks: the vendor's accent colour and logo, and the paper size.

Plain data, read by the settings (`generator.branding`) and by the PDF workers, which
import nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Logo:
    """An image checked to be one Typst can place in a PDF/A file."""

    data: bytes
    format: str  # png, jpg, gif, webp or svg


@dataclass(frozen=True)
class PdfStyle:
    """How every PDF looks: the vendor's accent colour and logo, and the paper size."""

    accent: str | None = None
    paper: str = "a4"
    logo: Logo | None = None
    #: Whose logo it is, said to readers who cannot see it.
    vendor: str = ""
