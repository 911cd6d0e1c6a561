"""Acceptance: `playbook diff` on real git repositories holding the example playbooks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.examples import FILES
from tests.gitrepo import GitRepo

P1_RECEIVER = (
    "      receiver:\n        tier: Northwind engineering on-call (Tier 3)\n        person: tbecker"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    repo = GitRepo.with_examples(tmp_path / "repo")
    monkeypatch.chdir(repo.top)
    return repo


def review_change(repo: GitRepo) -> None:
    """A day-60 target 80 -> 85, a milestone 7 days later, a new P1 receiver."""
    repo.edit(
        "northwind-support/ramp.yaml",
        "        - metric: service-level\n          comparator: at-least\n          value: 80",
        "        - metric: service-level\n          comparator: at-least\n          value: 85",
    )
    repo.edit("northwind-support/brief.yaml", "      due: 2026-12-07", "      due: 2026-12-14")
    repo.edit("northwind-support/escalation.yaml", P1_RECEIVER, P1_RECEIVER[:-7] + "praman")


def rows(markdown: str) -> list[str]:
    return [
        line
        for line in markdown.splitlines()
        if line.startswith("| ") and not line.startswith(("| What |", "| ---"))
    ]


def cells(row: str) -> list[str]:
    """The cells of a table row, split where GitHub splits them (on unescaped pipes)."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_a_reviewed_change_reads_in_business_terms_with_old_and_new_values(
    repo: GitRepo, invoke: Invoke
) -> None:
    review_change(repo)
    repo.commit("Tighten the day-60 service level, move voice overflow, new P1 receiver")

    result = invoke("diff", "HEAD~1", "HEAD", "--format", "markdown")

    assert result.exit_code == 0, result.stderr
    table = [cells(row) for row in rows(result.stdout)]
    assert [
        "Day 60 checkpoint › Service level › target",
        "at least 80%",
        "at least 85%",
        "tightened; higher is better",
    ] in table
    assert [
        "Milestone “Voice overflow queue live” › due date",
        "7 Dec 2026 (day 36)",
        "14 Dec 2026 (day 43)",
        "7 days later",
    ] in table
    assert [
        "P1 (Critical) › receiver",
        "Tom Becker (Engineering Manager, on-call owner for incidents)",
        "Priya Raman (Tier 2 Support Lead)",
        "",
    ] in table
    assert len(table) == 3  # nothing else changed
    assert (
        "> **Approval made stale:** Priya Raman (client, 18 Nov 2026); "
        "Elena Petrova (vendor, 18 Nov 2026) approved the content before this change; "
        "it needs approving again." in result.stdout
    )
    assert (
        "Approval: Approved by both parties → "
        "**Approval stale: content changed since sign-off**" in result.stdout
    )
    headline = result.stdout.splitlines()[2]
    assert headline.endswith(
        ": 3 changes in 1 engagement · 5 sign-offs made stale · 7 new problems"
    )


def test_the_same_change_as_json_and_as_text(repo: GitRepo, invoke: Invoke) -> None:
    review_change(repo)
    repo.commit("Review change")

    data = json.loads(invoke("diff", "HEAD~1", "HEAD", "--format", "json").stdout)
    text = invoke("diff", "HEAD~1", "HEAD").stdout

    (engagement,) = data["engagements"]
    assert engagement["id"] == "northwind-support"
    assert engagement["reviewers"] == {
        "client": ["@dwhitfield", "@malvarez"],
        "vendor": ["@smarsh", "@jokafor"],
    }
    ramp = next(d for d in engagement["documents"] if d["kind"] == "RampPlan")
    assert ramp["changes"] == [
        {
            "action": "changed",
            "subject": "Day 60 checkpoint › Service level",
            "field": "target",
            "old": "at least 80%",
            "new": "at least 85%",
            "verdict": "tightened",
            "note": "higher is better",
            "location": "playbooks/northwind-support/ramp.yaml:66:18",
        }
    ]
    escalation = next(d for d in engagement["documents"] if d["kind"] == "EscalationMatrix")
    assert [s["action"] for s in escalation["signoffs"]] == ["stale", "stale"]
    assert data["summary"]["stale_signoffs"] == 5
    assert {p["code"] for p in data["problems"]["new"]} == {"PB601", "PB602", "PB603"}
    assert (
        "    ~ 211:12  Milestone “Voice overflow queue live” › due date: "
        "7 Dec 2026 (day 36) → 14 Dec 2026 (day 43) (7 days later)"
    ) in text.splitlines()
    assert (
        "    ! approval made stale: Priya Raman (client, 18 Nov 2026); "
        "Elena Petrova (vendor, 18 Nov 2026)"
    ) in text.splitlines()


