"""`playbook rename`: another id for a person of the roster, in every file."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import config_option, resolve_config
from generator.loading import display_path
from generator.renaming import rename


@click.command(name="rename")
@click.argument("person_id")
@click.argument("new_id")
@click.option("--engagement", metavar="ID", help="The engagement whose roster holds PERSON_ID.")
@config_option
def rename_command(
    person_id: str, new_id: str, engagement: str | None, config_path: Path | None
) -> None:
    """Rename the roster id PERSON_ID to NEW_ID in every file of its engagement.

    The roster entry and every place that names the person (owners, receivers,
    assessors, sign-offs) change; comments and layout stay. A NEW_ID already on the
    roster is refused. A document whose sign-offs named the person, or whose content
    names them, needs approving again.
    """
    done = rename(resolve_config(config_path), person_id, new_id, engagement)
    noun = "place" if done.places == 1 else "places"
    files = len(done.files)
    click.echo(
        f"Renamed `{person_id}` to `{new_id}` in {done.places} {noun} of {files} "
        f"file{'s' if files != 1 else ''} of {done.engagement}:"
    )
    for path in done.files:
        click.echo(f"  {display_path(path)}")
    if done.comments:
        click.echo(
            f"Comments still name `{person_id}` (left as written): " + ", ".join(done.comments),
            err=True,
        )


COMMANDS = (rename_command,)
