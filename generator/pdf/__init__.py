"""PDF documents of a playbook, typeset with Typst from templates that read JSON data."""

from generator.branding import PdfStyle
from generator.pdf.batch import PdfJob, jobs_for, run
from generator.pdf.documents import PdfKind, pdf_kinds
from generator.pdf.engine import PdfError
from generator.pdf.manifest import MANIFEST_NAME, Manifest

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
