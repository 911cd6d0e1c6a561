"""A crash is a bug: one line on stderr, its own exit code, the traceback only on request."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest

from generator.cli import BUG_EXIT, cli
from tests.conftest import Invoke


@pytest.fixture
def broken_command() -> Iterator[None]:
    @click.command(name="crash-for-test")
    def crash() -> None:
        {}["missing"]  # the bug this test provokes

    cli.add_command(crash)
    yield
    del cli.commands["crash-for-test"]


@pytest.mark.usefixtures("broken_command")
def test_a_crash_is_one_line_with_its_own_exit_code(invoke: Invoke) -> None:
    result = invoke("crash-for-test")
    assert result.exit_code == BUG_EXIT
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "stopped on a bug (KeyError: 'missing')" in line
    assert "--debug" in line
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("broken_command")
def test_debug_prints_the_traceback(invoke: Invoke) -> None:
    result = invoke("--debug", "crash-for-test")
    assert result.exit_code == BUG_EXIT
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "KeyError: 'missing'" in result.stderr


@pytest.mark.usefixtures("broken_command")
def test_the_environment_variable_prints_the_traceback(invoke: Invoke) -> None:
    result = invoke("crash-for-test", env={"PLAYBOOK_DEBUG": "1"})
    assert result.exit_code == BUG_EXIT
    assert "Traceback (most recent call last):" in result.stderr


def test_usage_errors_keep_exit_code_2(invoke: Invoke) -> None:
    result = invoke("validate", "no-such-folder")
    assert result.exit_code == 2
    assert "stopped on a bug" not in result.stderr
