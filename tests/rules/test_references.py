"""Rules on engagements and references: PB200-PB206."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import yaml

from generator.models import MetricDefinition
from generator.rules import RULES
from tests.conftest import Invoke, findings, replace_in, where


def test_unknown_person_names_the_engagement_and_suggests(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(
        ramp,
        "        owner: jokafor\n        attendees",
        "        owner: jokafro\n        attendees",
    )
    result = invoke("validate")
    assert result.exit_code == 1
    at = where(ramp, "jokafro")
    assert f"{at}: PB201 `jokafro` is not in the roster of engagement `northwind-support`" in (
        findings(result.stdout)
    )
    assert "= hint: did you mean `jokafor`?" in result.stdout


def test_a_team_name_as_owner_lists_the_roster(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      owner: ohaddad\n      day: 7", "      owner: it-team\n      day: 7")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(brief, 'it-team')}: PB201 `it-team` is not in the roster of engagement "
        "`summit-outbound`"
    ]
    assert "= hint: people in the roster: `afisher`, `bcarter`" in result.stdout


def test_unknown_metric(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "        - metric: show-rate\n", "        - metric: show-rates\n")
    result = invoke("validate")
    assert findings(result.stdout) == [
        f"{where(ramp, 'show-rates')}: PB202 metric `show-rates` is not defined in any metric catalog"
    ]
    assert "did you mean `show-rate`?" in result.stdout


def test_local_catalog_metrics_are_known_only_to_their_engagement(
    examples: Path, invoke: Invoke
) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(ramp, "        - metric: backlog\n", "        - metric: meetings-booked\n")
    result = invoke("validate")
    assert (
        f"{where(ramp, 'meetings-booked')}: PB202 metric `meetings-booked` is not defined in "
        "any metric catalog"
    ) in findings(result.stdout)


def test_unknown_milestone(examples: Path, invoke: Invoke) -> None:
    cert = examples / "northwind-support" / "certification.yaml"
    replace_in(cert, "before: go-live-tier-1", "before: golive")
    result = invoke("validate", "--strict")
    assert f"{where(cert, 'golive')}: PB206 milestone `golive` is not in the brief's timeline" in (
        findings(result.stdout)
    )


def test_duplicate_ids_in_a_list(examples: Path, invoke: Invoke) -> None:
    cert = examples / "summit-outbound" / "certification.yaml"
    replace_in(cert, "        - id: live-transfer\n", "        - id: dialer-crm\n")
    result = invoke("validate")
    second = where(cert, "id: dialer-crm", offset=4)
    second_line = int(second.split(":")[1])
    text = cert.read_text().splitlines()
    assert text[second_line - 1].strip() == "- id: dialer-crm"
    found = findings(result.stdout)
    assert len(found) == 1
    assert found[0].endswith("PB203 id `dialer-crm` is used twice in `items` (first as item 1)")
    # Reported at the second occurrence.
    last = max(i for i, line in enumerate(text, 1) if "id: dialer-crm" in line)
    assert found[0].startswith(f"playbooks/summit-outbound/certification.yaml:{last}:")


def test_duplicate_engagement_ids(examples: Path, invoke: Invoke) -> None:
    shutil.copytree(examples / "summit-outbound", examples / "summit-copy")
    result = invoke("validate")
    # Folders are read in name order: the later one is reported.
    engagement = examples / "summit-outbound" / "engagement.yaml"
    assert findings(result.stdout) == [
        f"{where(engagement, 'summit-outbound')}: PB207 engagement id `summit-outbound` is also "
        "used by playbooks/summit-copy/engagement.yaml"
    ]


def test_a_document_outside_any_engagement(examples: Path, invoke: Invoke) -> None:
    (examples / "loose").mkdir()
    shutil.copy(examples / "summit-outbound" / "brief.yaml", examples / "loose" / "brief.yaml")
    result = invoke("validate")
    assert findings(result.stdout) == [
        "playbooks/loose/brief.yaml:3:7: PB200 this EngagementBrief belongs to no engagement: "
        "its folder has no Engagement file"
    ]


def test_a_second_document_of_one_kind(examples: Path, invoke: Invoke) -> None:
    folder = examples / "summit-outbound"
    shutil.copy(folder / "ramp.yaml", folder / "ramp-v2.yaml")
    result = invoke("validate")
    assert findings(result.stdout) == [
        "playbooks/summit-outbound/ramp.yaml:3:7: PB205 a second RampPlan for the same "
        "engagement: the first is playbooks/summit-outbound/ramp-v2.yaml"
    ]


def test_a_broken_engagement_file_does_not_orphan_its_documents(
    examples: Path, invoke: Invoke
) -> None:
    engagement = examples / "summit-outbound" / "engagement.yaml"
    replace_in(engagement, "  type: sales\n", "  type: salse\n")
    result = invoke("validate")
    # no document of the folder is called orphaned; the skipped checks are said once
    assert [line.split(": ", 1)[1] for line in findings(result.stdout)] == [
        "PB208 warning: the checks across this engagement's files were skipped (5 other "
        "files of the folder): this file has errors",
        "PB104 `type`: expected one of `support`, `sales`, found 'salse'",
    ]


def test_an_unknown_metric_lists_every_defined_metric(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "northwind-support" / "ramp.yaml"
    replace_in(ramp, "metric: csat", "metric: satisfaction")
    result = invoke("validate")
    hint = next(line for line in result.stdout.splitlines() if "defined metrics:" in line)
    assert "more" not in hint
    assert "`speed-to-lead`" in hint  # the last of them, alphabetically
    assert hint.count("`") == 2 * 18


def test_the_rule_page_of_pb202_shows_a_valid_definition() -> None:
    page = RULES["PB202"].doc
    example = "\n".join(line[4:] for line in page.splitlines() if line.startswith("    "))
    (item,) = yaml.safe_load(example)
    assert MetricDefinition.model_validate(item).unit == "minutes"
    units = get_args(MetricDefinition.model_fields["unit"].annotation)
    categories = get_args(MetricDefinition.model_fields["category"].annotation)
    assert all(unit in page for unit in units)
    assert all(category in page for category in categories)
