"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.config import Config, load_config

F = TypeVar("F", bound=Callable[..., Any])


def config_option(command: F) -> F:
    """``--config FILE``: settings file to use instead of the nearest one."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Settings file (playbook.toml or pyproject.toml); default: the nearest one.",
    )(command)


def resolve_config(config_path: Path | None) -> Config:
    return load_config(config_path)
