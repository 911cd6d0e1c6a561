"""Bad input, case by case: each file in tests/cases/invalid has its report pinned.

The expected report sits next to the case as ``<case>.txt``: the exact text a user
reads, locations, source lines, hints and summary. Run with ``UPDATE_GOLDEN=1`` to
rewrite the expected files after an intended change of wording, then read the diff.
The list of every kind a report names is written ``{kinds}``, so that a new kind
changes no expected file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.models import KINDS
from tests.conftest import Invoke

CASES = Path(__file__).resolve().parent.parent / "cases" / "invalid"


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_case_report_is_pinned(case: Path, workdir: Path, invoke: Invoke) -> None:
    shutil.copy(case, workdir / case.name)
    result = invoke("validate", case.name)
    report = result.stdout.replace(", ".join(KINDS), "{kinds}")
    expected = case.with_suffix(".txt")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(report, encoding="utf-8")
    assert result.exit_code == 1, result.stdout
    assert report == expected.read_text(encoding="utf-8")
    assert result.stderr == ""
