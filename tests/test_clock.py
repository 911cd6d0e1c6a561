"""Outputs are stamped with the last commit of their sources, read from one git history."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.clock import source_time
from tests.gitrepo import GitRepo


def commit_at(repo: GitRepo, when: int, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_DATE", f"{when} +0000")
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{when} +0000")
    repo.commit(message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = GitRepo(tmp_path / "repo")
    repo.top.mkdir()
    repo.git("init", "--quiet", "--initial-branch=main")
    for name in ("a/one.yaml", "a/two words.yaml", "b/three.yaml"):
        (repo.top / name).parent.mkdir(exist_ok=True)
        (repo.top / name).write_text("x: 1\n")
    commit_at(repo, 1_790_000_000, "first", monkeypatch)
    (repo.top / "a/two words.yaml").write_text("x: 2\n")
    commit_at(repo, 1_790_086_400, "second", monkeypatch)
    return repo


def stamp(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def test_a_file_is_stamped_with_its_own_last_commit(repo: GitRepo) -> None:
    assert source_time([repo.top / "a/one.yaml"]) == stamp(1_790_000_000)
    assert source_time([repo.top / "a/two words.yaml"]) == stamp(1_790_086_400)
    assert source_time([repo.top / "a/one.yaml", repo.top / "b/three.yaml"]) == stamp(1_790_000_000)


def test_a_folder_is_stamped_with_the_last_commit_below_it(repo: GitRepo) -> None:
    assert source_time([repo.top / "a"]) == stamp(1_790_086_400)
    assert source_time([repo.top / "b"]) == stamp(1_790_000_000)


def test_a_new_commit_is_seen_by_the_next_build_in_the_same_process(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert source_time([repo.top / "b"]) == stamp(1_790_000_000)
    (repo.top / "b/three.yaml").write_text("x: 3\n")
    commit_at(repo, 1_790_172_800, "third", monkeypatch)
    assert source_time([repo.top / "b"]) == stamp(1_790_172_800)


def test_source_date_epoch_wins(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_time([repo.top / "a"]) == stamp(1_700_000_000)


def test_files_outside_git_get_the_time_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    loose = tmp_path / "loose.yaml"
    loose.write_text("x: 1\n")
    before = datetime.now(tz=UTC).replace(microsecond=0)
    assert source_time([loose]) >= before
