"""A client approves in the pull request: an approving review, by a signatory on the
roster, records their sign-off signed by the repository's review notary, which
`validate` checks offline; every review that cannot sign says why in its comment.

Each test is a real git repository holding the examples, with a pull request branch
that changes the 30/60/90-day plan, and an event payload in the shape GitHub documents
for `pull_request_review`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from generator.config import load_config
from generator.validation import validate
from generator.views.context import approval
from tests.conftest import Invoke, example_key, findings, replace_in

REVIEW = "https://github.com/acme/playbooks/pull/7#pullrequestreview-80"
PLAN = "playbooks/northwind-support/ramp.yaml"


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def make_notary(key: Path) -> Path:
    """A fresh notary key pair at ``key`` (and ``key``.pub)."""
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "review notary", "-f", str(key)],
        check=True,
    )
    return key


def open_pull_request(repo: Path, notary: Path) -> dict[str, str]:
    """The examples in a repository at ``repo`` whose main names the notary, and a branch
    that changes the plan: the commits of the pull request's base and head."""
    public = notary.with_suffix(".pub").read_text().strip()
    engagement = repo / "playbooks" / "northwind-support" / "engagement.yaml"
    replace_in(
        engagement,
        "\nsignoffs:",
        f"\n  review_notary:\n    repository: acme/playbooks\n    ssh_key: {public}\nsignoffs:",
    )
    # Priya Raman signs the escalation matrix only; she reviews with this handle
    replace_in(
        engagement,
        "      signs: [EscalationMatrix]   #",
        "      github: praman-nw\n      signs: [EscalationMatrix]   #",
    )
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "notary@harborcx.example")
    git(repo, "config", "user.name", "Review notary")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Playbooks")
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "plan-focus")
    replace_in(repo / PLAN, "focus:", "focus: Agreed in the review.", count=1)
    git(repo, "commit", "-q", "-am", "Reword the first checkpoint's focus")
    return {"base": base, "head": git(repo, "rev-parse", "HEAD")}


@pytest.fixture
def notary(tmp_path: Path) -> Path:
    return make_notary(tmp_path.parent / f"{tmp_path.name}-notary")


@pytest.fixture
def pull_request(examples: Path, notary: Path) -> dict[str, str]:
    return open_pull_request(examples.parent, notary)


def event(
    folder: Path,
    commits: dict[str, str],
    login: str = "malvarez",
    state: str = "approved",
    commit: str | None = None,
    repository: str = "acme/playbooks",
) -> Path:
    """A `pull_request_review` payload as GitHub sends it (trimmed to what matters)."""
    payload = {
        "action": "submitted",
        "review": {
            "id": 80,
            "user": {"login": login, "type": "User"},
            "body": "Looks right to us.",
            "commit_id": commit or commits["head"],
            "submitted_at": "2026-12-02T15:20:38Z",
            "state": state,
            "html_url": REVIEW.replace("acme/playbooks", repository),
            "author_association": "COLLABORATOR",
        },
        "pull_request": {
            "number": 7,
            "head": {"sha": commits["head"], "ref": "plan-focus"},
            "base": {"sha": commits["base"], "ref": "main"},
        },
        "repository": {"full_name": repository},
        "sender": {"login": login},
    }
    path = folder.parent / f"{folder.name}-event.json"
    path.write_text(json.dumps(payload))
    return path


