"""Checking a tree engagement by engagement, in one process or several, finds exactly what
checking it whole finds, and holds one engagement at a time."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from bench.corpus import generate
from generator.config import Config
from generator.reporting import REPORTERS
from generator.validation import validate
from generator.validation.parallel import check, jobs_for
from tests.conftest import Invoke, replace_in


@pytest.mark.parametrize("jobs", [1, 2])
def test_split_check_reports_like_one_process(workdir: Path, jobs: int) -> None:
    root = workdir / "playbooks"
    generate(8, root)
    # Problems outside every engagement (a shared catalog, a stray brief) are told once.
    replace_in(root / "metrics.yaml", "direction: lower", "direction: lowest")
    shutil.copy(root / "summit-outbound-00001" / "brief.yaml", root / "stray-brief.yaml")
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
    split = check([root], config, jobs=jobs)
    assert split.diagnostics == serial.diagnostics
    assert {d.code for d in split.diagnostics} >= {"PB104", "PB200", "PB201", "PB207", "PB403"}
    assert split.files == serial.files
    for name in ("text", "json", "github", "sarif"):
        assert REPORTERS[name](split, True) == REPORTERS[name](serial, True)


def test_small_trees_stay_in_one_process() -> None:
    assert jobs_for(100, cores=8) == 1
    assert jobs_for(6000, cores=2) == 2
    assert jobs_for(6000, cores=1) == 1


def _peak(root: Path) -> int:
    tracemalloc.start()
    try:
        check([root], Config(), jobs=1)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_holds_one_engagement_not_the_tree(workdir: Path) -> None:
    small, large = workdir / "small", workdir / "large"
    generate(4, small)
    generate(24, large)
    _peak(small)  # the first check imports the rules and models
    # Six times the engagements: what the check keeps grows by their findings only.
    assert _peak(large) < 1.5 * _peak(small)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_kind_written_late_in_its_file_still_makes_an_engagement(
    workdir: Path, jobs: int
) -> None:
    root = workdir / "playbooks"
    generate(4, root)
    engagement = root / "northwind-support-00000" / "engagement.yaml"
    # Past the first lines the engagement folders are told from: checked whole instead.
    notes = "".join(f"# note {number} on this engagement\n" for number in range(300))
    engagement.write_text(notes + engagement.read_text(encoding="utf-8"), encoding="utf-8")
    config = Config()
    serial = validate([root], config)
    split = check([root], config, jobs=jobs)
    assert split.diagnostics == serial.diagnostics
    assert not {"PB200", "PB207"} & {d.code for d in split.diagnostics}


def test_validate_takes_its_workers_from_jobs(examples: Path, invoke: Invoke) -> None:
    replace_in(examples / "summit-outbound" / "brief.yaml", "    owner: lgrant\n", "    owner: x\n")
    default = invoke("validate")
    assert default.exit_code == 1
    for jobs in ("1", "2"):
        split = invoke("validate", "--jobs", jobs)
        assert (split.exit_code, split.stdout) == (default.exit_code, default.stdout)
    refused = invoke("validate", "--jobs", "0")
    assert refused.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1." in refused.stderr
