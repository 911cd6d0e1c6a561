"""Plain-text report: ``path:line:col: CODE message``, the source line, and a hint."""

from __future__ import annotations

import re
import unicodedata

import click

from generator.diagnostics import Diagnostic, Findings, Severity

_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")
_STOP = re.compile(r":\s|:$|\s#")
_FLOW_STOP = re.compile(r"[,\]\}]")
#: Longest source line quoted as it is; longer ones are cut around the column.
MAX_LINE = 120
#: How a quoted line shows characters that are invisible; a tab is an arrow.
_SHOWN = {"\t": "→"}


def render(result: Findings, strict: bool) -> str:
    blocks = [_block(diag, result) for diag in result.diagnostics]
    blocks.append(summary(result, strict))
    return "\n".join(blocks) + "\n"


def summary(result: Findings, strict: bool) -> str:
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
    if affected > result.files:  # files found but not read (a dangling link, a pipe)
        where = f"{affected} file{'s' if affected != 1 else ''}, {result.files} of them read"
    else:
        where = f"{affected} of {files}"
    line = f"Found {' and '.join(parts)} in {where}."
    if warnings and not errors and not strict:
        line += " Warnings do not fail the check without --strict."
    return click.style(line, fg="red" if result.failed(strict=strict) else "yellow")


def _window(line: str, column: int) -> tuple[str, int]:
    """The part of ``line`` to show, and the column within it."""
    if len(line) <= MAX_LINE:
        return line, column
    begin = max(column - 40, 0)
    part = line[begin : begin + MAX_LINE - 2]
    prefix = "…" if begin else ""
    return prefix + part + "…", column - begin + len(prefix)


def _visible(line: str) -> str:
    """``line`` with invisible and direction-changing characters made visible.

    A quoted line must read as it is stored: a right-to-left override would reverse
    the rest of the terminal line. One character stays one, so columns still match.
    """
    if line.isprintable():
        return line
    return "".join(
        char
        if char.isprintable() or unicodedata.category(char) == "Zs"
        else _SHOWN.get(char, "\ufffd")
        for char in line
    )


def _token_width(line: str, start: int) -> int:
    """How many characters the value or key starting at ``start`` spans."""
    rest = line[start:]
    if not rest or rest[0] in "[{":
        return 1
    quoted = _QUOTED.match(rest)
    if quoted:
        return len(quoted.group(0))
    stop = _STOP.search(rest)
    token = rest[: stop.start()] if stop else rest
    if "[" in line[:start] or "{" in line[:start]:
        flow = _FLOW_STOP.search(token)
        token = token[: flow.start()] if flow else token
    return max(len(token.rstrip()), 1)


def _block(diag: Diagnostic, result: Findings) -> str:
    label = diag.code if diag.severity is Severity.ERROR else f"{diag.code} warning:"
    color = "red" if diag.severity is Severity.ERROR else "yellow"
    lines = [
        f"{click.style(str(diag.location), bold=True)}: "
        f"{click.style(label, fg=color)} {diag.message}"
    ]
    quoted = result.quote(diag.location.path, diag.location.line)
    if quoted.strip():
        number = str(diag.location.line)
        pad = " " * len(number)
        shown, start = _window(_visible(quoted), max(diag.location.column - 1, 0))
        width = diag.location.width or _token_width(shown, start)
        lines.append(f"  {number} | {shown}")
        lines.append(f"  {pad} | {' ' * start}{click.style('^' * width, fg=color)}")
    if diag.hint:
        hint_lines = diag.hint.splitlines()
        lines.append(f"  = hint: {hint_lines[0]}")
        lines.extend(f"          {extra}" for extra in hint_lines[1:])
    return "\n".join(lines)
