"""Rules on approvals: PB601-PB608."""

from __future__ import annotations

import os
from pathlib import Path

from tests import pki
from tests.conftest import Invoke, findings, replace_in, where


def test_changing_an_approved_document_makes_its_signoffs_stale(
    examples: Path, invoke: Invoke
) -> None:
    matrix = examples / "northwind-support" / "escalation.yaml"
    replace_in(matrix, "      response: 15m\n", "      response: 30m\n")
    result = invoke("validate")
    assert result.exit_code == 1
    found = findings(result.stdout)
    assert (
        f"{where(matrix, 'status: approved', offset=8)}: PB601 the document is `approved` but"
        " has no current sign-off from either party (neither the client nor the vendor)" in found
    )
    stale = [line for line in found if " PB602 " in line]
    assert len(stale) == 2
    assert "the sign-off by `praman` on 2026-11-18 is stale: it approved b639a70982ba" in stale[0]
    assert "(`playbook diff` names the change); review it, then: playbook approve " in (
        result.stdout
    )


def test_approved_needs_both_parties(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(ramp, "  status: review\n", "  status: approved\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(ramp, 'approved')}: PB601 the document is `approved` but has no current sign-off "
        "from the client"
    ]


def test_a_stale_signoff_on_a_draft_is_only_a_warning(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(ramp, "          value: 150\n", "          value: 120\n")
    result = invoke("validate")
    assert result.exit_code == 0
    (line,) = findings(result.stdout)
    assert " PB603 warning: the sign-off by `jokafor` on 2026-11-20 is stale" in line


def test_commercial_terms_kept_from_the_client_who_signs(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "      audience: client\n", "      audience: internal\n")
    result = invoke("validate")
    assert [line for line in findings(result.stdout) if " PB606 " in line] == [
        f"{where(brief, 'audience: internal', offset=10)}: PB606 warning: the fee at risk is "
        "kept from the client, who signs the brief (`audience: internal`)"
    ]
    assert "put what is for the vendor alone in `internal_notes`" in result.stdout


def test_hidden_service_levels_are_reported_once(examples: Path, invoke: Invoke) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    replace_in(brief, "  sla:\n", "  sla:\n    audience: internal\n")
    result = invoke("validate")
    assert [line for line in findings(result.stdout) if " PB606 " in line] == [
        f"{where(brief, 'audience: internal', offset=10)}: PB606 warning: the service levels "
        "are kept from the client, who signs the brief (`audience: internal`)"
    ]


def _anchor(examples: Path, *names: str) -> Path:
    engagement = examples / "northwind-support" / "engagement.yaml"
    listed = ", ".join(names)
    replace_in(
        engagement,
        "    website: northwind-outfitters.example\n",
        f"    website: northwind-outfitters.example\n    trust_anchors: [{listed}]\n",
    )
    return engagement


def _codes(stdout: str, code: str) -> list[str]:
    return [line for line in findings(stdout) if f" {code} " in line]


def test_a_trust_anchor_must_be_a_ca_certificate_inside_the_playbooks(
    examples: Path, invoke: Invoke
) -> None:
    authority = pki.authority(examples / "trust", "Northwind Root CA")
    leaf = authority.issue(examples / "trust", "Dana Whitfield", passphrase=None)
    leaf_pem = examples / "trust" / "dana.pem"
    leaf_pem.write_bytes(pki.certificate_pem(leaf))
    (examples / "trust" / "notes.pem").write_text("not a certificate\n")
    os.mkfifo(examples / "trust" / "pipe.pem")
    (examples.parent / "outside.pem").write_bytes(authority.pem.read_bytes())
    engagement = _anchor(
        examples,
        "../trust/northwind-root-ca.pem",
        "../trust/dana.pem",
        "../trust/notes.pem",
        "../trust/pipe.pem",
        "../trust/missing.pem",
        "../../outside.pem",
    )
    result = invoke("validate")
    found = _codes(result.stdout, "PB607")
    at = where(engagement, "../trust/dana.pem")
    assert len(found) == 5, found
    assert found[0] == f"{at}: PB607 dana.pem holds a certificate that is not a CA's"
    assert found[1].startswith(f"{where(engagement, '../trust/notes.pem')}: PB607 ")
    assert "notes.pem: not an X.509 certificate (PEM or DER)" in found[1]
    assert found[2].startswith(f"{where(engagement, '../trust/pipe.pem')}: PB607 ")
    assert found[3].startswith(f"{where(engagement, '../trust/missing.pem')}: PB607 ")
    assert found[4] == (
        f"{where(engagement, '../../outside.pem')}: PB607 outside.pem is outside the playbooks "
        "folder playbooks/"
    )


def test_one_certificate_listed_for_two_people(examples: Path, invoke: Invoke) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    digits = "AB:" * 31 + "CD"
    for handle in ("dwhitfield", "smarsh"):
        replace_in(
            engagement,
            f"      github: {handle}\n",
            f"      github: {handle}\n      credentials:\n        certificates: ['{digits}']\n",
        )
    result = invoke("validate")
    (found,) = _codes(result.stdout, "PB608")
    second = engagement.read_text().index(digits, engagement.read_text().index(digits) + 1)
    text = engagement.read_text()
    line = text.count("\n", 0, second) + 1
    assert found.startswith(f"playbooks/northwind-support/engagement.yaml:{line}:")
    assert found.endswith("PB608 this certificate is also listed for `dwhitfield`")


def test_a_malformed_fingerprint_is_refused_at_its_place(examples: Path, invoke: Invoke) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(
        engagement,
        "      github: dwhitfield\n",
        "      github: dwhitfield\n      credentials:\n        certificates: ['12:34']\n",
    )
    result = invoke("validate")
    assert result.exit_code == 1
    (found,) = [line for line in findings(result.stdout) if "'12:34'" in line or "12:34" in line]
    assert found.startswith(where(engagement, "'12:34'"))
