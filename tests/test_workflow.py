"""The GitHub workflow users copy: valid, and its summary step works on a real merge."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, PROJECT
from tests.gitrepo import GitRepo
from tests.test_review_approvals import event, make_notary, open_pull_request

WORKFLOW = PROJECT / ".github" / "workflows" / "playbooks.yml"


def check_workflow(path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its built-in (vendored, offline) GitHub workflow schema."""
    schema = ["--builtin-schema", "vendor.github-workflows"]
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def load() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text())  # type: ignore[no-any-return]


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in job["steps"] if s.get("name") == name)


def test_the_workflow_is_valid_for_github(tmp_path: Path) -> None:
    accepted = check_workflow(WORKFLOW)
    data = load()
    del data["jobs"]["summary"]["runs-on"]
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(data))
    rejected = check_workflow(broken)

    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert rejected.returncode == 1  # the same check does catch a broken workflow
    assert "runs-on" in rejected.stdout


def test_the_summary_job_posts_one_sticky_comment_from_the_full_history() -> None:
    job = load()["jobs"]["summary"]

    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert job["steps"][0]["with"] == {"fetch-depth": 0}
    comment = step(job, "Post the summary as one comment, updated on every push")
    assert comment["uses"] == "marocchino/sticky-pull-request-comment@v2"
    assert comment["with"]["header"] == "playbook-changes"
    assert comment["with"]["path"] == "playbook-diff.md"


def run_summary_step(repo: GitRepo, tmp_path: Path) -> tuple[str, str, str]:
    """Run the workflow's own script as GitHub would; return outputs, summary, comment."""
    script = step(load()["jobs"]["summary"], "Summarise the change")["run"]
    outputs, summary = tmp_path / "outputs", tmp_path / "summary"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo.top,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(outputs),
            "GITHUB_STEP_SUMMARY": str(summary),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return outputs.read_text(), summary.read_text(), (repo.top / "playbook-diff.md").read_text()


def merge_pull_request(repo: GitRepo, edit: bool) -> None:
    """A branch with one commit, merged into main the way GitHub checks out a pull request."""
    repo.git("checkout", "--quiet", "-b", "change")
    if edit:
        repo.edit("northwind-support/brief.yaml", "      due: 2026-12-07", "      due: 2026-12-10")
    else:
        (repo.top / "NOTES.md").write_text("Not a playbook.\n")
    repo.commit("The pull request")
    repo.git("checkout", "--quiet", "main")
    repo.git("merge", "--quiet", "--no-ff", "-m", "Merge the pull request", "change")


@pytest.mark.parametrize("edit", [True, False])
def test_the_summary_step_writes_the_comment_of_a_merged_pull_request(
    tmp_path: Path, edit: bool
) -> None:
    repo = GitRepo.with_examples(tmp_path / "repo")
    merge_pull_request(repo, edit)

    outputs, summary, comment = run_summary_step(repo, tmp_path)

    assert summary == comment
    if edit:
        assert outputs == "changed=true\n"
        assert (
            "| Milestone “Voice overflow queue live” › due date | 7 Dec 2026 (day 36) | "
            "10 Dec 2026 (day 39) | 3 days later |"
        ) in comment.splitlines()
    else:
        assert outputs == "changed=false\n"
        assert "No changes to the playbooks from `HEAD^1 (" in comment


def test_the_signoff_job_runs_only_for_approving_reviews_and_pushes_to_the_head() -> None:
    data = load()
    assert data[True]["pull_request_review"] == {"types": ["submitted"]}  # `on:` reads as True
    job = data["jobs"]["signoff"]
    assert "github.event.review.state == 'approved'" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["steps"][0]["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"
    assert data["jobs"]["validate"]["if"] == (
        "github.event_name == 'pull_request' || github.event_name == 'push'"
    )
    push = step(job, "Push the sign-off to the pull request's branch")
    assert push["if"] == "steps.record.outputs.recorded == 'true'"


def test_the_signoff_step_records_the_review_and_writes_the_comment(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo / "playbooks")
    notary = make_notary(tmp_path / "notary")
    commits = open_pull_request(repo, notary)
    payload = event(repo, commits)
    script = step(load()["jobs"]["signoff"], "Record the reviewer's sign-off")["run"]
    outputs, temp = tmp_path / "outputs", tmp_path / "runner-temp"
    temp.mkdir()
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(outputs),
            "GITHUB_EVENT_PATH": str(payload),
            "RUNNER_TEMP": str(temp),
            "NOTARY_KEY": notary.read_text(),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert outputs.read_text() == "recorded=true\n"
    comment = (repo / "signoff-comment.md").read_text()
    assert comment.startswith(f"**Sign-offs from @malvarez's review of {commits['head'][:7]}**")
    assert "approved it for the client on 2 Dec 2026" in comment
    assert list(temp.iterdir()) == []  # the key does not outlive the step
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%an: %s"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (
        log
        == f"playbook review notary: Record sign-offs from @malvarez's review of {commits['head'][:7]}\n"
    )


def test_the_weekly_job_writes_each_engagements_issue_body(tmp_path: Path) -> None:
    data = load()
    assert data[True]["schedule"] == [{"cron": "0 7 * * 1"}]
    job = data["jobs"]["reminders"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    repo = GitRepo.with_examples(tmp_path / "repo")
    script = step(job, "Write this week's digests")["run"]
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo.top,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "PLAYBOOK_TODAY": "2026-12-20",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    body = (repo.top / "reminders" / "northwind-support.md").read_text()
    # the issue's title is its first line, without the heading marks
    title = body.splitlines()[0].removeprefix("## ")
    assert title == "Due this week: Northwind Outfitters customer care transition"
    assert sorted(p.name for p in (repo.top / "reminders").glob("*.md")) == [
        "northwind-support.md",
        "summit-outbound.md",
    ]
    marco = body.split("### @malvarez (Marco Alvarez)\n", 1)[1].split("\n### ", 1)[0]
    assert marco == (
        "\n**Overdue**\n"
        "- Publish the holiday returns policy article and macro (action): overdue by 17 days, "
        "was due 3 Dec 2026; for Process error rate on day 30\n"
        "\n**Awaiting your sign-off**\n"
        "- 30/60/90-day plan: version 1.0, awaiting the client's sign-off\n"
        "- Scorecard: version 1.0, awaiting the client's sign-off\n"
    )
    update = step(job, "Open or update one issue per engagement")["run"]
    assert "gh issue edit" in update
    assert 'gh issue create --title "$title" --body-file "$digest"' in update
