"""`playbook publish`: bad versions, no repository, invalid playbooks stop it in one line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.site.publishing import PublishError, check_name
from tests.canaries import plant_canaries
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
    result = invoke("publish", "1.0 beta", "--audience", "internal")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: version '1.0 beta' is not usable as a folder of the site: use letters, "
        "digits, `.`, `_`, `+` or `-`, such as 1.4 or latest\n"
    )


def test_publish_outside_a_repository_says_so(project: Path, invoke: Invoke) -> None:
    result = invoke("publish", "1.0", "--alias", "latest", "--audience", "internal")
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
    result = invoke("publish", "1.0", "--audience", "internal")
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
    first = invoke("publish", "1.4", "--alias", "latest", "--audience", "internal", env=GIT_ENV)
    assert first.exit_code == 0, first.output
    assert _git(remote, "branch", "--list") == ""  # nothing pushed yet
    # The same version again makes no new commit; --push must still push the branch.
    second = invoke(
        "publish", "1.4", "--alias", "latest", "--audience", "internal", "--push", env=GIT_ENV
    )
    assert second.exit_code == 0, second.output
    assert (
        second.stdout
        == "published the internal site 1.4 (latest) to the gh-pages branch and pushed to origin\n"
    )
    assert _git(remote, "rev-parse", "gh-pages") == _git(project, "rev-parse", "gh-pages")
    third = invoke(
        "publish", "1.4", "--alias", "latest", "--audience", "internal", "--push", env=GIT_ENV
    )
    assert third.stdout == (
        "published the internal site 1.4 (latest) to the gh-pages branch; origin is already up "
        "to date\n"
    )


def test_a_push_git_refuses_is_an_error_with_gits_words(project: Path, invoke: Invoke) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "site")
    _git(project, "remote", "add", "origin", str(project / "no-such-remote.git"))
    result = invoke("publish", "1.4", "--audience", "internal", "--push", env=GIT_ENV)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: git ls-remote failed: ")
    assert "no-such-remote.git" in result.stderr


def _repository(project: Path) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "site")


def test_the_internal_site_is_published_only_when_named(project: Path, invoke: Invoke) -> None:
    _repository(project)
    result = invoke("publish", "1.4", "--alias", "latest", env=GIT_ENV)
    assert result.exit_code == 2
    assert "Missing option '--audience'" in result.stderr
    assert _git(project, "branch", "--list", "gh-pages") == ""


def test_a_client_site_names_its_one_engagement(project: Path, invoke: Invoke) -> None:
    _repository(project)
    result = invoke("publish", "1.0", "--audience", "client", env=GIT_ENV)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: a client site holds one engagement: name it with --engagement (other "
        "clients' names must not appear in it)\n"
    )


def test_a_client_publish_holds_nothing_of_other_clients_or_internal_notes(
    project: Path, invoke: Invoke
) -> None:
    # The canaries make approved documents' sign-offs stale; that is not what is tested.
    (project / "playbook.toml").write_text(
        '[tool.playbook]\nroot = "playbooks"\nignore = ["PB601", "PB602", "PB603"]\n'
    )
    plant_canaries(project / "playbooks")
    replace_in(
        project / "playbooks" / "summit-outbound" / "engagement.yaml",
        "  summary: >-\n",
        "  summary: >-\n    CANARY-OTHER-CLIENT\n",
    )
    _repository(project)
    result = invoke(
        "publish", "1.0", "--alias", "latest", "--audience", "client",
        "--engagement", "northwind-support", env=GIT_ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "published the client site 1.0 (latest) to the pages-client-northwind-support branch\n"
    )
    branch = "pages-client-northwind-support"
    files = _git(project, "ls-tree", "-r", "--name-only", branch).split()
    assert "1.0/engagements/northwind-support/brief/index.html" in files
    assert not any("summit" in name or "readiness" in name for name in files)
    # Every file of the branch, searched: no other client, no internal note or item.
    for needle in ("CANARY", "Summit", "floor we accept", "tom.becker@", "For the vendor team"):
        found = subprocess.run(
            ["git", "grep", "-I", "-l", "-F", needle, branch],
            cwd=project, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert found.stdout == "", (needle, found.stdout)
    # The internal site was not published.
    assert _git(project, "branch", "--list", "gh-pages") == ""


def test_a_branch_keeps_the_reader_and_engagement_it_was_published_for(
    project: Path, invoke: Invoke
) -> None:
    _repository(project)
    client = ("--audience", "client", "--engagement", "northwind-support")
    first = invoke("publish", "1.0", *client, "--branch", "share-northwind", env=GIT_ENV)
    assert first.exit_code == 0, first.output
    recorded = _git(project, "show", "share-northwind:1.0/playbook-reader.json")
    assert recorded == '{"audience": "client", "engagements": ["northwind-support"]}\n'
    # the same reader publishes again; another reader or engagement is refused
    assert (
        invoke("publish", "1.1", *client, "--branch", "share-northwind", env=GIT_ENV).exit_code == 0
    )
    before = _git(project, "rev-parse", "share-northwind")
    for other in (
        ("--audience", "internal"),
        ("--audience", "client", "--engagement", "summit-outbound"),
        ("--audience", "prospect", "--engagement", "northwind-support"),
    ):
        refused = invoke("publish", "2.0", *other, "--branch", "share-northwind", env=GIT_ENV)
        assert refused.exit_code == 2, refused.output
        assert refused.stderr.startswith(
            "Error: the share-northwind branch holds the client site of northwind-support "
            "(version 1."
        ), refused.stderr
    assert _git(project, "rev-parse", "share-northwind") == before


@pytest.mark.parametrize(
    ("args", "branch", "expected"),
    [
        (("--audience", "internal"), "pages-client-northwind-support", "gh-pages"),
        (
            ("--audience", "client", "--engagement", "northwind-support"),
            "gh-pages",
            "pages-client-northwind-support",
        ),
        (
            ("--audience", "client", "--engagement", "northwind-support"),
            "pages-prospect-summit-outbound",
            "pages-client-northwind-support",
        ),
    ],
    ids=["internal-on-a-client-branch", "client-on-gh-pages", "client-on-a-prospect-branch"],
)
def test_a_branch_named_for_another_reader_is_refused_before_anything_is_built(
    project: Path, invoke: Invoke, args: tuple[str, ...], branch: str, expected: str
) -> None:
    _repository(project)
    result = invoke("publish", "1.0", *args, "--branch", branch, env=GIT_ENV)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: the {branch} branch is named for another reader")
    assert f"goes to {expected}," in result.stderr
    assert _git(project, "branch", "--list", branch) == ""