def test_reordering_lists_alone_is_no_change(repo: GitRepo, invoke: Invoke) -> None:
    first = (
        "        - metric: system-access\n          comparator: at-least\n          value: 100\n"
    )
    second = "        - metric: kb-coverage\n          comparator: at-least\n          value: 80\n"
    repo.edit("northwind-support/ramp.yaml", first + second, second + first)
    escalation = repo.playbooks / "northwind-support" / "escalation.yaml"
    text = escalation.read_text()
    p2, p3 = text.index("    - id: P2\n"), text.index("    - id: P3\n")
    end = text.index("signoffs:")
    escalation.write_text(text[:p2] + text[p3:end] + text[p2:p3] + text[end:])
    repo.commit("Reorder targets and severity levels")

    text_result = invoke("diff", "HEAD~1", "--exit-code")
    markdown = invoke("diff", "HEAD~1", "HEAD", "--format", "markdown").stdout

    assert text_result.exit_code == 0
    assert text_result.stdout.splitlines()[1] == "No changes."
    assert "No changes to the playbooks from `HEAD~1 (" in markdown
    assert rows(markdown) == []
    assert json.loads(invoke("diff", "HEAD~1", "--format", "json").stdout)["changed"] is False


def test_exit_code_reports_a_change(repo: GitRepo, invoke: Invoke) -> None:
    repo.edit("northwind-support/brief.yaml", "      due: 2026-12-07", "      due: 2026-12-04")

    result = invoke("diff", "HEAD", "--exit-code")

    assert result.exit_code == 1
    assert "Playbook changes: HEAD (" in result.stdout
    assert "→ working tree" in result.stdout  # uncommitted edits are the default HEAD
    assert "(3 days earlier)" in result.stdout


def test_a_revision_that_does_not_exist_is_one_line(repo: GitRepo, invoke: Invoke) -> None:
    result = invoke("diff", "no-such-branch")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: `no-such-branch` is neither a folder nor a git revision\n"


def test_outside_a_repository_a_revision_cannot_be_read(workdir: Path, invoke: Invoke) -> None:
    result = invoke("diff", "main")

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: `main` is not a folder, and ")
    assert result.stderr.endswith("is not in a git repository where it could be a revision\n")


def test_a_shallow_clone_says_to_fetch_the_history(
    repo: GitRepo, tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.edit("northwind-support/brief.yaml", "      due: 2026-12-07", "      due: 2026-12-08")
    base = repo.git("rev-parse", "HEAD").strip()
    repo.commit("Move a milestone")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{repo.top}", str(clone)], check=True
    )
    monkeypatch.chdir(clone)

    result = invoke("diff", base)

    assert result.exit_code == 2
    assert "this clone is shallow, fetch the history first" in result.stderr
    assert "`fetch-depth: 0` in actions/checkout" in result.stderr


def test_an_invalid_base_still_shows_what_it_can_and_lists_its_problems(
    repo: GitRepo, invoke: Invoke
) -> None:
    repo.edit("northwind-support/brief.yaml", "      owner: ohaddad\n", "      owner: [ohaddad\n")
    repo.commit("Break the brief")
    repo.edit("northwind-support/brief.yaml", "      owner: [ohaddad\n", "      owner: ohaddad\n")
    repo.edit(
        "northwind-support/ramp.yaml",
        "        - metric: csat\n          comparator: at-least\n          value: 87",
        "        - metric: csat\n          comparator: at-least\n          value: 86",
    )
    repo.commit("Fix the brief, lower the day-60 CSAT floor")

    result = invoke("diff", "HEAD~1", "HEAD", "--format", "markdown")

    assert result.exit_code == 0
    out = result.stdout
    assert "> The base has 1 error: what it could not read is not compared" in out
    assert "#### Engagement brief (could not be compared)" in out
    assert "> the old version has errors, so it could not be compared" in out
    assert [
        "Day 60 checkpoint › Customer satisfaction › target",
        "at least 87%",
        "at least 86%",
        "⚠️ loosened; higher is better",
    ] in [cells(row) for row in rows(out)]
    fixed = out[out.index("✅ **Fixed**") :]
    assert "- `playbooks/northwind-support/brief.yaml:73:13` PB001 invalid YAML" in fixed


def test_a_renamed_file_is_compared_with_its_old_self(repo: GitRepo, invoke: Invoke) -> None:
    repo.git("mv", "playbooks/northwind-support/ramp.yaml", "playbooks/northwind-support/plan.yaml")
    repo.edit("northwind-support/plan.yaml", "title: Baseline", "title: Baseline review")
    repo.commit("Rename the plan")

    result = invoke("diff", "HEAD~1", "HEAD")

    lines = result.stdout.splitlines()
    assert (
        "  30/60/90-day plan: playbooks/northwind-support/plan.yaml "
        "(moved from playbooks/northwind-support/ramp.yaml)"
    ) in lines
    assert "    ~ 25:14  Day 30 checkpoint › title: Baseline → Baseline review" in lines
    assert "added" not in result.stdout
    assert "removed" not in result.stdout


