"""Plain-text report: ``path:line:col: CODE message``, the source line, and a hint."""

from __future__ import annotations

import re

import click

from generator.diagnostics import Diagnostic, Severity
from generator.validation import Result

_TOKEN = re.compile(r"\"[^\"]*\"|'[^']*'|[^\s,\]\}]+")


def render(result: Result, strict: bool) -> str:
    blocks = [_block(diag, result) for diag in result.diagnostics]
    blocks.append(summary(result, strict))
    return "\n".join(blocks) + "\n"


def summary(result: Result, strict: bool) -> str:
    """One closing line: how many problems, in how many files, and whether that fails."""
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    if not errors and not warnings:
        return click.style(f"Checked {files}: no problems.", fg="green")
    affected = len({diag.location.path for diag in result.diagnostics})
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    line = f"Found {' and '.join(parts)} in {affected} of {files}."
    if warnings and not errors and not strict:
        line += " Warnings do not fail the check without --strict."
    return click.style(line, fg="red" if result.failed(strict=strict) else "yellow")


def _block(diag: Diagnostic, result: Result) -> str:
    label = diag.code if diag.severity is Severity.ERROR else f"{diag.code} warning:"
    color = "red" if diag.severity is Severity.ERROR else "yellow"
    lines = [
        f"{click.style(str(diag.location), bold=True)}: "
        f"{click.style(label, fg=color)} {diag.message}"
    ]
    source = result.sources.get(diag.location.path)
    quoted = source.line(diag.location.line) if source is not None else ""
    if quoted.strip():
        number = str(diag.location.line)
        pad = " " * len(number)
        start = max(diag.location.column - 1, 0)
        token = _TOKEN.match(quoted, start)
        width = max(len(token.group(0).rstrip(":")) if token else 1, 1)
        lines.append(f"  {number} | {quoted}")
        lines.append(f"  {pad} | {' ' * start}{click.style('^' * width, fg=color)}")
    if diag.hint:
        hint_lines = diag.hint.splitlines()
        lines.append(f"  = hint: {hint_lines[0]}")
        lines.extend(f"          {extra}" for extra in hint_lines[1:])
    return "\n".join(lines)
