"""The change summary as Markdown (a pull-request comment), plain text, or JSON.

Markdown and text come from Jinja2 templates that only loop and print. In the
Markdown environment every printed value passes through :func:`generator.views.gfm.inline`,
so no text from a playbook can add markup, break a table or mention anyone.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Final

import jinja2

from generator.diffing.changes import Comparison
from generator.diffing.phrases import FILTERS
from generator.reporting.json_report import diagnostic_data
from generator.views.gfm import Safe, code, inline, plain

FORMAT_VERSION: Final = 1
#: GitHub refuses comments over 65,536 characters; leave room for the action's marker.
COMMENT_LIMIT: Final = 60_000
#: Rows per table (and problems per list) tried in turn until the comment fits.
_ROW_LIMITS: Final = (1_000_000, 50, 10, 0)


def markdown(comparison: Comparison) -> str:
    """A pull-request comment; long lists are cut so that it fits in one comment."""
    template = _environment("md").get_template("diff.md.j2")
    for limit in _ROW_LIMITS:
        text = _tidy(template.render(c=comparison, limit=limit))
        if len(text) <= COMMENT_LIMIT:
            break
    return text


def text(comparison: Comparison) -> str:
    """The summary for a terminal."""
    template = _environment("txt").get_template("diff.txt.j2")
    return _tidy(template.render(c=comparison))


def as_json(comparison: Comparison) -> str:
    """Everything the comparison found, as data."""
    payload = {
        "version": FORMAT_VERSION,
        "changed": comparison.changed,
        "base": dataclasses.asdict(comparison.base),
        "head": dataclasses.asdict(comparison.head),
        "summary": {
            "changes": comparison.change_count,
            "stale_signoffs": comparison.stale_count,
            "loosened": comparison.loosened,
            "new_problems": len(comparison.new_problems),
            "fixed_problems": len(comparison.fixed_problems),
        },
        "engagements": [dataclasses.asdict(e) for e in comparison.engagements],
        "shared": [dataclasses.asdict(d) for d in comparison.shared],
        "files": [dataclasses.asdict(f) for f in comparison.files],
        "problems": {
            "new": [diagnostic_data(d) for d in comparison.new_problems],
            "fixed": [diagnostic_data(d) for d in comparison.fixed_problems],
            "open": [diagnostic_data(d) for d in comparison.open_problems],
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


FORMATS: Final[dict[str, Callable[[Comparison], str]]] = {
    "markdown": markdown,
    "text": text,
    "json": as_json,
}


def reviewers_markdown(reviewers: Mapping[str, tuple[str, ...]]) -> Safe:
    """``client `@a` `@b`, vendor `@c```: handles in code spans, so nobody is mentioned."""
    return Safe(
        ", ".join(
            f"{party} " + " ".join(code(handle) for handle in handles)
            for party, handles in reviewers.items()
            if handles
        )
    )


def reviewers_text(reviewers: Mapping[str, tuple[str, ...]]) -> str:
    return "; ".join(
        f"{party} {' '.join(handles)}" for party, handles in reviewers.items() if handles
    )


def line_col(location: str) -> str:
    """``playbooks/acme/brief.yaml:88:9`` -> ``88:9``."""
    parts = location.rsplit(":", 2)
    return ":".join(parts[1:]) if len(parts) == 3 else location


@cache
def _environment(flavour: str) -> jinja2.Environment:
    markdown = flavour == "md"
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.diffing", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown is escaped by `finalize`, not as HTML
        finalize=inline if markdown else _plain_value,
    )
    env.filters.update(FILTERS)
    env.filters["code"] = code if markdown else plain
    env.filters["reviewers"] = reviewers_markdown if markdown else reviewers_text
    env.filters["line_col"] = line_col
    return env


def _plain_value(value: Any) -> Any:
    return plain(value) if isinstance(value, str) else value


def _tidy(rendered: str) -> str:
    """At most one blank line in a row, and one newline at the end."""
    lines: list[str] = []
    for line in rendered.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"
