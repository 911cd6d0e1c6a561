"""`playbook results import` and `playbook results export`: checkpoint results as tables."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from generator.audience import VENDOR_TEAM, ReaderName
from generator.cli.options import F, config_option, export_options, resolve_config, stop_on_errors
from generator.computing.compute import compute
from generator.computing.profiles import load_profile
from generator.computing.queries import computable
from generator.config import Config
from generator.diagnostics import Diagnostic, Severity, bounded, count
from generator.errors import PlaybookError
from generator.loading import display_path
from generator.loading.tables import read_table
from generator.models import Checkpoint
from generator.models.scorecard import Scorecard
from generator.portfolio import Playbook
from generator.recording.computed import as_results
from generator.recording.export import export_csv
from generator.recording.rows import results_of, window
from generator.recording.scorecard_file import record
from generator.reporting import REPORTERS
from generator.selection import select
from generator.validation import validate
from generator.writing import refuse_unsafe_file, write_bytes


@dataclass(frozen=True)
class _Rows:
    """The problems of one export, in the shape reporters take."""

    diagnostics: tuple[Diagnostic, ...]
    lines: tuple[str, ...]
    shown: str
    files: int = 1

    def count(self, severity: Severity) -> int:
        return count(self.diagnostics, severity)

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.diagnostics)

    def quote(self, path: str, line: int) -> str:
        return self.lines[line - 1] if path == self.shown and 0 < line <= len(self.lines) else ""


@click.group(name="results")
def results_group() -> None:
    """Record checkpoint results from spreadsheet exports, and export them again."""


def _engagement_option(command: F) -> F:
    return click.option(
        "--engagement", "engagement", required=True, metavar="ID", help="The engagement."
    )(command)


def _day_option(command: F) -> F:
    return click.option(
        "--day", type=int, required=True, help="The checkpoint day of the plan, such as 30."
    )(command)


@results_group.command(name="import")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite values already recorded.")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option(
    "--date-format",
    "date_form",
    metavar="FORMAT",
    help="The form of TABLE's dates, as strftime writes it: %m/%d/%Y (United States), "
    "%d/%m/%Y, %d.%m.%Y... Without it, a date that reads two ways is refused.",
)
@_day_option
@_engagement_option
@config_option
def import_command(
    table: Path,
    engagement: str,
    day: int,
    replace: bool,
    dry_run: bool,
    date_form: str | None,
    config_path: Path | None,
) -> None:
    """Record the results in TABLE (CSV or XLSX) for checkpoint --day of --engagement.

    TABLE has a header row naming its columns: metric (an id or a name from the metric
    catalog) and value, and optionally unit, period_start, period_end, source and note.
    Dates may be ISO (2026-11-30), written out (30 Nov 2026) or numeric (11/30/2026); one
    that reads two ways (02/08/2027) needs --date-format.
    Every bad cell is reported with its row and column, and then nothing is written.
    Values already recorded are kept unless --replace is given; root causes and actions
    stay either way. Comments and layout of results.yaml are kept.
    """
    config = resolve_config(config_path)
    playbook, checkpoint = _checkpoint(config, engagement, day)
    shown = display_path(table)
    sheet = read_table(table, shown)
    found, problems = results_of(sheet, playbook, checkpoint, date_form)
    if problems:
        report = _Rows(
            bounded(sorted(problems, key=Diagnostic.sort_key)), tuple(sheet.lines), shown
        )
        click.echo(REPORTERS["text"](report, False), nl=False, err=True)
        click.echo("Nothing was recorded: fix the rows above first.", err=True)
        sys.exit(1)
    if not found:
        raise PlaybookError(f"{shown}: no rows to record")
    card = playbook.member(Scorecard.KIND)
    target = card.source.path if card is not None else playbook.folder / Scorecard.FILE_NAME
    changes = record(target, day, found, replace=replace, dry_run=dry_run)
    for change in changes:
        click.echo(str(change))
    written = [c for c in changes if c.action in ("added", "observed", "replaced")]
    verb = "Would record" if dry_run else "Recorded"
    click.echo(f"{verb} {len(written)} of {len(changes)} results in {display_path(target)}.")
    if written and not dry_run:
        _next_steps(config, target)


@results_group.command(name="compute")
@click.argument("exports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    default="generic",
    show_default=True,
    help="How to read the exports: a shipped profile by name, or a TOML profile file.",
)
@click.option("--replace", is_flag=True, help="Overwrite values already recorded.")
@click.option("--dry-run", is_flag=True, help="Say what would be recorded; write nothing.")
@_day_option
@_engagement_option
@config_option
def compute_command(
    exports: tuple[Path, ...],
    profile: str,
    engagement: str,
    day: int,
    replace: bool,
    dry_run: bool,
    config_path: Path | None,
) -> None:
    """Compute the results of checkpoint --day of --engagement from contact EXPORTS.

    Each metric the checkpoint targets whose catalog definition names a method is
    computed over the contacts offered in the checkpoint's period, by the method's SQL,
    and recorded with its provenance: the exports' digests, the profile, the method and
    its parameters, and the contacts counted and excluded. EXPORTS are CSV, XLSX or
    Parquet files with one row per contact; --profile says which column holds what
    (shipped: generic, zendesk-talk, amazon-connect).
    """
    config = resolve_config(config_path)
    playbook, checkpoint = _checkpoint(config, engagement, day)
    targeted = [t.metric for t in checkpoint.targets]
    metrics = [playbook.metrics[m] for m in dict.fromkeys(targeted) if m in playbook.metrics]
    methodical = [m for m in metrics if m.method is not None and computable(m.method)]
    skipped = [m.id for m in metrics if m not in methodical]
    if not methodical:
        raise PlaybookError(
            f"no metric the day-{day} checkpoint targets has a method computed from contacts "
            f"({', '.join(skipped)}): give them a `method:` in the metric catalog"
        )
    span = window(playbook, checkpoint)
    found = compute(
        list(exports),
        load_profile(profile),
        (span.first, span.last),
        methodical,
        playbook.engagement.model.spec.timezone,
    )
    card = playbook.member(Scorecard.KIND)
    target = card.source.path if card is not None else playbook.folder / Scorecard.FILE_NAME
    results = as_results(
        found, playbook.metrics, set(targeted), (span.first, span.last), target.parent
    )
    changes = record(target, day, results, replace=replace, dry_run=dry_run)
    for change in changes:
        click.echo(str(change))
    offered = (
        f", {found.not_offered:,} not contacts offered to the queue (the profile's [only])"
        if found.not_offered
        else ""
    )
    click.echo(
        f"{found.rows:,} rows read: {found.excluded:,} excluded (a time, outcome or wait that "
        f"does not read), {found.outside:,} outside {span.first} to {span.last}{offered}."
    )
    if skipped:
        click.echo(f"Not computed (no method computed from contacts): {', '.join(skipped)}.")
    for metric, why in found.unread.items():
        click.echo(f"Not computed: `{metric}`, because {why}.")
    written = [c for c in changes if c.action in ("added", "observed", "replaced")]
    verb = "Would record" if dry_run else "Recorded"
    click.echo(f"{verb} {len(written)} of {len(changes)} results in {display_path(target)}.")
    if written and not dry_run:
        _next_steps(config, target)


def _checkpoint(
    config: Config, engagement: str, day: int, audience: ReaderName = VENDOR_TEAM
) -> tuple[Playbook, Checkpoint]:
    """The engagement as ``audience`` sees it, and its plan's checkpoint on ``day``."""
    result = validate((), config)
    selection = select(result, config, (engagement,), audience)
    (playbook,) = selection.portfolio.playbooks
    if Scorecard.KIND in playbook.broken or playbook.ramp is None:
        stop_on_errors(selection.result, "Nothing was recorded")
        raise PlaybookError(f"`{engagement}` has no 30/60/90-day plan to record results against")
    plan = playbook.ramp.model.spec.checkpoints if playbook.ramp else ()
    checkpoint = next((c for c in plan if c.day == day), None)
    if checkpoint is None:
        days = ", ".join(str(c.day) for c in plan)
        raise click.BadParameter(f"the plan has no checkpoint on day {day} (days: {days})")
    return playbook, checkpoint


