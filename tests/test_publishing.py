"""`playbook publish`: bad versions, no repository, invalid playbooks stop it in one line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.publishing import PublishError, check_name
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
