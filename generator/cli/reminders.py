"""`playbook remind`: what each person owes, for an issue, an inbox or a chat."""

from __future__ import annotations

from pathlib import Path

import click

from generator.audience import VENDOR_TEAM, reader_folder
from generator.cli.options import (
    config_option,
    folder_force_option,
    resolve_config,
    selected,
    stop_on_errors,
)
from generator.reminding import (
    email_messages,
    json_text,
    markdown_digest,
    reminders,
    sender_address,
)
from generator.views.duties import HORIZON_DAYS
from generator.views.text import long_date
from generator.writing import claim, staged_folder


@click.command(name="remind")
@click.argument("engagements", nargs=-1, metavar="[ENGAGEMENT]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "email", "json"]),
    default="markdown",
    show_default=True,
    help="markdown: a digest per engagement for a GitHub issue; email: a message per "
    "person; json: per engagement, for chat webhooks.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day the reminders are for, YYYY-MM-DD; the settings' day (today) by default.",
)
@click.option(
    "--days",
    "horizon",
    type=click.IntRange(min=0, max=366),
    default=HORIZON_DAYS,
    show_default=True,
    help="How many days ahead count as due.",
)
@click.option(
    "--from",
    "sender",
    metavar="ADDRESS",
    help="The sender of the e-mails, such as 'Harbor CX <reminders@harborcx.example>' "
    "(needed with --format email).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the reminders, replaced whole. Default: build/internal/reminders.",
)
@folder_force_option
@config_option
def remind(
    engagements: tuple[str, ...],
    fmt: str,
    as_of: object,
    horizon: int,
    sender: str | None,
    output: Path | None,
    force: bool,
    config_path: Path | None,
) -> None:
    """Write what each person of each ENGAGEMENT owes (all by default).

    For each person: what is overdue, what falls due in the next --days, the documents
    that wait for their sign-off and their corrective actions due later. The Markdown
    digest (ENGAGEMENT.md, one per engagement) @-mentions each person's GitHub handle,
    for an issue that notifies them; the JSON (ENGAGEMENT.json) is the same for a chat
    webhook. Both parties read those, so they hold only what the client may read. An
    e-mail (ENGAGEMENT/PERSON.eml, RFC 5322, for any mail relay) goes to one person and
    holds what their party may read.
    """
    if fmt == "email" and not sender:
        raise click.UsageError("--format email needs --from ADDRESS, the sender of the e-mails")
    from_header = sender_address(sender) if sender else ""
    config = resolve_config(config_path)
    selection = selected(config, engagements, VENDOR_TEAM)
    if selection.result.failed():  # warnings (what is late) are what the reminders say
        stop_on_errors(selection.result, "No reminders were written")
    day = as_of.date() if hasattr(as_of, "date") else config.today
    found = reminders(selection.portfolio, day, horizon)
    target = output or reader_folder(VENDOR_TEAM) / "reminders"
    claim(target, force=force, keep_out=(config.root,))
    written = 0
    with staged_folder(target, keep_out=(config.root,)) as staging:
        for each in found:
            ident = each.playbook.id
            if fmt == "markdown":
                (staging / f"{ident}.md").write_text(markdown_digest(each), encoding="utf-8")
                written += 1
            elif fmt == "json":
                (staging / f"{ident}.json").write_text(json_text(each), encoding="utf-8")
                written += 1
            else:
                messages = email_messages(each, from_header)
                if messages:
                    (staging / ident).mkdir()
                for person, message in messages.items():
                    (staging / ident / f"{person}.eml").write_bytes(message)
                written += len(messages)
                unreachable = [
                    a.person.name for a in each.own if not a.person.email and not a.empty
                ]
                if unreachable:
                    click.echo(
                        f"{ident}: no e-mail address for " + ", ".join(unreachable), err=True
                    )
    what = {"markdown": "digest", "json": "JSON file", "email": "e-mail"}[fmt]
    click.echo(
        f"Wrote {written} {what}{'s' if written != 1 else ''} as of {long_date(day)} to {target}."
    )


COMMANDS = (remind,)
