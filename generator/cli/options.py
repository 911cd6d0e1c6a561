"""Options shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.audience import AUDIENCES, VENDOR_TEAM, ReaderName
from generator.config import Config, load_config
from generator.reporting import REPORTERS
from generator.selection import Selection, select
from generator.validation import Result, validate

F = TypeVar("F", bound=Callable[..., Any])


def config_option(command: F) -> F:
    """``--config FILE``: settings file to use instead of the nearest one."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Settings file (playbook.toml or pyproject.toml); default: the nearest one.",
    )(command)


def audience_option(default: ReaderName, help: str) -> Callable[[F], F]:
    """``--audience``: who the output is for; the choices are checked by click."""
    return click.option(
        "--audience",
        type=click.Choice(AUDIENCES),
        default=default,
        show_default=True,
        help=help,
    )


def export_options(default: str, whom: str) -> Callable[[F], F]:
    """``-o FILE`` (``-`` for standard output) and ``--audience``, for a command that
    writes one file of one engagement for one reader; ``whom`` says what the reader gets."""

    def decorate(command: F) -> F:
        command = audience_option(VENDOR_TEAM, f"Who the file is for: {whom}")(command)
        return click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
            help=f"File to write, or - for standard output. {default}",
        )(command)

    return decorate


def resolve_config(config_path: Path | None) -> Config:
    return load_config(config_path)


def format_option(command: F) -> F:
    """``--format text|json`` into ``fmt``: words for people, or data for tools."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text for people, json for tools.",
    )(command)


def force_option(command: F) -> F:
    """``--force``: replace a file given with ``-o`` that already exists."""
    return click.option(
        "--force", is_flag=True, help="Replace the file given with -o if it already exists."
    )(command)


def folder_force_option(command: F) -> F:
    """``--force`` for a command whose ``-o`` folder is replaced whole."""
    return click.option(
        "--force", is_flag=True, help="Replace an -o folder even if playbook did not make it."
    )(command)


def engagements_option(help: str) -> Callable[[F], F]:
    """``--engagement ID``, repeatable, into ``engagements``."""
    return click.option("--engagement", "engagements", multiple=True, metavar="ID", help=help)


def engine_option(engines: tuple[str, ...], does: str) -> Callable[[F], F]:
    """``--engine``, one of ``engines`` (MkDocs by default): the engine that ``does``
    ("builds", "serves") the pages. The names come from the caller, so that this module
    does not load the site engines."""
    return click.option(
        "--engine",
        type=click.Choice(engines),
        default="mkdocs",
        show_default=True,
        help=f"The site engine that {does} the pages: MkDocs with Material, or Zensical.",
    )


def selected(
    config: Config,
    engagements: tuple[str, ...] = (),
    audience: ReaderName = VENDOR_TEAM,
    *,
    output: str | None = None,
    outcome: str | None = None,
) -> Selection:
    """The playbooks validated and selected for ``audience`` (:func:`select`), saying
    how many errors of other engagements were set aside; with ``outcome``, the command
    needs them valid, and stops on errors saying ``outcome`` (:func:`stop_on_errors`)."""
    selection = select(validate((), config), config, engagements, audience, output=output)
    say_set_aside(selection)
    if outcome is not None:
        stop_on_errors(selection.result, outcome)
    return selection


def say_set_aside(selection: Selection) -> None:
    """Say how many errors of other engagements do not stop the command, if any."""
    if selection.note:
        click.echo(f"note: {selection.note}", err=True)


def stop_on_errors(result: Result, outcome: str = "Nothing was written") -> None:
    """Show ``result``'s findings on stderr; when it has errors, say ``outcome`` and exit 1.

    The one "validate or stop" of the commands that need valid playbooks.
    """
    if result.diagnostics:
        click.echo(REPORTERS["text"](result, False), nl=False, err=True)
    if result.failed():
        click.echo(f"{outcome}: fix the errors above first.", err=True)
        sys.exit(1)
