"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per problem.

GitHub shows them on the pull request's changed lines.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Findings, Severity
from generator.rules import RULES


def render(result: Findings, strict: bool) -> str:
    return "".join(_annotation(diag, strict) + "\n" for diag in result.diagnostics)


def _annotation(diag: Diagnostic, strict: bool) -> str:
    level = "error" if diag.severity is Severity.ERROR or strict else "warning"
    loc = diag.location
    entry = RULES.get(diag.code)
    title = f"{diag.code} {entry.name}" if entry else diag.code
    props = ",".join(
        f"{key}={_property(str(value))}"
        for key, value in (
            ("file", loc.path),
            ("line", loc.line),
            ("col", loc.column),
            ("title", title),
        )
    )
    message = diag.message + (f"\nhint: {diag.hint}" if diag.hint else "")
    return f"::{level} {props}::{_data(message)}"


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
