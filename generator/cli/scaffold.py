"""`playbook new`: start an engagement from a commented skeleton."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from generator.cli.options import config_option, resolve_config
from generator.loading import display_path
from generator.scaffold import scaffold


@click.command()
@click.argument("engagement_id")
@click.option(
    "--type",
    "kind",
    type=click.Choice(["support", "sales"]),
    default="support",
    show_default=True,
    help="support: inbound customer care transition; sales: outbound or inbound sales calling.",
)
@click.option("--client", help="Client company name.")
@click.option("--vendor", help="Vendor company name.")
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Day 1 of the engagement, YYYY-MM-DD; today by default.",
)
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone name.")
@config_option
def new(
    engagement_id: str,
    kind: str,
    client: str | None,
    vendor: str | None,
    start: datetime | None,
    timezone: str,
    config_path: Path | None,
) -> None:
    """Write a skeleton of every document for ENGAGEMENT_ID into the playbooks root.

    The skeleton validates once every TODO placeholder is filled in. Existing files
    are never overwritten.
    """
    root = resolve_config(config_path).root
    written = scaffold(
        root,
        engagement_id,
        kind,  # type: ignore[arg-type]
        client=client,
        vendor=vendor,
        start=start.date() if start else date.today(),
        timezone=timezone,
    )
    for path in written:
        click.echo(f"wrote {display_path(path)}")
    folder = display_path(root / engagement_id)
    click.echo(f"Fill in every TODO and todo- id, then run: playbook validate {folder}")


COMMANDS = (new,)
