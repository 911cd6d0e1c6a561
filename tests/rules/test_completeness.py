"""Rules on completeness: PB501 (project-required fields) and PB502 (placeholders)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, findings, replace_in, where


def test_fields_a_project_requires(examples: Path, invoke: Invoke) -> None:
    (examples.parent / "playbook.toml").write_text(
        '[required]\nPerson = ["phone"]\n', encoding="utf-8"
    )
    result = invoke("validate")
    assert result.exit_code == 1
    found = findings(result.stdout)
    engagement = examples / "summit-outbound" / "engagement.yaml"
    assert (
        f"{where(engagement, 'id: npark')}: PB501 missing field `phone`, which this project "
        "requires on every Person"
    ) in found
    # People with a phone pass.
    assert not any(where(engagement, "id: bcarter") in line for line in found)


def test_a_required_field_with_a_default_must_be_written(examples: Path, invoke: Invoke) -> None:
    (examples.parent / "playbook.toml").write_text(
        '[required]\nMilestone = ["status"]\n', encoding="utf-8"
    )
    result = invoke("validate")
    brief = examples / "summit-outbound" / "brief.yaml"
    assert (
        f"{where(brief, 'id: kickoff')}: PB501 missing field `status`, which this project "
        "requires on every Milestone" in findings(result.stdout)
    )


def test_placeholders_left(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      deliverable: Signed campaign brief\n", "      deliverable: TODO\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(brief, 'TODO')}: PB502 placeholder 'TODO' is not filled in"
    ]


def test_a_target_readers_see_on_a_metric_kept_from_them(examples: Path, invoke: Invoke) -> None:
    catalog = examples / "metrics.yaml"
    replace_in(catalog, "    - id: csat\n", "    - id: csat\n      audience: internal\n")
    result = invoke("validate")
    assert result.exit_code == 1
    ramp = examples / "northwind-support" / "ramp.yaml"
    found = findings(result.stdout)
    assert (
        f"{where(ramp, 'csat')}: PB504 a prospect can read this, but metric `csat` is marked "
        "`internal`: their copy would show it without its name or unit"
    ) in found
    assert {line.split(": ")[1].split()[0] for line in found} == {"PB504"}
    # The fee at risk, which the client reads (and a prospect does not), names it too.
    brief = examples / "northwind-support" / "brief.yaml"
    assert (
        f"{where(brief, 'csat, fcr', offset=0)}: PB504 the client can read this, but metric "
        "`csat` is marked `internal`: their copy would show it without its name or unit"
    ) in found
    # the brief's service level and fee at risk, the commercials' allocation, the three
    # checkpoints, the scorecard's result and series
    commercials = examples / "northwind-support" / "commercials.yaml"
    assert any(line.startswith(where(commercials, "csat")) for line in found)
    assert len(found) == 8


def test_a_document_without_an_owner_is_an_error_at_its_metadata(
    examples: Path, invoke: Invoke
) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(ramp, "  owner: jokafor\n", "")
    result = invoke("validate")
    assert result.exit_code == 1
    assert f"{where(ramp, 'metadata:')}: PB505 the 30/60/90-day plan has no owner" in findings(
        result.stdout
    )
