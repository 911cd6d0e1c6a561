"""Rules on approvals: PB601-PB603."""

from __future__ import annotations

from pathlib import Path

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
    assert "the sign-off by `praman` on 2026-11-18 is stale: it approved 143d3b9e17da" in stale[0]
    assert "= hint: review the change, then: playbook approve " in result.stdout


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
