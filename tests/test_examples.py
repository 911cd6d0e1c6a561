"""Acceptance: the example playbooks validate clean, and break loudly when edited."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, replace_in
from tests.examples import FILES, yaml_files


def test_examples_validate_clean_even_strict(examples: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"Checked {FILES} files: no problems.\n"


def test_deleting_an_owner_points_at_the_milestone_and_names_the_field(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      owner: ohaddad\n      day: 7\n", "      day: 7\n")
    result = invoke("validate")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert (
        first
        == "playbooks/summit-outbound/brief.yaml:146:7: PB102 milestone `systems-tested` is missing required field `owner`"
    )
    lines = brief.read_text().splitlines()
    assert lines[145] == "    - id: systems-tested"


def test_a_broken_engagement_file_says_once_that_the_checks_across_its_files_were_skipped(
    examples: Path, invoke: Invoke
) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    replace_in(engagement, "  start: 2026-11-02", "  start: 2026-11-31")
    result = invoke("validate")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if ": PB" in line]
    others = len(yaml_files(examples / "northwind-support")) - 1
    assert lines == [
        "playbooks/northwind-support/engagement.yaml:1:1: PB208 warning: the checks across this "
        f"engagement's files were skipped ({others} other files of the folder): this file has errors",
        "playbooks/northwind-support/engagement.yaml:28:10: PB105 `start`: '2026-11-31' is not a "
        "real date: day is out of range for month",
    ]
