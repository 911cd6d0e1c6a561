"""`playbook build` is all or nothing: a build killed at any stage leaves the complete
previous output, and the next build clears what the killed one left."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import replace_in
from tests.sitekit import EPOCH, make_project

PLAYBOOK = str(Path(sys.executable).with_name("playbook"))
Tree = dict[str, str]


def _tree(folder: Path) -> Tree:
    """Every file under ``folder`` by its relative path, with the digest of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _build(project: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen(
        [PLAYBOOK, "build", *args],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _staging(project: Path, earlier: set[Path]) -> Path | None:
    """The staging folder of the running build (not one a killed build left)."""
    found = sorted(set((project / "build").glob(".internal-*.staging")) - earlier)
    return found[0] if found else None


#: Moments to kill a build at, each told by what its staging folder holds so far.
MOMENTS: dict[str, Callable[[Path], bool]] = {
    "staging-made": lambda staging: True,
    "site-written": lambda staging: (staging / "site" / "index.html").is_file(),
    "pdfs-written": lambda staging: any((staging / "pdf").rglob("ramp.pdf")),
    "packets-started": lambda staging: (staging / "packets").is_dir(),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tree]:
    """A project with a complete build, and that build's files."""
    project = make_project(tmp_path_factory.mktemp("atomic") / "project")
    assert _build(project).wait(timeout=300) == 0
    return project, _tree(project / "build" / "internal")


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_build_killed_midway_leaves_the_previous_build_whole(
    built: tuple[Path, Tree], moment: str
) -> None:
    project, before = built
    brief = project / "playbooks" / "summit-outbound" / "brief.yaml"
    original = brief.read_text(encoding="utf-8")
    replace_in(brief, "title: ", f"title: Killed at {moment} - ", count=1)
    try:
        earlier = set((project / "build").glob(".internal-*.staging"))
        process = _build(project)
        reached = False
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            staging = _staging(project, earlier)
            if staging is not None and MOMENTS[moment](staging):
                os.killpg(process.pid, signal.SIGKILL)
                reached = True
                break
            time.sleep(0.005)
        process.wait(timeout=30)
        assert reached, f"the build finished before it reached {moment}"
        assert _tree(project / "build" / "internal") == before
        assert _staging(project, earlier) is not None  # left for the next build to clear
    finally:
        brief.write_text(original, encoding="utf-8")


def test_a_rebuild_clears_leftovers_and_drops_what_the_reader_no_longer_gets(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    client = ["--audience", "client", "--engagement", "summit-outbound"]
    assert _build(project, *client).wait(timeout=300) == 0
    folder = project / "build" / "client" / "summit-outbound"
    assert (folder / "pdf" / "summit-outbound" / "escalation.pdf").is_file()
    (folder.parent / ".summit-outbound-killed.staging" / "site").mkdir(parents=True)
    matrix = project / "playbooks" / "summit-outbound" / "escalation.yaml"
    replace_in(matrix, "  status: draft\n", "  status: draft\n  audience: internal\n")
    assert _build(project, *client).wait(timeout=300) == 0
    assert not (folder / "pdf" / "summit-outbound" / "escalation.pdf").exists()
    assert (folder / "pdf" / "summit-outbound" / "brief.pdf").is_file()
    assert sorted(p.name for p in folder.parent.iterdir()) == ["summit-outbound"]
    # one folder per client: nothing of another engagement is in it
    assert not any("northwind" in path.as_posix() for path in folder.rglob("*"))
