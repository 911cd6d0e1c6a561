"""`playbook build`: validate, then produce every output into one folder."""

from __future__ import annotations

from pathlib import Path

import click

from generator.audience import VENDOR_TEAM, ReaderName
from generator.building import Event, FolderBuilt, Step, Validated, build
from generator.cli.options import (
    audience_option,
    config_option,
    engagements_option,
    engine_option,
    folder_force_option,
    resolve_config,
    say_set_aside,
    stop_on_errors,
)
from generator.cli.profile import Profile
from generator.cli.progress import progress_bars
from generator.config import Config
from generator.selection import InvalidPlaybooksError, UnnamedEngagementError
from generator.site.build import ENGINES


@click.command(name="build")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs, replaced whole. Default: build/internal, or "
    "build/AUDIENCE/ENGAGEMENT for a client or prospect.",
)
@audience_option(
    VENDOR_TEAM,
    "Who the outputs are for: internal (everything), client or prospect. Client and "
    "prospect outputs leave out everything marked for a narrower audience.",
)
@engagements_option(
    "Build only this engagement (repeatable). A client or prospect build names its own."
)
@engine_option(ENGINES, "builds")
@click.option(
    "--offline",
    is_flag=True,
    help="Build a site that works opened from disk (file links, search without a server), "
    "to hand over as a folder or a zip. MkDocs only.",
)
@click.option(
    "--profile",
    is_flag=True,
    help="After the build, say when each stage ran and the CPU time it took, here and "
    "in the workers.",
)
@folder_force_option
@config_option
def build_command(
    output: Path | None,
    audience: ReaderName,
    engagements: tuple[str, ...],
    engine: str,
    offline: bool,
    profile: bool,
    force: bool,
    config_path: Path | None,
) -> None:
    """Validate the playbooks and build the site, the PDFs and the packets into OUTPUT.

    Stops before writing anything when the playbooks have errors. Each reader's
    outputs are built into a staging folder and swapped in whole, so the folder holds
    either the complete previous build or the complete new one, and nothing that the
    new build left out.
    """
    if offline and engine != "mkdocs":
        raise click.UsageError("--offline builds with MkDocs (Material's offline plugin)")
    config = resolve_config(config_path)
    timed = Profile()
    with progress_bars() as show:

        def say(event: Event) -> None:
            timed.hear(event)
            if isinstance(event, Step):
                show(event)
            elif isinstance(event, Validated):
                _validated(event, config, engagements)
            else:
                _built(event)

        try:
            build(
                config,
                audience,
                engagements,
                output=output,
                engine=engine,
                offline=offline,
                force=force,
                listen=say,
            )
        except UnnamedEngagementError as exc:
            raise click.UsageError(f"{exc}; name it with --engagement") from None
        except InvalidPlaybooksError as exc:
            say_set_aside(exc.selection)
            stop_on_errors(exc.selection.result, "Nothing was built")
    if profile:
        timed.report()


def _validated(event: Validated, config: Config, engagements: tuple[str, ...]) -> None:
    selection = event.selection
    say_set_aside(selection)
    stop_on_errors(selection.result)  # the warnings
    mine = f" in {', '.join(engagements)} or the files they share" if engagements else ""
    click.echo(
        f"Validated {selection.result.files} files in {config.settings.root}: no errors{mine}."
    )


def _built(event: FolderBuilt) -> None:
    for note in event.notes:
        click.echo(f"note: {note}", err=True)
    for warning in event.warnings:
        click.echo(f"warning: {warning}", err=True)
    folder = event.folder
    if event.site:
        click.echo(
            f"Built the site into {_shown(folder / 'site')}, from the pages in "
            f"{_shown(folder / 'pages')}."
        )
    click.echo(f"Wrote {event.pdfs} PDFs to {_shown(folder / 'pdf')}.")
    noun = "packet" if event.packets == 1 else "packets"
    click.echo(f"Wrote {event.packets} {noun} to {_shown(folder / 'packets')}.")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


COMMANDS = (build_command,)
