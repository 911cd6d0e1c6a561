"""The checkpoint report: typeset from the plan and the scorecard, read back, signed, verified."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator.cli import cli
from tests import pki
from tests.conftest import replace_in
from tests.pdftools import EPOCH, flat, pdf_text, pdfsig, typeset_examples


def run(*args: str) -> Result:
    env = {"PLAYBOOK_KEY_PASSPHRASE": pki.PASSPHRASE, "SOURCE_DATE_EPOCH": EPOCH}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("report")
    result = typeset_examples(base, "out")
    assert result.exit_code == 0, result.output
    config = str(base / "playbook.toml")
    client = run(
        "pdf",
        "northwind-support",
        "--audience",
        "client",
        "-o",
        str(base / "client"),
        "--config",
        config,
    )
    assert client.exit_code == 0, client.output
    return base


def report(base: Path, edition: str = "out") -> Path:
    return base / edition / "northwind-support" / "report-day-30.pdf"


def test_only_a_checkpoint_with_results_gets_a_report(base: Path) -> None:
    assert report(base).exists()
    assert not list((base / "out" / "summit-outbound").glob("report-*.pdf"))


def test_each_target_reads_with_what_was_measured_and_its_status(base: Path) -> None:
    text = flat(pdf_text(report(base)))
    assert "30-day baseline report" in text
    for row in (
        "System access complete at least 100% 100% Met Okta access report",
        "Knowledge-base coverage at least 80% 86% Met Guru analytics",
        "First response time trending down -38 min a week Met Zendesk Explore",
        "Process error rate trending down +0.25% a week Missed",
        "Customer satisfaction at least 85% 84% Missed by 1 point computed from contacts-day-",
    ):
        assert row in text, row


def test_each_miss_has_its_root_cause_and_its_actions_with_owners_and_dates(base: Path) -> None:
    text = flat(pdf_text(report(base)))
    assert "Customer satisfaction: Missed by 1 point" in text
    assert "Chat waits over 10 minutes on the Black Friday weekend" in text
    assert (
        "Raise certified agents to three concurrent chats Elena Petrova (Team Lead) 4 Dec 2026 Open"
        in text
    )
    assert "Process error rate: Missed" in text
    assert "Publish the holiday returns policy article and macro Marco Alvarez" in text
    assert "Dana Whitfield, VP Customer Experience (executive sponsor)" in text  # attended
    assert "Keep Tier 1 e-mail and chat with Harbor CX" in text  # decided
    assert "Sign-off" in text


def test_the_report_names_the_plan_and_the_scorecard_it_was_built_from(base: Path) -> None:
    reader = PdfReader(report(base))
    manifest = json.loads(reader.attachments["playbook-content.json"][0])
    assert manifest["kind"] == "CheckpointReport"
    assert manifest["title"] == "30-day baseline report"
    assert [part["kind"] for part in manifest["parts"]] == ["RampPlan", "Scorecard"]
    assert "results.yaml" in reader.attachments


def test_the_client_edition_leaves_out_the_vendors_notes(base: Path) -> None:
    internal = flat(pdf_text(report(base)))
    client = flat(pdf_text(report(base, "client")))
    assert "Internal copy: for the vendor team only" in internal
    assert "Internal copy" not in client
    assert "Customer satisfaction at least 85% 84% Missed by 1 point" in client
    assert "results.client.yaml" in PdfReader(report(base, "client")).attachments


def test_the_report_is_signed_by_both_parties_and_verified_against_the_playbooks(
    base: Path, tmp_path: Path
) -> None:
    trust = pki.roots(tmp_path / "keys")
    pdf = Path(shutil.copy(report(base), tmp_path / "report-day-30.pdf"))
    for signer in ("smarsh", "dwhitfield"):  # each with the key the roster lists for them
        signed = run("sign", str(pdf), "--key", str(pki.example_p12(signer)))
        assert signed.exit_code == 0, signed.output
    playbooks = tmp_path / "playbooks"
    shutil.copytree(base / "playbooks", playbooks)
    checked = run("verify", str(pdf), "--trust", str(trust), "--against", str(playbooks))
    assert checked.exit_code == 0, checked.output
    assert (
        checked.stdout.splitlines()[0] == f"{pdf}: 30-day baseline report 1.0 of northwind-support"
    )
    assert checked.stdout.splitlines()[-1] == "  verdict: OK"
    poppler = pdfsig(pdf)
    assert poppler.count("Signature Validation: Signature is Valid.") == 2
    # a result changed after signing: the signed report no longer matches the playbooks
    replace_in(playbooks / "northwind-support" / "results.yaml", "value: 84\n", "value: 85\n")
    stale = run("verify", str(pdf), "--trust", str(trust), "--against", str(playbooks))
    assert stale.exit_code == 1
    assert "results.yaml now has" in stale.stdout
