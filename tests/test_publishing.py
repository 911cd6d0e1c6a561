"""`playbook publish`: bad versions, no repository, invalid playbooks stop it in one line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.site.publishing import PublishError, check_name
from tests.conftest import Invoke, replace_in
from tests.sitekit import make_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path)


@pytest.mark.parametrize("name", ["1.0", "2026.11", "latest", "v2-rc.1", "1.0+hotfix"])
def test_usable_version_names(name: str) -> None:
    assert check_name(name, "version") == name


@pytest.mark.parametrize("name", ["", "1.0 beta", "../up", "-rc", "a/b", "dev\n"])
def test_unusable_version_names(name: str) -> None:
    with pytest.raises(PublishError, match="is not usable as a folder of the site"):
        check_name(name, "version")


def test_publish_refuses_a_bad_version_before_doing_anything(project: Path, invoke: Invoke) -> None:
    result = invoke("publish", "1.0 beta")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: version '1.0 beta' is not usable as a folder of the site: use letters, "
        "digits, `.`, `_`, `+` or `-`, such as 1.4 or latest\n"
    )


def test_publish_outside_a_repository_says_so(project: Path, invoke: Invoke) -> None:
    result = invoke("publish", "1.0", "--alias", "latest")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {project}: not a git repository; versions are published to a branch of the "
        "repository that holds mkdocs.yml\n"
    )


def test_publish_stops_on_invalid_playbooks_and_leaves_no_branch(
    project: Path, invoke: Invoke
) -> None:
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    replace_in(
        project / "playbooks" / "summit-outbound" / "brief.yaml", "owner: ohaddad", "owner: nobody"
    )
    result = invoke("publish", "1.0")
    assert result.exit_code == 1
    assert "PB201" in result.stderr
    branches = subprocess.run(
        ["git", "branch", "--list", "gh-pages"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    assert branches.stdout == ""


GIT_ENV = {
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "SOURCE_DATE_EPOCH": "1795003200",
}


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout


def test_push_after_a_publish_that_made_no_commit_updates_the_remote(
    project: Path, invoke: Invoke, tmp_path_factory: pytest.TempPathFactory
) -> None:
    remote = tmp_path_factory.mktemp("remote") / "pages.git"
    _git(remote.parent, "init", "-q", "--bare", str(remote))
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "site")
    _git(project, "remote", "add", "origin", str(remote))
    first = invoke("publish", "1.4", "--alias", "latest", env=GIT_ENV)
    assert first.exit_code == 0, first.output
    assert _git(remote, "branch", "--list") == ""  # nothing pushed yet
    # The same version again makes no new commit; --push must still push the branch.
    second = invoke("publish", "1.4", "--alias", "latest", "--push", env=GIT_ENV)
    assert second.exit_code == 0, second.output
    assert second.stdout == "published 1.4 (latest) to the gh-pages branch and pushed to origin\n"
    assert _git(remote, "rev-parse", "gh-pages") == _git(project, "rev-parse", "gh-pages")
    third = invoke("publish", "1.4", "--alias", "latest", "--push", env=GIT_ENV)
    assert third.stdout == (
        "published 1.4 (latest) to the gh-pages branch; origin is already up to date\n"
    )


def test_a_push_git_refuses_is_an_error_with_gits_words(project: Path, invoke: Invoke) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "site")
    _git(project, "remote", "add", "origin", str(project / "no-such-remote.git"))
    result = invoke("publish", "1.4", "--push", env=GIT_ENV)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: git ls-remote failed: ")
    assert "no-such-remote.git" in result.stderr
