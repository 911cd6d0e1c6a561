"""The README's walk-throughs run as written, on a copy of the examples."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, PROJECT
from tests.examples import FILES

README = PROJECT / "README.md"
_BLOCK = re.compile(r"<!-- walkthrough: (?P<name>[\w-]+) -->\n```sh\n(?P<script>.*?)```", re.S)
WALKTHROUGHS = {m["name"]: m["script"] for m in _BLOCK.finditer(README.read_text())}


def test_the_readme_marks_its_walkthroughs() -> None:
    assert sorted(WALKTHROUGHS) == ["pdf-signatures", "signed-approvals"]


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


def test_the_signed_approvals_walkthrough_runs_as_written(tmp_path: Path) -> None:
    done = run("signed-approvals", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "signed with their key" in done.stdout
    assert f"Checked {FILES} files: no problems." in done.stdout
    assert "refused: Marco's key does not sign for Dana" in done.stdout
    assert "not `dwhitfield`'s approval key" in done.stderr


def test_the_pdf_signatures_walkthrough_runs_as_written(tmp_path: Path) -> None:
    done = run("pdf-signatures", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "refused: Sofia's key does not sign in Dana's place" in done.stdout
    assert "is not one of the certificates the roster lists for Dana Whitfield" in done.stderr
    lines = done.stdout.splitlines()
    assert "    matched to Sofia Marsh by the certificate's fingerprint in the roster" in lines
    assert (
        "    matched to Dana Whitfield by the certificate's e-mail address in the roster" in lines
    )
    assert lines[-1] == "  verdict: OK"
    assert (tmp_path / "build" / "brief-record.pdf").read_bytes().startswith(b"%PDF-")
