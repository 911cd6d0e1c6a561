"""Machine-readable report: every diagnostic with its location, field and hint."""

from __future__ import annotations

import json
from typing import Any

from generator.diagnostics import Diagnostic, Findings, Severity

FORMAT_VERSION = 1


def render(result: Findings, strict: bool) -> str:
    payload: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "summary": {
            "files": result.files,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "failed": result.failed(strict=strict),
        },
        "diagnostics": [diagnostic_data(diag) for diag in result.diagnostics],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def diagnostic_data(diag: Diagnostic) -> dict[str, Any]:
    """One diagnostic as JSON data; every JSON output uses this shape."""
    return {
        "code": diag.code,
        "severity": diag.severity.value,
        "path": diag.location.path,
        "line": diag.location.line,
        "column": diag.location.column,
        "field": diag.field,
        "message": diag.message,
        "expected": diag.expected,
        "found": diag.found,
        "hint": diag.hint,
    }