def test_a_file_whose_kind_changed_is_named(repo: GitRepo, invoke: Invoke) -> None:
    folder = repo.playbooks / "northwind-support"
    ramp, certification = folder / "ramp.yaml", folder / "certification.yaml"
    ramp_text, certification_text = ramp.read_text(), certification.read_text()
    ramp.write_text(certification_text)
    certification.write_text(ramp_text)
    repo.commit("Swap two files")

    result = invoke("diff", "HEAD~1", "HEAD", "--format", "markdown")

    assert (
        "- `playbooks/northwind-support/ramp.yaml` now holds an agent certification checklist "
        "(CertificationChecklist), not a 30/60/90-day plan (RampPlan)"
    ) in result.stdout.splitlines()
    assert rows(result.stdout) == []  # same content, only in other files


def test_two_folders_compare_like_two_revisions(
    repo: GitRepo, tmp_path: Path, invoke: Invoke
) -> None:
    old = tmp_path / "old"
    shutil.copytree(repo.playbooks, old)
    repo.edit("summit-outbound/escalation.yaml", "response: 5m", "response: 10m")

    result = invoke("diff", str(old), "playbooks")

    assert result.exit_code == 0
    assert f"Playbook changes: {old}/ → playbooks/" in result.stdout
    assert "    ~ 47:17  P2 (Hot lead) › response target: 5m → 10m (loosened)" in (
        result.stdout.splitlines()
    )
    assert "moved from" not in result.stdout


def test_user_text_cannot_break_or_inject_into_the_comment(repo: GitRepo, invoke: Invoke) -> None:
    repo.edit(
        "northwind-support/brief.yaml",
        "title: Voice overflow queue live",
        "title: \"<script>alert('x')</script> | pipe | @dwhitfield *now*\"",
    )

    markdown = invoke("diff", "HEAD", "--format", "markdown").stdout

    (row,) = rows(markdown)
    assert cells(row)[0] == (
        "Milestone “\\<script\\>alert('x')\\</script\\> \\| pipe \\| "
        "@\u200bdwhitfield \\*now\\*” › title"
    )
    assert "<script>" not in markdown
    assert "@dwhitfield" not in markdown.replace("`@dwhitfield`", "")


def test_new_sign_offs_and_a_new_start_date(repo: GitRepo, invoke: Invoke) -> None:
    repo.edit("northwind-support/engagement.yaml", "  start: 2026-11-02", "  start: 2026-11-03")
    for person in ("malvarez", "jokafor"):
        approved = invoke(
            "approve",
            "playbooks/northwind-support/engagement.yaml",
            "--as",
            person,
            "--date",
            "2026-10-30",
        )
        assert approved.exit_code == 0, approved.stderr

    lines = invoke("diff", "HEAD").stdout.splitlines()

    assert (
        "    ~ 28:10  start date: 2 Nov 2026 → 3 Nov 2026 "
        "(1 day later; dates given as a day of the engagement move with it)"
    ) in lines
    assert (
        "    approved again: Marco Alvarez (client, 30 Oct 2026); "
        "James Okafor (vendor, 30 Oct 2026)"
    ) in lines
    assert not any("approval made stale" in line for line in lines)
    assert (
        "    ~ 44:9  Day 30 checkpoint › review date: 1 Dec 2026 (day 30) → "
        "2 Dec 2026 (day 30) (1 day later)"
    ) in lines


def test_a_new_engagement_and_a_removed_one(repo: GitRepo, invoke: Invoke) -> None:
    shutil.rmtree(repo.playbooks / "summit-outbound")

    out = invoke("diff", "HEAD", "--format", "markdown").stdout

    assert "### Summit Analytics outbound demo campaign" in out
    assert "`summit-outbound` · engagement removed" in out
    assert "#### Campaign brief (removed)" in out


def test_a_base_without_playbooks_makes_everything_new(repo: GitRepo, invoke: Invoke) -> None:
    repo.git("rm", "-r", "--quiet", "playbooks")
    repo.commit("Start over")
    repo.git("checkout", "HEAD~1", "--", "playbooks")

    lines = invoke("diff", "HEAD").stdout.splitlines()

    # every file is new: one change each
    assert lines[1] == f"{FILES} changes in 2 engagements and the shared catalogs."
    assert lines[2] == "The base has no playbook files: everything here is new."
    assert "Summit Analytics outbound demo campaign (summit-outbound, new engagement)" in lines


