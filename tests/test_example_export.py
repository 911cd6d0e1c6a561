"""Northwind's day-30 CSAT is computed from a contact export the examples ship: the export
is made by a deterministic script, and computing again gives the same file byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import Invoke, findings, replace_in
from tests.contacts_export import export_text

EXPORT = Path("playbooks/northwind-support/exports/contacts-day-30.csv")
DAY_30 = ("--engagement", "northwind-support", "--day", "30")


def test_the_shipped_export_is_the_scripts(examples: Path) -> None:
    assert (examples.parent / EXPORT).read_text(encoding="utf-8") == export_text()


def test_computing_the_day_30_results_again_changes_no_byte(examples: Path, invoke: Invoke) -> None:
    results = examples / "northwind-support" / "results.yaml"
    before = results.read_bytes()
    done = invoke("results", "compute", str(EXPORT), *DAY_30, "--replace")
    assert done.exit_code == 0, done.output
    assert "unchanged `csat`: 84" in done.stdout
    assert results.read_bytes() == before
    assert "source: computed from contacts-day-30.csv\n" in before.decode()


def test_a_changed_parameter_changes_the_value_and_the_diff_says_why(
    examples: Path, invoke: Invoke
) -> None:
    old = examples.parent / "old"
    shutil.copytree(examples, old)
    replace_in(
        examples / "metrics.yaml",
        "{name: top-box, scale: 5, top: 2}",
        "{name: top-box, scale: 5, top: 1}",
    )
    said = invoke("diff", str(old), str(examples)).stdout
    assert "Customer satisfaction › method › top: 2 → 1" in said
    assert (
        "PB824 computed as “Surveys scoring 4 to 5 / surveys answered”; the catalog now "
        "computes `csat` as “Surveys scoring 5 / surveys answered”"
    ) in said
    done = invoke("results", "compute", str(EXPORT), *DAY_30, "--replace")
    assert done.exit_code == 0, done.output
    (line,) = [said for said in done.stdout.splitlines() if "`csat`" in said]
    assert line.startswith("replaced `csat`: 84 -> ")  # only the fives count now
    checked = findings(invoke("validate").output)
    assert not [found for found in checked if "PB824" in found or "PB823" in found]


def test_a_value_given_by_hand_is_no_longer_a_computed_one(
    examples: Path, invoke: Invoke, tmp_path: Path
) -> None:
    table = tmp_path / "by-hand.csv"
    table.write_text("metric,value,source\ncsat,85,Zendesk CSAT survey\n")
    done = invoke("results", "import", str(table), *DAY_30, "--replace")
    assert done.exit_code == 0, done.output
    text = (examples / "northwind-support" / "results.yaml").read_text()
    assert "computed:" not in text
    assert not [found for found in findings(invoke("validate").output) if "PB823" in found]