def test_an_approving_review_records_a_notarised_sign_off_that_validate_accepts(
    examples: Path, pull_request: dict[str, str], notary: Path, invoke: Invoke
) -> None:
    repo = examples.parent
    done = invoke(
        "approve-review", str(event(repo, pull_request)), "--key", str(notary), "--commit"
    )
    assert done.exit_code == 0, done.output
    head = pull_request["head"][:7]
    assert done.stdout == (
        f"**Sign-offs from @malvarez's review of {head}**\n\n"
        "Recorded, signed by the review notary:\n\n"
        f"- `{PLAN}`: Marco Alvarez, Support Operations Manager (main contact) approved it for the client "
        "on 2 Dec 2026\n"
    )
    text = (repo / PLAN).read_text()
    assert f'    via: {{review: "{REVIEW}", commit: "{pull_request["head"]}"}}\n' in text
    # committed on the branch, naming the review
    assert git(repo, "log", "-1", "--format=%s%n%b").splitlines()[:2] == [
        f"Record sign-offs from @malvarez's review of {head}",
        f"Review: {REVIEW}",
    ]
    assert git(repo, "status", "--porcelain") == ""
    checked = findings(invoke("validate").output)
    plan = [line for line in checked if line.startswith(PLAN)]
    # the signature holds, and Marco Alvarez's sign-off is current; the vendor's is stale,
    # as the change asks it to be
    assert not [line for line in plan if "PB609" in line or "PB610" in line], plan
    assert not [line for line in plan if "`malvarez`" in line], plan
    assert any("PB603" in line and "`jokafor`" in line for line in plan)
    # the site's sign-off table says it came from a review
    playbook = validate((), load_config()).portfolio.get("northwind-support")
    assert playbook is not None
    assert playbook.ramp is not None
    shown = approval(playbook, playbook.ramp).signoffs
    assert [(s.person_id, s.review, s.current) for s in shown if s.review] == [
        ("malvarez", REVIEW, True)
    ]
    # approving again, after the sign-off's commit, records nothing new
    after = {**pull_request, "head": git(repo, "rev-parse", "HEAD")}
    again = invoke("approve-review", str(event(repo, after)), "--key", str(notary), "--commit")
    assert again.exit_code == 0
    assert "Marco Alvarez had already approved this content" in again.stdout
    assert git(repo, "rev-parse", "HEAD") == after["head"]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            {"login": "someone-else"},
            "@someone-else is not on the roster of `northwind-support` (no `github:` handle "
            "matches)",
        ),
        (
            {"login": "praman-nw"},
            "`praman` (Tier 2 Support Lead) may not sign the 30/60/90-day plan for the client",
        ),
        (
            {"repository": "someone/fork"},
            "the engagement's review notary is for acme/playbooks, not someone/fork",
        ),
    ],
)
def test_a_review_that_cannot_sign_says_why_and_writes_nothing(
    examples: Path,
    pull_request: dict[str, str],
    notary: Path,
    invoke: Invoke,
    change: dict[str, str],
    said: str,
) -> None:
    repo = examples.parent
    before = (repo / PLAN).read_bytes()
    done = invoke("approve-review", str(event(repo, pull_request, **change)), "--key", str(notary))
    assert done.exit_code == 1
    assert "Not recorded:" in done.stdout
    assert said in done.stdout
    assert (repo / PLAN).read_bytes() == before


def test_a_review_of_an_older_commit_approves_nothing(
    examples: Path, pull_request: dict[str, str], notary: Path, invoke: Invoke
) -> None:
    repo = examples.parent
    old = event(repo, pull_request, commit=pull_request["base"])
    done = invoke("approve-review", str(old), "--key", str(notary))
    assert done.exit_code == 1
    assert (
        f"This review approved {pull_request['base'][:7]}, but the pull request's head is "
        f"{pull_request['head'][:7]}" in done.stdout
    )
    assert git(repo, "status", "--porcelain") == ""


def test_a_review_that_does_not_approve_records_nothing_and_is_not_a_failure(
    examples: Path, pull_request: dict[str, str], notary: Path, invoke: Invoke
) -> None:
    repo = examples.parent
    done = invoke(
        "approve-review",
        str(event(repo, pull_request, state="changes_requested")),
        "--key",
        str(notary),
    )
    assert done.exit_code == 0
    assert "The review is `changes_requested`, not an approval: nothing to record." in done.stdout
    assert git(repo, "status", "--porcelain") == ""


def test_a_document_kept_from_the_reviewers_party_is_not_theirs_to_approve(
    examples: Path, pull_request: dict[str, str], notary: Path, invoke: Invoke
) -> None:
    repo = examples.parent
    replace_in(repo / PLAN, "  status: review\n", "  status: review\n  audience: internal\n")
    git(repo, "commit", "-q", "-am", "Keep the plan internal")
    commits = {**pull_request, "head": git(repo, "rev-parse", "HEAD")}
    done = invoke("approve-review", str(event(repo, commits)), "--key", str(notary))
    assert done.exit_code == 1
    assert (
        "this document is kept from the client, so Marco Alvarez's review cannot approve it"
        in done.stdout
    )


def test_an_engagement_without_a_notary_records_no_review(
    examples: Path, pull_request: dict[str, str], notary: Path, invoke: Invoke
) -> None:
    repo = examples.parent
    engagement = examples / "northwind-support" / "engagement.yaml"
    text = engagement.read_text()
    start = text.index("  review_notary:")
    engagement.write_text(text[:start] + text[text.index("signoffs:", start) :])
    git(repo, "commit", "-q", "-am", "No notary")
    commits = {**pull_request, "head": git(repo, "rev-parse", "HEAD")}
    done = invoke("approve-review", str(event(repo, commits)), "--key", str(notary))
    assert done.exit_code == 1
    assert (
        "the engagement `northwind-support` names no `review_notary`, so its reviews record no "
        "sign-off" in done.stdout
    )


