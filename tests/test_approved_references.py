"""What a document shows through its references is part of what its sign-offs approve:
a metric's unit in the catalog, a person's name and role in the roster."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke, findings, replace_in


def _stale(stdout: str, file: str) -> list[str]:
    return [line for line in findings(stdout) if " PB602 " in line and file in line]


def test_a_catalog_unit_change_makes_the_brief_approvals_stale(
    examples: Path, invoke: Invoke
) -> None:
    assert invoke("validate", "--strict").exit_code == 0
    # "at most 240 min" would read "at most 240 h" in the signed brief
    catalog = examples / "metrics.yaml"
    text = catalog.read_text()
    start = text.index("    - id: frt\n")
    catalog.write_text(text[:start] + text[start:].replace("unit: minutes", "unit: hours", 1))
    result = invoke("validate")
    assert result.exit_code == 1
    stale = _stale(result.stdout, "northwind-support/brief.yaml")
    assert [line.split("the sign-off by ")[1].split(" ")[0] for line in stale] == [
        "`dwhitfield`",
        "`smarsh`",
    ]
    assert "what it shows of the metric catalog and the roster" in result.stdout


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("      name: Tom Becker\n", "      name: Thomas Becker-Lee\n"),
        (
            "      role: Engineering Manager, on-call owner for incidents\n",
            "      role: Engineering Director\n",
        ),
    ],
    ids=["renamed", "another-role"],
)
def test_a_person_renamed_or_given_another_role_makes_what_names_them_stale(
    examples: Path, invoke: Invoke, before: str, after: str
) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(engagement, before, after)
    result = invoke("validate")
    assert result.exit_code == 1
    # the matrix names Tom Becker for incidents: both its sign-offs are stale
    assert len(_stale(result.stdout, "northwind-support/escalation.yaml")) == 2
    # the brief does not name him: its sign-offs hold
    assert _stale(result.stdout, "northwind-support/brief.yaml") == []


def test_verify_names_the_reference_that_changed_since_the_pdf(
    examples: Path, invoke: Invoke, tmp_path: Path
) -> None:
    built = invoke("pdf", "northwind-support", "-o", "out")
    assert built.exit_code == 0, built.output
    pdf = examples.parent / "out" / "northwind-support" / "brief.pdf"
    catalog = examples / "metrics.yaml"
    text = catalog.read_text()
    start = text.index("    - id: frt\n")
    catalog.write_text(text[:start] + text[start:].replace("unit: minutes", "unit: hours", 1))
    result = invoke("verify", str(pdf), "--against", str(examples))
    assert result.exit_code == 1
    (line,) = [row for row in result.stdout.splitlines() if "content: MISMATCH" in row]
    assert line.endswith("; the unit of `frt` changed (minutes → hours) in playbooks/metrics.yaml")
