"""No output replaces what the user made: the repository, the playbooks, the home folder,
a folder the build did not make, or a file that stands where a folder should be."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


@pytest.fixture
def repository(examples: Path) -> Path:
    """The examples as a git repository with one commit, working in it."""
    root = examples.parent
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x"],
        cwd=root,
        check=True,
    )
    return root


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (".", "is the working folder"),
        ("playbooks", "is the playbooks folder"),
        ("..", "holds the working folder"),
        ("/", "is the root folder"),
        ("playbooks/northwind-support/out", "is inside the playbooks folder"),
    ],
)
@pytest.mark.parametrize("command", ["build", "pdf", "site"])
def test_force_never_lets_an_output_replace_the_repository_or_the_playbooks(
    repository: Path, invoke: Invoke, command: str, target: str, expected: str
) -> None:
    before = _snapshot(repository)
    result = invoke(command, "-o", target, "--force")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {target} {expected}")
    assert _snapshot(repository) == before
    assert (repository / ".git" / "HEAD").is_file()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repository, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


def test_the_home_folder_and_other_repositories_are_refused(
    repository: Path,
    invoke: Invoke,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path_factory.mktemp("home")
    (home / "letter.txt").write_text("the user's own")
    monkeypatch.setenv("HOME", str(home))
    result = invoke("build", "-o", str(home), "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {home} is the home folder: outputs replace their folder whole, so give a "
        "folder of its own, such as build/out\n"
    )
    assert (home / "letter.txt").read_text() == "the user's own"

    other = tmp_path_factory.mktemp("other")
    (other / "project" / ".git").mkdir(parents=True)
    result = invoke("pdf", "-o", str(other), "--force")
    assert result.exit_code == 2
    assert f"holds a git repository ({other / 'project'})" in result.stderr
    assert (other / "project" / ".git").is_dir()


def test_a_file_added_to_a_built_folder_stops_the_next_build_until_forced(
    examples: Path, invoke: Invoke
) -> None:
    assert invoke("pdf", "summit-outbound", "-o", "out").exit_code == 0
    marker = Path("out/.playbook-output").read_text(encoding="utf-8").splitlines()
    assert "summit-outbound/brief.pdf" in marker
    # the build's own files, even changed, are its to replace
    Path("out/summit-outbound/ramp.pdf").write_bytes(b"old")
    assert invoke("pdf", "summit-outbound", "-o", "out").exit_code == 0

    Path("out/notes.txt").write_text("kept")
    result = invoke("pdf", "summit-outbound", "-o", "out")
    assert result.exit_code == 2
    assert "out holds files playbook did not make (notes.txt)" in result.stderr
    assert Path("out/notes.txt").read_text() == "kept"
    assert invoke("pdf", "summit-outbound", "-o", "out", "--force").exit_code == 0
    assert not Path("out/notes.txt").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("build",),
        ("pdf",),
        ("site",),
        ("packet", "summit-outbound"),
    ],
    ids=lambda c: c[0],
)
def test_a_file_where_the_build_folder_should_be_is_an_input_error(
    examples: Path, invoke: Invoke, command: tuple[str, ...]
) -> None:
    Path("build").write_text("the user's file named build")
    result = invoke(*command)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: build is a file, not a folder (in the way of build/")
    assert Path("build").read_text() == "the user's file named build"


@pytest.mark.parametrize(
    "command",
    [
        ("calendar", "northwind-support", "-o", "playbooks/northwind-support/plan.ics"),
        (
            "results",
            "export",
            "--engagement",
            "northwind-support",
            "--day",
            "30",
            "-o",
            "playbooks/northwind-support/results.csv",
        ),
        ("packet", "summit-outbound", "-o", "playbooks/summit-outbound/packet.pdf"),
    ],
    ids=["calendar", "results-export", "packet"],
)
def test_an_output_file_is_never_written_among_the_playbooks(
    examples: Path, invoke: Invoke, command: tuple[str, ...]
) -> None:
    before = _snapshot(examples)
    result = invoke(*command)
    assert result.exit_code == 2, result.output
    assert "is inside the playbooks folder (" in result.stderr
    assert _snapshot(examples) == before
