"""The README's walk-throughs run as written, on a copy of the examples."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, PROJECT
from tests.examples import FILES

README = PROJECT / "README.md"
_BLOCK = re.compile(r"<!-- walkthrough: (?P<name>[\w-]+) -->\n```sh\n(?P<script>.*?)```", re.S)
WALKTHROUGHS = {m["name"]: m["script"] for m in _BLOCK.finditer(README.read_text())}


def test_the_readme_marks_its_walkthroughs() -> None:
    assert "signed-approvals" in WALKTHROUGHS


def run(name: str, folder: Path) -> subprocess.CompletedProcess[str]:
    shutil.copytree(EXAMPLES, folder / "playbooks")
    (folder / "playbook.toml").write_text('root = "playbooks"\n')
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", WALKTHROUGHS[name]],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", ["signed-approvals"])
def test_a_walkthrough_runs_as_written(name: str, tmp_path: Path) -> None:
    done = run(name, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "signed with their key" in done.stdout
    assert f"Checked {FILES} files: no problems." in done.stdout
    assert "refused: Marco's key does not sign for Dana" in done.stdout
    assert "not `dwhitfield`'s approval key" in done.stderr
