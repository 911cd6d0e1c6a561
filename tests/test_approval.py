"""`playbook digest` and `playbook approve`: approvals bound to content, files kept as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.signoff.approval import splice_signoff
from tests.conftest import Invoke, example_key, findings, replace_in, where

NW_DIGEST = "sha256:6a9d94b383115d5b615bd7505b36228e49237c62da15bde456dba230b3a4acef"
#: What the client's sign-off of the Northwind brief approves: the edition it reads (its
#: internal notes are kept from the client) and what that shows of metrics and people.
NW_CLIENT_DIGEST = "sha256:48a3de3924eac50e1b16ff886b9a3684fca7085373a75fed36b8186d9a12c22a"
#: What the vendor's sign-off of it approves: the whole brief and what it shows.
NW_VENDOR_DIGEST = "sha256:1cecb6bd1b5ea9a7a0c17ef4d7563c3b1834013a23adfd200d0dc7f7d8f9891b"


def digest_of(invoke: Invoke, path: Path, *party: str) -> str:
    result = invoke("digest", str(path), *(("--for", *party) if party else ()))
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_digest_ignores_comments_quoting_key_order_and_signoffs(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    assert digest_of(invoke, brief) == NW_DIGEST
    text = brief.read_text()
    text = text.replace("  owner: jokafor\nspec:", "  owner: jokafor  # keeps it current\nspec:")
    text = text.replace(
        '  version: "1.2"\n  status: approved\n', "  status: draft\n  version: '1.2'\n"
    )
    text = text.replace(
        "      - channel: email\n        per_day: 1400\n",
        '      - per_day: 1400\n        channel: "email"\n',
    )
    text = text[: text.index("signoffs:")]
    brief.write_text("# reformatted\n" + text)
    assert digest_of(invoke, brief) == NW_DIGEST


def test_a_signatory_the_document_names_nowhere_else_stays_current_after_signing(
    examples: Path, invoke: Invoke
) -> None:
    # Summit's pricing names only its owner: its client signatory is named by the sign-off
    # alone, which is not part of what the sign-off approves.
    pricing = examples / "summit-outbound" / "commercials.yaml"
    replace_in(pricing, "  status: review\n", "  status: approved\n")
    before = digest_of(invoke, pricing, "client")
    for person in ("npark", "smarsh"):
        done = invoke("approve", str(pricing), "--as", person, "--date", "2026-12-01")
        assert done.exit_code == 0, done.output
    assert digest_of(invoke, pricing, "client") == before
    stale = [line for line in findings(invoke("validate").output) if " PB60" in line]
    stale = [line for line in stale if " PB609 " not in line]  # unsigned: no key given
    assert stale == []


def test_digest_changes_with_the_content(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "value: 88", "value: 87")
    assert digest_of(invoke, brief) != NW_DIGEST


def test_first_approval_appends_a_block_and_keeps_every_other_byte(
    examples: Path, invoke: Invoke
) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    before = ramp.read_text()
    content = digest_of(invoke, ramp)
    digest = digest_of(invoke, ramp, "client")
    result = invoke("approve", str(ramp), "--as", "npark", "--date", "2027-02-20")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Recorded the client sign-off by `npark` on 2027-02-20 for {ramp} ({digest[7:19]}).\n"
    )
    assert ramp.read_text() == before + (
        f"signoffs:\n  - person: npark\n    date: 2027-02-20\n    digest: {digest}\n"
    )
    assert digest_of(invoke, ramp) == content  # the sign-off is not content


def test_approval_keeps_a_byte_order_mark(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    before = b"\xef\xbb\xbf" + ramp.read_bytes()
    ramp.write_bytes(before)
    digest = digest_of(invoke, ramp, "client")
    assert invoke("approve", str(ramp), "--as", "npark", "--date", "2027-02-20").exit_code == 0
    assert (
        ramp.read_bytes()
        == before
        + (f"signoffs:\n  - person: npark\n    date: 2027-02-20\n    digest: {digest}\n").encode()
    )


def test_second_approval_goes_after_the_first_and_keeps_comments(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "  assumptions:\n", "  # what we rely on\n  assumptions:\n")
    replace_in(brief, "signoffs:\n", "signoffs:  # both parties\n")
    brief.write_text(brief.read_text() + "# end of brief\n")
    before = brief.read_text()
    result = invoke("approve", str(brief), "--as", "malvarez", "--date", "2026-11-05")
    assert result.exit_code == 0, result.output
    added = f"  - person: malvarez\n    date: 2026-11-05\n    digest: {NW_CLIENT_DIGEST}\n"
    marker = "# end of brief\n"
    assert brief.read_text() == before.replace(marker, added + marker)


def test_already_approved_content_is_left_alone(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    before = brief.read_bytes()
    result = invoke("approve", str(brief), "--as", "smarsh")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{brief}: `smarsh` already approved this content ({NW_VENDOR_DIGEST[7:19]}).\n"
    )
    assert brief.read_bytes() == before


def test_a_stale_signoff_is_replaced_and_the_others_kept(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    kept = brief.read_text()[brief.read_text().index("  - person: smarsh") :]
    replace_in(brief, "value: 88\n", "value: 87\n")
    assert invoke("validate").exit_code == 1  # stale on an approved document
    new = digest_of(invoke, brief, "client")
    key = str(example_key(examples, "dwhitfield"))
    result = invoke(
        "approve", str(brief), "--as", "dwhitfield", "--date", "2026-12-01", "--key", key
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Renewed the client sign-off by `dwhitfield` on 2026-12-01")
    assert result.stdout.endswith(", signed with their key).\n")
    tail = brief.read_text()[brief.read_text().index("signoffs:") :]
    head = f"  - person: dwhitfield\n    date: 2026-12-01\n    digest: {new}\n    signature: |\n"
    assert tail.startswith("signoffs:\n" + kept + head)
    assert tail.endswith("      -----END SSH SIGNATURE-----\n")
    validated = invoke("validate")
    assert "PB602" in validated.stdout
    assert "`smarsh`" in validated.stdout
    assert "`dwhitfield`" not in validated.stdout
    key = str(example_key(examples, "smarsh"))
    invoke("approve", str(brief), "--as", "smarsh", "--date", "2026-12-02", "--key", key)
    assert invoke("validate", "--strict").exit_code == 0


def test_comment_on_an_empty_list_and_the_lines_after_it_survive(
    examples: Path, invoke: Invoke
) -> None:
    cert = examples / "summit-outbound" / "certification.yaml"
    replace_in(cert, "spec:\n", "signoffs: []  # none yet\n# --- the checklist ---\n\nspec:\n")
    before = cert.read_text()
    assert invoke("approve", str(cert), "--as", "lgrant", "--date", "2027-02-01").exit_code == 0
    digest = digest_of(invoke, cert, "vendor")
    assert cert.read_text() == before.replace(
        "signoffs: []  # none yet\n",
        f"signoffs:  # none yet\n  - person: lgrant\n    date: 2027-02-01\n    digest: {digest}\n",
    )


def test_windows_line_endings_are_kept(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    ramp.write_bytes(ramp.read_bytes().replace(b"\n", b"\r\n"))
    before = ramp.read_bytes()
    assert invoke("approve", str(ramp), "--as", "lgrant", "--date", "2027-02-01").exit_code == 0
    after = ramp.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].count(b"\r\n") == 4
    assert after.count(b"\n") == after.count(b"\r\n")


def test_unknown_person_is_refused_and_nothing_written(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    before = brief.read_bytes()
    result = invoke("approve", str(brief), "--as", "nobody")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: `nobody` is not in the engagement's roster (people: ")
    assert brief.read_bytes() == before


def test_a_file_with_errors_is_refused_with_its_diagnostics(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      owner: ohaddad\n      day: 7\n", "      day: 7\n")
    before = brief.read_bytes()
    result = invoke("approve", str(brief), "--as", "npark")
    assert result.exit_code == 1
    assert "PB102 milestone `systems-tested` is missing required field `owner`" in result.stderr
    assert result.stderr.endswith("Not approved: fix the errors above first.\n")
    assert brief.read_bytes() == before


@pytest.mark.parametrize(
    ("old", "new"),
    [("  status: review\n", "  status: [review\n"), ("  phase: proposal\n", "  phase: pitch\n")],
    ids=["not YAML", "not valid"],
)
def test_an_engagement_file_with_errors_is_named(
    examples: Path, invoke: Invoke, old: str, new: str
) -> None:
    replace_in(examples / "summit-outbound" / "engagement.yaml", old, new)
    brief = examples / "summit-outbound" / "brief.yaml"
    before = brief.read_bytes()
    result = invoke("approve", str(brief), "--as", "npark")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: playbooks/summit-outbound/engagement.yaml: the engagement file has errors, so "
        "who signs cannot be checked; run `playbook validate` and fix them first\n"
    )
    assert brief.read_bytes() == before


def test_a_layout_it_cannot_edit_safely_is_refused_untouched(
    examples: Path, invoke: Invoke
) -> None:
    matrix = examples / "summit-outbound" / "escalation.yaml"
    matrix.write_text(
        matrix.read_text()
        + "signoffs: [{person: npark, date: 2027-01-01, digest: 'sha256:"
        + "0" * 64
        + "'}]\n"
    )
    before = matrix.read_bytes()
    result = invoke("approve", str(matrix), "--as", "lgrant")
    assert result.exit_code == 2
    assert "could not be added without changing the file's content" in result.stderr
    assert matrix.read_bytes() == before
    assert sorted(p.name for p in matrix.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("ending", ["\n", ""])
def test_splice_adds_a_line_break_only_where_missing(ending: str) -> None:
    text = "apiVersion: playbook/v1\nkind: RampPlan" + ending
    entry = {"person": "a", "date": "2027-01-01", "digest": "sha256:" + "1" * 64}
    spliced = splice_signoff(text, entry)
    assert spliced.startswith("apiVersion: playbook/v1\nkind: RampPlan\nsignoffs:\n  - person: a\n")


def test_someone_who_does_not_sign_the_document_is_refused_and_nothing_written(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    before = brief.read_bytes()
    result = invoke("approve", str(brief), "--as", "gkim")
    assert result.exit_code == 2
    assert (
        "`gkim` (Trainer) may not sign the engagement brief for the vendor: its vendor sign-off "
        "comes from Sofia Marsh (`smarsh`) or James Okafor (`jokafor`). To let them sign it, "
        "add `signs: [EngagementBrief]` to their roster entry"
    ) in result.stderr
    assert brief.read_bytes() == before


def test_a_person_the_roster_lets_sign_a_kind_signs_it(examples: Path, invoke: Invoke) -> None:
    checklist = examples / "northwind-support" / "certification.yaml"
    replace_in(checklist, "pass_threshold: 80", "pass_threshold: 85")
    result = invoke("approve", str(checklist), "--as", "gkim", "--date", "2026-11-30")
    assert result.exit_code == 0, result.stderr
    assert "Renewed the vendor sign-off by `gkim`" in result.stdout


def test_a_recorded_signoff_by_a_non_signatory_is_an_error_at_its_place(
    examples: Path, invoke: Invoke
) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(
        engagement,
        "      signs: [CertificationChecklist]   # the trainer signs the certification gate\n",
        "",
    )
    result = invoke("validate")
    checklist = examples / "northwind-support" / "certification.yaml"
    assert (
        f"{where(checklist, 'person: gkim', offset=8)}: PB604 `gkim` (Trainer) does not sign the agent "
        "certification checklist for the vendor"
    ) in result.stdout
    # so the approved checklist lacks a vendor sign-off (PB601); and the engagement file
    # changed, so its own approvals are stale (PB602, and PB601 for it too)
    codes = {line.split(": ")[1].split()[0] for line in findings(result.stdout)}
    assert codes == {"PB601", "PB602", "PB604"}


def test_an_unknown_kind_to_sign_is_named(examples: Path, invoke: Invoke) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(engagement, "signs: [CertificationChecklist]", "signs: [CertificationCheklist]")
    result = invoke("validate")
    assert (
        f"{where(engagement, 'CertificationCheklist')}: PB605 `CertificationCheklist` is not a "
        "document kind"
    ) in result.stdout
    assert "did you mean `CertificationChecklist`?" in result.stdout


def test_each_party_approves_the_edition_it_reads(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    client = invoke("digest", str(brief), "--for", "client").stdout.strip()
    vendor = invoke("digest", str(brief), "--for", "vendor").stdout.strip()
    assert vendor == NW_VENDOR_DIGEST
    assert client != vendor  # the internal notes are kept from the client
    assert f"digest: {client}" in brief.read_text()  # the client signed what it reads
    replace_in(
        brief,
        "    calibration: Weekly,",
        "    internal_notes: Keep the calibration gap under 3 points internally.\n"
        "    calibration: Weekly,",
    )
    result = invoke("validate")
    stale = [line for line in findings(result.stdout) if "PB602" in line]
    assert len(stale) == 1
    assert "the sign-off by `smarsh` on 2026-11-04 is stale" in stale[0]
    assert invoke("digest", str(brief), "--for", "client").stdout.strip() == client


def test_the_sign_off_that_completes_both_parties_approves_the_document(
    examples: Path, invoke: Invoke
) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    assert "  status: draft\n" in ramp.read_text()
    first = invoke("approve", str(ramp), "--as", "npark", "--date", "2027-02-20")
    assert first.exit_code == 0, first.output
    assert "status moved" not in first.stdout  # the vendor has not signed yet
    assert "  status: draft\n" in ramp.read_text()
    second = invoke("approve", str(ramp), "--as", "lgrant", "--date", "2027-02-21")
    assert second.exit_code == 0, second.output
    assert second.stdout.endswith(
        "Both parties have now signed its current content: its status moved from `draft` to "
        "`approved`.\n"
    )
    text = ramp.read_text()
    assert "  status: approved\n" in text
    assert "  status: draft\n" not in text
    summit = [
        line for line in findings(invoke("validate").stdout) if "summit-outbound/ramp" in line
    ]
    assert [line for line in summit if " PB601 " in line or " PB602 " in line] == []
