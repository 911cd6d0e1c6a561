"""Checking a large tree on several cores finds exactly what one process finds."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.corpus import generate
from generator.config import Config
from generator.reporting import REPORTERS
from generator.validation import validate
from generator.validation.parallel import check, jobs_for
from tests.conftest import replace_in


def test_split_check_reports_like_one_process(workdir: Path) -> None:
    root = workdir / "playbooks"
    generate(8, root)
    # A clash of engagement ids that lands in two different shares, an error and a warning.
    shutil.copytree(root / "summit-outbound-00001", root / "zz-copy")
    replace_in(
        root / "northwind-support-00000" / "brief.yaml", "      owner: lng\n", "      owner: lgn\n"
    )
    replace_in(
        root / "summit-outbound-00003" / "ramp.yaml",
        "          value: 88\n",
        "          value: 82\n",
    )
    config = Config()
    serial = validate([root], config)
    split = check([root], config, jobs=2)
    assert split.diagnostics == serial.diagnostics
    assert {d.code for d in split.diagnostics} >= {"PB201", "PB207", "PB403"}
    assert split.files == serial.files
    for name in ("text", "json", "github", "sarif"):
        assert REPORTERS[name](split, True) == REPORTERS[name](serial, True)


def test_small_trees_stay_in_one_process() -> None:
    assert jobs_for(100, cores=8) == 1
    assert jobs_for(6000, cores=2) == 2
    assert jobs_for(6000, cores=1) == 1
