"""Commands that record approvals."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from generator.cli.options import config_option, resolve_config
from generator.digest import short
from generator.reporting import REPORTERS
from generator.signoff.approval import approve as record_approval
from generator.signoff.review import commit_recorded, read_event
from generator.signoff.review import record_review as review_event


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as", "person", required=True, metavar="PERSON_ID", help="Roster id of the signatory."
)
@click.option(
    "--date",
    "when",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date of the approval, YYYY-MM-DD; today by default.",
)
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The signatory's SSH private key (as for git commit signing): the approval is "
    "signed with it, and the roster must list its public half for PERSON_ID.",
)
def approve(file: Path, person: str, when: object, key: Path | None) -> None:
    """Record PERSON_ID's approval of FILE's current content.

    The sign-off carries the content digest, so any later change to the content makes
    it stale. With --key it also carries PERSON_ID's SSH signature of the approval
    (made by ssh-keygen, which asks for the key's passphrase), which `validate` checks
    against the keys the roster lists for them. Comments and layout of the file are kept
    as they are.
    """
    day = when.date() if hasattr(when, "date") else date.today()
    outcome, result = record_approval(file, person, day, key)
    if outcome is None:
        click.echo(REPORTERS["text"](result, False), nl=False, err=True)
        click.echo("Not approved: fix the errors above first.", err=True)
        sys.exit(1)
    if outcome.unchanged:
        click.echo(f"{file}: `{person}` already approved this content ({short(outcome.digest)}).")
        return
    verb = "Renewed" if outcome.replaced else "Recorded"
    signed = ", signed with their key" if key is not None else ""
    click.echo(
        f"{verb} the {outcome.party} sign-off by `{person}` on {day.isoformat()} "
        f"for {file} ({short(outcome.digest)}{signed})."
    )
    if outcome.approved_from is not None:
        click.echo(
            f"Both parties have now signed its current content: its status moved from "
            f"`{outcome.approved_from}` to `approved`."
        )


@click.command(name="approve-review")
@click.argument(
    "event",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GITHUB_EVENT_PATH",
    required=True,
)
@click.option(
    "--key",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The review notary's SSH private key, whose public half the engagement's "
    "`review_notary` lists (a secret of the workflow).",
)
@click.option(
    "--commit/--no-commit",
    default=False,
    help="Commit the sign-offs recorded, naming the review.",
)
@config_option
def approve_review(event: Path, key: Path, commit: bool, config_path: Path | None) -> None:
    """Record the sign-offs an approving pull request review gives.

    EVENT is GitHub's `pull_request_review` event payload ($GITHUB_EVENT_PATH in a
    workflow). For each playbook document the pull request changes, the reviewer's
    sign-off is recorded when the review approved the pull request's head (checked
    out), the reviewer is on the engagement's roster by their `github:` handle and signs
    that kind of document for their party, and the engagement's `review_notary` is this
    repository's. Each sign-off names the review and the commit, and is signed with the
    notary's key.

    The pull request comment saying what was recorded and what was refused, and why, is
    written to standard output. Exit code 1 when the review approved but recorded
    nothing.
    """
    happened = review_event(read_event(event), key, resolve_config(config_path), Path.cwd())
    click.echo(happened.comment(), nl=False)
    if commit and commit_recorded(Path.cwd(), happened):
        click.echo("Committed the sign-offs recorded.", err=True)
    if happened.event.approves and not happened.recorded:
        sys.exit(1)


COMMANDS = (approve, approve_review)
