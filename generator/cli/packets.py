"""`playbook packet`: one PDF a prospect can trust, built from the playbook itself."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from generator.audience import ReaderName
from generator.building.packets import write_packet
from generator.cli.options import (
    audience_option,
    config_option,
    force_option,
    resolve_config,
    selected,
)
from generator.pdf.packet.build import PacketPlan
from generator.pdf.packet.contents import Cover
from generator.validation import Result


@click.command()
@click.argument("engagement")
@audience_option(
    "prospect",
    "Who the packet is for. prospect and client copies leave out everything marked for "
    "a narrower audience; internal adds the readiness review and the internal notes.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The PDF to write, or the folder with --split. "
    "Default: ENGAGEMENT-AUDIENCE.pdf in build/internal/packets, or in "
    "build/AUDIENCE/ENGAGEMENT/packets for a client or prospect (a folder with --split).",
)
@click.option("--split", is_flag=True, help="Write each part as a PDF of its own into a folder.")
@click.option("--strict", is_flag=True, help="Exit 1 when the playbook leaves something unstated.")
@click.option(
    "--date",
    "prepared",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The date the packet is prepared, on its cover; today by default "
    "(SOURCE_DATE_EPOCH or PLAYBOOK_TODAY fix it).",
)
@click.option(
    "--to",
    "recipient",
    metavar="NAME",
    help='Whom the cover names, e.g. "Nina Park, VP Sales"; the client\'s accountable '
    "person by default.",
)
@force_option
@config_option
def packet(
    engagement: str,
    audience: ReaderName,
    output: Path | None,
    split: bool,
    strict: bool,
    prepared: datetime | None,
    recipient: str | None,
    force: bool,
    config_path: Path | None,
) -> None:
    """Build the proposal packet of ENGAGEMENT: one PDF to send before the contract.

    A cover with the vendor's logo, a linked table of contents, an executive summary,
    the prospect's five questions answered from the data (launch plan with owners,
    what is tested before going live, what follows a missed day-30 target, the day-14
    review, the launch-on-schedule record), then the brief, the 30/60/90-day plan, the
    escalation matrix and the certification gate. Sign it with `playbook sign`.

    Whatever the playbook does not state is printed as "not stated" and listed here
    with its place, so it can be written before the packet goes out.
    """
    config = resolve_config(config_path)
    selection = selected(config, (engagement,), audience)
    cover = Cover(prepared.date() if prepared else config.today, recipient)
    done = write_packet(selection, config, output, cover=cover, split=split, force=force)
    count = len(done.written)
    click.echo(
        f"Wrote the {audience} packet of {engagement} to {done.target} "
        f"({count} {'file' if count == 1 else 'files'})."
    )
    result = selection.result
    _report(done.plan, result, engagement)
    broken = _broken(result, engagement)
    sys.exit(1 if broken or (strict and done.plan.gaps) else 0)


def _report(plan: PacketPlan, result: Result, engagement: str) -> None:
    if plan.gaps:
        count = len(plan.gaps)
        things = f"{count} thing{'s' if count != 1 else ''}"
        click.echo(
            f"The packet lacks {things} its reader would look for; it says so where each belongs:",
            err=True,
        )
        for gap in plan.gaps:
            click.echo(f"{gap}", err=True)
            if gap.hint:
                click.echo(f"  = hint: {gap.hint}", err=True)
    if plan.skipped:
        click.echo("Not written, their documents are missing: " + ", ".join(plan.skipped), err=True)
    for kind in _broken(result, engagement):
        click.echo(f"Left out, its file has errors: {engagement}: {kind}", err=True)


def _broken(result: Result, engagement: str) -> list[str]:
    playbook = result.portfolio.get(engagement)
    return sorted(playbook.broken) if playbook is not None else []


COMMANDS = (packet,)