def _next_steps(config: Config, target: Path) -> None:
    """What the merge gate now asks of the results just written (a miss needs a cause)."""
    result = validate((), config)
    mine = tuple(d for d in result.diagnostics if d.location.path == display_path(target))
    if mine:
        shown = _Rows(
            mine, tuple(target.read_text(encoding="utf-8").splitlines()), mine[0].location.path
        )
        click.echo(REPORTERS["text"](shown, False), nl=False, err=True)


@results_group.command(name="export")
@export_options(
    "Default: standard output.",
    "internal (every result), client or prospect (results and notes marked for a narrower "
    "audience are left out).",
)
@_day_option
@_engagement_option
@config_option
def export_command(
    engagement: str, day: int, output: Path | None, audience: ReaderName, config_path: Path | None
) -> None:
    """Write the results recorded for checkpoint --day as CSV (standard output by default),
    as --audience may see them."""
    config = resolve_config(config_path)
    playbook, _ = _checkpoint(config, engagement, day, audience)
    text = export_csv(playbook, day)
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    if output.exists():
        raise PlaybookError(f"{output} exists; choose another name")
    refuse_unsafe_file(output, keep_out=(config.root,))
    write_bytes(output, text.encode("utf-8"))
    click.echo(f"wrote {output} ({audience} copy)")


COMMANDS = (results_group,)