def test_a_key_that_is_not_the_notarys_signs_nothing(
    examples: Path, pull_request: dict[str, str], invoke: Invoke
) -> None:
    repo = examples.parent
    own = example_key(examples, "malvarez")
    done = invoke("approve-review", str(event(repo, pull_request)), "--key", str(own))
    assert done.exit_code == 1
    assert "not the review notary's key: it was not made with the review notary's key" in (
        done.stdout
    )
    assert git(repo, "status", "--porcelain") == ""


def test_the_checkout_must_be_the_pull_requests_head(
    examples: Path, pull_request: dict[str, str], notary: Path, invoke: Invoke
) -> None:
    repo = examples.parent
    git(repo, "checkout", "-q", "main")
    done = invoke("approve-review", str(event(repo, pull_request)), "--key", str(notary))
    assert done.exit_code == 2
    assert done.stderr == (
        f"Error: the checkout is at {pull_request['base'][:7]}, not the pull request's head "
        f"{pull_request['head'][:7]}: check out the head before recording its reviews\n"
    )


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{not json", "not a JSON event payload"),
        ('{"review": {"state": "approved"}}', "`review.submitted_at` is missing"),
        ('{"review": {"submitted_at": 7}}', "`review.submitted_at` is not a text"),
        ("[1, 2]", "`review.submitted_at` is missing"),
    ],
)
def test_a_payload_of_another_shape_is_refused_at_its_field(
    examples: Path, invoke: Invoke, notary: Path, content: str, said: str
) -> None:
    payload = examples.parent / "event.json"
    payload.write_text(content)
    done = invoke("approve-review", str(payload), "--key", str(notary))
    assert done.exit_code == 2
    assert done.stderr.startswith("Error: event.json: ")
    assert said in done.stderr


def test_a_payload_that_is_a_pipe_or_huge_is_refused(
    examples: Path, invoke: Invoke, notary: Path
) -> None:
    fifo = examples.parent / "event.fifo"
    os.mkfifo(fifo)
    done = invoke("approve-review", str(fifo), "--key", str(notary))
    assert done.exit_code == 2
    assert "event.fifo" in done.stderr
    huge = examples.parent / "huge.json"
    with huge.open("wb") as stream:
        stream.truncate(30 * 1024 * 1024)
    done = invoke("approve-review", str(huge), "--key", str(notary))
    assert done.exit_code == 2
    assert "at most 25.0 MB is read" in done.stderr


def _signoff_of_malvarez(path: Path) -> tuple[int, int]:
    text = path.read_text()
    start = text.index("  - person: malvarez")
    return start, text.index("\n  - ", start + 1) if "\n  - " in text[start + 1 :] else len(text)


def test_a_via_typed_by_hand_proves_nothing(
    examples: Path, pull_request: dict[str, str], notary: Path, invoke: Invoke
) -> None:
    repo = examples.parent
    assert (
        invoke("approve-review", str(event(repo, pull_request)), "--key", str(notary)).exit_code
        == 0
    )
    plan = repo / PLAN
    recorded = plan.read_text()
    # the notary's signature stripped: a `via:` line anyone could type
    start = recorded.index(f'    via: {{review: "{REVIEW}"')
    cut = recorded.index("-----END SSH SIGNATURE-----\n", start) + len(
        "-----END SSH SIGNATURE-----\n"
    )
    line_end = recorded.index("\n", start) + 1
    plan.write_text(recorded[:line_end] + recorded[cut:])
    lines = findings(invoke("validate").output)
    assert any(
        "PB610" in line
        and "it names a review but carries no signature of the review notary" in line
        for line in lines
    ), lines
    # the review moved to another repository after signing
    plan.write_text(recorded.replace("acme/playbooks/pull/7", "acme/other/pull/7"))
    lines = findings(invoke("validate").output)
    assert any(
        "the review is in acme/other, not in the notary's acme/playbooks" in line for line in lines
    ), lines
    # the commit changed after signing
    other = "0" * 40
    plan.write_text(recorded.replace(f'commit: "{pull_request["head"]}"', f'commit: "{other}"'))
    lines = findings(invoke("validate").output)
    assert any(
        "PB610" in line and "not a valid signature of this approval" in line for line in lines
    ), lines
