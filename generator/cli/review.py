"""Commands for reviewing changes: diff (a change summary) and codeowners (required reviewers)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import codeowners as owners
from generator.cli.options import config_option, resolve_config
from generator.diagnostics import Severity
from generator.diffing import FORMATS, compare, load_side
from generator.diffing.revisions import Repository, RevisionError
from generator.loading import display_path
from generator.models import Engagement
from generator.reporting import REPORTERS
from generator.validation import Result, validate
from generator.writing import write_text


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="markdown for a pull-request comment, text for a terminal, json for tools.",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when anything changed, 0 when nothing did.")
@config_option
def diff(base: str, head: str | None, fmt: str, exit_code: bool, config_path: Path | None) -> None:
    """Summarise what changed in the playbooks from BASE to HEAD, in plain words.

    BASE and HEAD are git revisions (main, origin/main, a commit id) or folders of
    playbooks; HEAD is the working tree when left out. Both sides are validated, so
    the summary also lists problems that are new or fixed. Targets, dates, owners,
    escalation levels and certification items are compared by their ids: moving an
    item within its list is not a change.
    """
    config = resolve_config(config_path)
    comparison = compare(load_side(base, config), load_side(head, config), config.today)
    click.echo(FORMATS[fmt](comparison), nl=False)
    sys.exit(1 if exit_code and comparison.changed else 0)


@click.command()
@click.option("--check", is_flag=True, help="Only check that the file is up to date.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CODEOWNERS file to write; default: the one GitHub reads, else .github/CODEOWNERS.",
)
@config_option
def codeowners(check: bool, output: Path | None, config_path: Path | None) -> None:
    """Require reviews from each engagement's accountable people on both sides.

    Writes a block into the CODEOWNERS file that gives each engagement's folder to
    the people marked `accountable: true` with a `github` handle in its roster.
    Lines outside the block are kept as they are.
    """
    config = resolve_config(config_path)
    result = validate((), config)
    if _engagement_errors(result):
        sys.exit(1)
    try:
        repository = Repository.around(config.base)
    except RevisionError:  # no git: the settings folder is taken as the top
        repository = None
    top = repository.top if repository is not None else config.base
    path = output or owners.default_location(top)
    plan = owners.plan(result.portfolio, top, path)
    shown = display_path(path)
    for gap in plan.gaps:
        click.echo(f"warning: {gap}", err=True)
    if check:
        if plan.up_to_date:
            click.echo(f"{shown}: up to date.")
            return
        state = "missing" if plan.current is None else "out of date"
        click.echo(f"{shown}: {state}; run `playbook codeowners` to update it.")
        if plan.current is not None:
            found = owners.current_block(plan.current, path) or ""
            click.echo(owners.unified(found, plan.generated, shown), nl=False)
        sys.exit(1)
    if plan.up_to_date:
        click.echo(f"{shown}: up to date.")
        return
    write_text(path, plan.update.text)
    count = len(result.portfolio.playbooks)
    click.echo(f"Wrote {shown}: {count} engagement{'s' if count != 1 else ''}.")
    if plan.update.kept:
        click.echo(f"Kept {plan.update.kept} hand-written rules outside the generated block.")
    if plan.update.after:
        click.echo(
            f"warning: {plan.update.after} hand-written rules after the generated block take "
            "precedence over it for the files they match (the last matching rule wins).",
            err=True,
        )


def _engagement_errors(result: Result) -> bool:
    """Report engagement files that could not be read: their rosters would go missing."""
    loaded = {playbook.engagement.source.display for playbook in result.portfolio.playbooks}
    unread = {
        display
        for display in result.sources
        if display not in loaded and _is_engagement(result, display)
    }
    blocking = [
        diag
        for diag in result.diagnostics
        if diag.severity is Severity.ERROR and diag.location.path in unread
    ]
    if not unread:
        return False
    only = Result(result.portfolio, tuple(blocking), result.sources, len(unread))
    click.echo(REPORTERS["text"](only, False), nl=False, err=True)
    click.echo("CODEOWNERS not changed: fix the engagement files first.", err=True)
    return True


def _is_engagement(result: Result, display: str) -> bool:
    """Whether the file is (or, unreadable, looks like) an engagement file."""
    source = result.sources.get(display)
    return source is not None and source.kind == Engagement.KIND


COMMANDS = (diff, codeowners)
