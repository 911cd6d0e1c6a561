"""`playbook serve`: a live preview of the site on MkDocs or Zensical."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import click

from generator.audience import VENDOR_TEAM, ReaderName
from generator.cli.options import (
    audience_option,
    config_option,
    engagements_option,
    engine_option,
    resolve_config,
    stop_on_errors,
)
from generator.selection import InvalidPlaybooksError
from generator.site.build import ENGINES, find_mkdocs_config
from generator.site.serving import LiveFolder, Refresh, engine_command

#: How often the playbooks are looked at, in seconds.
_POLL = 0.5


@click.command()
@engine_option(ENGINES, "serves")
@click.option(
    "-a",
    "--address",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where the preview is served.",
)
@audience_option(VENDOR_TEAM, "Whose site to preview: internal shows everything.")
@engagements_option("Preview only this engagement (repeatable). A client or prospect names one.")
@config_option
def serve(
    engine: str,
    address: str,
    audience: ReaderName,
    engagements: tuple[str, ...],
    config_path: Path | None,
) -> None:
    """Preview the site while you edit the playbooks.

    The site's pages are written into a temporary folder, which the engine serves
    and rebuilds: each saved playbook updates the pages it changed, and when the
    playbooks have errors every page shows them, with file, line and column, until
    they are fixed. Stop with Ctrl-C.
    """
    config = resolve_config(config_path)
    with tempfile.TemporaryDirectory(prefix="playbook-serve-") as scratch:
        live = LiveFolder(
            config,
            find_mkdocs_config(config.base),
            Path(scratch) / "pages",
            audience,
            engagements,
        )
        try:
            live.start()
        except InvalidPlaybooksError as exc:
            stop_on_errors(exc.selection.result, "Nothing is served")
        server = subprocess.Popen(
            engine_command(engine, live.settings_file, address),
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        click.echo(f"Serving the {audience} site with {engine} at http://{address}/", err=True)
        _stop_on_signals()
        try:
            while server.poll() is None:
                time.sleep(_POLL)
                if live.changed():
                    _say(live.refresh())
        except KeyboardInterrupt:
            pass
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _stop_on_signals() -> None:
    """Stop the server on Ctrl-C and on SIGTERM alike, whatever the shell that started it
    set: a server started in the background ignores SIGINT otherwise, and one killed with
    SIGTERM would leave the engine's server running on the port."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def _say(refresh: Refresh) -> None:
    if refresh.report:
        click.echo(refresh.report, nl=False, err=True)
        click.echo("The pages show these errors until they are fixed.", err=True)
    elif refresh.written or refresh.removed:
        count = len(refresh.written) + len(refresh.removed)
        click.echo(f"Updated {count} file{'s' if count != 1 else ''} of the site.", err=True)


COMMANDS = (serve,)
