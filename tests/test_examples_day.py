"""The examples read the same on any day: the project's settings declare the day their
statuses count from, so a clock a year on (or a year back) finds nothing late."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from tests.conftest import PROJECT, TODAY
from tests.examples import FILES
from tests.pdftools import require

PLAYBOOK = str(Path(sys.executable).with_name("playbook"))


@pytest.mark.parametrize("day", ["2027-12-06", "2031-06-30", "2025-01-01"])
def test_the_examples_pass_the_strict_check_on_any_day(day: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PLAYBOOK_TODAY", "SOURCE_DATE_EPOCH")}
    done = subprocess.run(
        [require("faketime", "faketime"), day, PLAYBOOK, "validate", "--strict", "playbooks/"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"Checked {FILES} files: no problems.\n"), (
        done.stderr
    )


def test_the_declared_day_is_the_examples_and_the_environment_overrides_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = load_config(start=PROJECT)
    assert config.settings.today is not None
    assert config.settings.today.isoformat() == TODAY
    monkeypatch.setenv("PLAYBOOK_TODAY", "2027-02-12")
    assert config.today.isoformat() == "2027-02-12"
    monkeypatch.delenv("PLAYBOOK_TODAY")
    assert config.today.isoformat() == TODAY
