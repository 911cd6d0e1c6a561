"""`playbook review`: score an engagement against the red flags before a prospect does."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from generator.cli.options import config_option, format_option, resolve_config, selected
from generator.readiness import FlagResult, Readiness, review
from generator.reporting.json_report import FORMAT_VERSION, diagnostic_data


@click.command(name="review")
@click.argument("engagement")
@format_option
@config_option
def review_command(engagement: str, fmt: str, config_path: Path | None) -> None:
    """Score ENGAGEMENT against the red flags a reviewer looks for before signing.

    Each flag passes or fails, with the reason and the place in the playbook: a signed
    brief, a dated timeline with named owners, a certification gate, a day-30 review,
    numeric targets with quality minimums, an escalation matrix before go-live, four
    weeks of onboarding, tiers handed over one at a time, a fee at risk of 5-15%.
    Every flag is checked whatever the settings select. Exits 1 when a flag fails.
    """
    config = resolve_config(config_path)
    result = selected(config, (engagement,)).result
    readiness = review(result, engagement, config)
    click.echo(as_json(readiness) if fmt == "json" else as_text(readiness))
    sys.exit(0 if readiness.ready else 1)


_MARKS = {
    "passed": click.style("pass", fg="green"),
    "accepted": click.style("risk", fg="yellow"),
    "failed": click.style("FAIL", fg="red"),
}


def as_text(readiness: Readiness) -> str:
    """The review for a terminal: one block per flag, problems as validate prints them."""
    lines = [f"Readiness review of {readiness.title} ({readiness.engagement})", ""]
    for item in readiness.results:
        lines.append(f"{_MARKS[item.state]} {item.flag.number}. {item.flag.title}")
        if item.state != "failed":
            lines.append(f"       {item.reason}")
            lines.append(f"       {item.location}")
        if item.state == "failed":
            for found in item.findings:
                lines.append(f"       {found}")
                if found.hint:
                    lines.append(f"         = hint: {found.hint}")
    summary = f"{readiness.passed} of {len(readiness.results)} checks pass"
    if readiness.accepted:
        count = len(readiness.accepted)
        summary += f", {count} red flag{'s' if count != 1 else ''} accepted in the brief"
    if readiness.failed:
        count = len(readiness.failed)
        summary += f"; {count} red flag{'s' if count != 1 else ''} to fix."
    else:
        summary += ": no red flags to fix."
    lines += ["", click.style(summary, fg="red" if readiness.failed else "green")]
    return "\n".join(lines)


def as_json(readiness: Readiness) -> str:
    """The review for tools; each problem in the shape of `validate --format json`."""
    data = {
        "version": FORMAT_VERSION,
        "engagement": readiness.engagement,
        "title": readiness.title,
        "ready": readiness.ready,
        "flags": [_flag(item) for item in readiness.results],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _flag(item: FlagResult) -> dict[str, Any]:
    where = item.location
    return {
        "number": item.flag.number,
        "title": item.flag.title,
        "codes": list(item.flag.codes),
        "passed": item.passed,
        "state": item.state,
        "reason": item.reason,
        "path": where.path,
        "line": where.line,
        "column": where.column,
        "findings": [diagnostic_data(found) for found in item.findings],
    }


COMMANDS = (review_command,)
