"""Acceptance: `playbook codeowners` writes and checks the required reviewers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.gitrepo import GitRepo

BLOCK = """\
# BEGIN playbook codeowners: generated from the rosters; edit them, then run `playbook codeowners`
# Each engagement's folder is owned by its accountable people on both sides.
# Shared catalogs are kept by the vendors' accountable people.
/playbooks/metrics.yaml @jokafor @lgrant @smarsh
# Northwind Outfitters customer care transition
/playbooks/northwind-support/ @dwhitfield @malvarez @smarsh @jokafor
# Summit Analytics outbound demo campaign
/playbooks/summit-outbound/ @npark @bcarter @smarsh @lgrant
# END playbook codeowners
"""
PRAMAN = "      role: Tier 2 Support Lead\n      party: client\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    repo = GitRepo.with_examples(tmp_path / "repo")
    monkeypatch.chdir(repo.top)
    return repo


def test_writes_each_engagement_folder_with_its_accountable_people(
    repo: GitRepo, invoke: Invoke
) -> None:
    result = invoke("codeowners")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Wrote .github/CODEOWNERS: 2 engagements.\n"
    assert (repo.top / ".github" / "CODEOWNERS").read_text() == BLOCK
    assert invoke("codeowners").stdout == ".github/CODEOWNERS: up to date.\n"


def test_check_fails_on_a_stale_file_and_passes_after_regeneration(
    repo: GitRepo, invoke: Invoke
) -> None:
    assert invoke("codeowners").exit_code == 0
    repo.edit(
        "northwind-support/engagement.yaml",
        PRAMAN,
        PRAMAN + "      github: priya-raman\n      accountable: true\n",
    )

    stale = invoke("codeowners", "--check")
    regenerated = invoke("codeowners")
    fresh = invoke("codeowners", "--check")

    assert stale.exit_code == 1
    lines = stale.stdout.splitlines()
    assert lines[0] == ".github/CODEOWNERS: out of date; run `playbook codeowners` to update it."
    assert "-/playbooks/northwind-support/ @dwhitfield @malvarez @smarsh @jokafor" in lines
    assert (
        "+/playbooks/northwind-support/ @dwhitfield @malvarez @priya-raman @smarsh @jokafor"
        in lines
    )
    assert regenerated.exit_code == 0
    assert fresh.exit_code == 0
    assert fresh.stdout == ".github/CODEOWNERS: up to date.\n"


def test_check_fails_when_there_is_no_file(repo: GitRepo, invoke: Invoke) -> None:
    result = invoke("codeowners", "--check")

    assert result.exit_code == 1
    assert result.stdout == ".github/CODEOWNERS: missing; run `playbook codeowners` to update it.\n"
    assert not (repo.top / ".github").exists()


def test_hand_written_rules_are_kept_and_the_block_goes_last(repo: GitRepo, invoke: Invoke) -> None:
    owners = repo.top / "CODEOWNERS"  # GitHub also reads it at the top
    owners.write_text("# Our own rules\n* @acme/admins\n/docs/ @acme/writers\n")

    result = invoke("codeowners")

    assert result.exit_code == 0
    assert result.stdout == (
        "Wrote CODEOWNERS: 2 engagements.\nKept 2 hand-written rules outside the generated block.\n"
    )
    assert owners.read_text() == (
        "# Our own rules\n* @acme/admins\n/docs/ @acme/writers\n\n" + BLOCK
    )
    assert not (repo.top / ".github" / "CODEOWNERS").exists()


def test_rules_after_the_block_are_kept_with_a_warning(repo: GitRepo, invoke: Invoke) -> None:
    owners = repo.top / ".github" / "CODEOWNERS"
    owners.parent.mkdir()
    owners.write_text("* @acme/admins\n" + BLOCK.replace("@jokafor\n", "\n") + "* @acme/all\n")

    result = invoke("codeowners")

    assert result.exit_code == 0
    assert owners.read_text() == "* @acme/admins\n" + BLOCK + "* @acme/all\n"
    assert result.stderr == (
        "warning: 1 hand-written rules after the generated block take precedence over it "
        "for the files they match (the last matching rule wins).\n"
    )


def test_broken_markers_stop_without_touching_the_file(repo: GitRepo, invoke: Invoke) -> None:
    owners = repo.top / ".github" / "CODEOWNERS"
    owners.parent.mkdir()
    text = "* @acme/admins\n" + BLOCK.split("# END", maxsplit=1)[0]
    owners.write_text(text)

    result = invoke("codeowners")

    assert result.exit_code == 2
    assert result.stderr == (
        "Error: .github/CODEOWNERS: expected one `# BEGIN playbook codeowners` line followed "
        "by one `# END playbook codeowners` line, found 1 and 0; fix the markers by hand\n"
    )
    assert owners.read_text() == text


def test_a_roster_with_errors_is_not_turned_into_owners(repo: GitRepo, invoke: Invoke) -> None:
    repo.edit("summit-outbound/engagement.yaml", "      party: client\n", "      party: customer\n")

    result = invoke("codeowners")

    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("playbooks/summit-outbound/engagement.yaml:34:14: PB104 ")
    assert first.endswith("expected one of `client`, `vendor`, found 'customer'")
    assert result.stderr.endswith("CODEOWNERS not changed: fix the engagement files first.\n")
    assert not (repo.top / ".github").exists()


def test_a_side_without_a_handle_is_named(repo: GitRepo, invoke: Invoke) -> None:
    repo.edit("summit-outbound/engagement.yaml", "      github: smarsh\n", "")
    repo.edit("summit-outbound/engagement.yaml", "      github: lgrant\n", "")

    result = invoke("codeowners")

    assert result.exit_code == 0
    assert result.stderr == (
        "warning: playbooks/summit-outbound/engagement.yaml: no accountable vendor person has "
        "a `github` handle, so no vendor review can be required for `summit-outbound`\n"
    )
    written = (repo.top / ".github" / "CODEOWNERS").read_text()
    assert "/playbooks/summit-outbound/ @npark @bcarter\n" in written


def test_outside_git_the_working_folder_is_the_top(examples: Path, invoke: Invoke) -> None:
    result = invoke("codeowners")

    assert result.exit_code == 0
    assert (examples.parent / ".github" / "CODEOWNERS").read_text() == BLOCK