def test_items_added_and_removed_say_what_they_were(repo: GitRepo, invoke: Invoke) -> None:
    policy_quiz = (
        "        - id: policy-quiz\n"
        "          title: Returns, exchanges, warranty and shipping policy quiz\n"
        "          method: quiz\n"
        "          pass_threshold: 90\n"
        "          assessor: gkim\n"
    )
    repo.edit("northwind-support/certification.yaml", policy_quiz, "")
    repo.edit(
        "northwind-support/ramp.yaml",
        "        - metric: repeat-contacts\n          comparator: trending-down\n",
        "        - metric: repeat-contacts\n          comparator: trending-down\n"
        "        - metric: aht\n          comparator: at-most\n          value: 9\n",
    )

    lines = invoke("diff", "HEAD").stdout.splitlines()

    assert (
        "    - 25:11 (old)  Module “Products, orders and policies” › Item “Returns, exchanges, "
        "warranty and shipping policy quiz” removed (was: quiz, pass at 90%, assessor "
        "Grace Kim (Trainer), required; loosened)"
    ) in lines
    assert (
        "    + 112:11  Day 90 checkpoint › Average handle time added: at most 9 min (tightened)"
    ) in lines


def test_a_checkpoint_moved_to_another_day_is_the_same_checkpoint(
    repo: GitRepo, invoke: Invoke
) -> None:
    repo.edit("summit-outbound/ramp.yaml", "    - day: 60\n", "    - day: 63\n")

    lines = invoke("diff", "HEAD").stdout.splitlines()

    changes = [line for line in lines if line.startswith("    ")]
    assert changes == [
        "    ~ 157:9  Day 63 checkpoint › review date: 29 Apr 2027 (day 60) → 2 May 2027 (day 63) "
        "(3 days later)",
        "    ~ 134:12  Day 63 checkpoint › day: 60 → 63",
    ]


def test_results_read_in_the_words_of_a_review(repo: GitRepo, invoke: Invoke) -> None:
    results = "northwind-support/results.yaml"
    repo.edit(results, "          value: 84\n", "          value: 83\n")
    repo.edit(
        results,
        "          on: 2026-11-27\n",
        "          on: 2026-11-27\n        - due: 2026-12-15\n"
        "          reason: The carrier test failed.\n          agreed_by: [malvarez, smarsh]\n",
    )
    repo.edit(
        results,
        "    - milestone: voice-overflow\n",
        "    - milestone: tier-2-certified\n      done_on: 2026-12-01\n    - milestone: voice-overflow\n",
    )
    repo.commit("Day-30 CSAT corrected; voice overflow moved again; Tier 2 certified early")

    result = invoke("diff", "HEAD~1", "HEAD", "--format", "markdown")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    missed = "- Customer satisfaction on day 30: 83% against at least 85%, missed by 2 points, "
    assert any(
        line.startswith(missed)
        and line.endswith("6,111 in service credits (40% of the pool) unless earned back")
        for line in lines
    )
    assert (
        "- Voice overflow queue live re-planned 4 days later, to 15 Dec 2026 "
        "(agreed by Marco Alvarez, Sofia Marsh)"
    ) in lines
    assert (
        "- Tier 2 agents certified on refunds, warranty and carrier cases done on 1 Dec 2026"
        in lines
    )


def test_a_new_miss_with_its_cause_and_actions_reads_as_one_line(
    repo: GitRepo, invoke: Invoke
) -> None:
    text = (repo.playbooks / "northwind-support/results.yaml").read_text()
    start = text.index("        - metric: csat\n")
    end = text.index("  series:\n")
    (repo.playbooks / "northwind-support/results.yaml").write_text(text[:start] + text[end:])
    repo.commit("Before the CSAT result")
    (repo.playbooks / "northwind-support/results.yaml").write_text(text)
    repo.commit("CSAT recorded, with its root cause and actions")

    result = invoke("diff", "HEAD~1", "HEAD", "--format", "text")

    assert result.exit_code == 0, result.stderr
    assert (
        "* Customer satisfaction on day 30: 84% against at least 85%, missed by 1 point, which "
        "costs $6,111 in service credits (40% of the pool) unless earned back; root cause "
        "added; 2 actions added"
    ) in result.stdout


def test_a_staffing_forecast_changes_interval_by_interval(repo: GitRepo, invoke: Invoke) -> None:
    repo.edit(
        "northwind-support/ramp.yaml",
        '            - {at: "11:00", volume: 28, agents: 10}\n',
        '            - {at: "11:00", volume: 28, agents: 11}\n',
    )
    repo.edit(
        "northwind-support/ramp.yaml",
        '            - {at: "17:30", volume: 2, agents: 2}\n',
        "",
    )

    lines = invoke("diff", "HEAD").stdout.splitlines()

    assert [line.strip().split("  ", 1)[1] for line in lines if "Staffing of" in line] == [
        "Staffing of voice from day 40 › Forecast for Mon › Interval at 11:00 › agents: 10 → 11",
        "Staffing of voice from day 40 › Forecast for Mon › Interval at 17:30 removed",
    ]
