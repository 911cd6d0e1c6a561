"""PDF documents of a playbook, typeset with Typst from templates that read JSON data.

Names are imported when first used: a PDF worker imports ``generator.pdf.jobs`` alone,
not the models the planning needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # what a type checker sees; at run time each name is imported when used
    from generator.pdf.batch import jobs_for
    from generator.pdf.documents import PdfKind, pdf_kinds
    from generator.pdf.engine import PdfError
    from generator.pdf.jobs import PdfJob, run
    from generator.pdf.manifest import MANIFEST_NAME, Manifest
    from generator.styling import PdfStyle

_EXPORTS: Final = {
    "MANIFEST_NAME": "generator.pdf.manifest",
    "Manifest": "generator.pdf.manifest",
    "PdfError": "generator.pdf.engine",
    "PdfJob": "generator.pdf.jobs",
    "PdfKind": "generator.pdf.documents",
    "PdfStyle": "generator.styling",
    "jobs_for": "generator.pdf.batch",
    "pdf_kinds": "generator.pdf.documents",
    "run": "generator.pdf.jobs",
}

__all__ = [
    "MANIFEST_NAME",
    "Manifest",
    "PdfError",
    "PdfJob",
    "PdfKind",
    "PdfStyle",
    "jobs_for",
    "pdf_kinds",
    "run",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'generator.pdf' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
