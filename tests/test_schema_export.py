"""JSON Schemas: in sync with the models, valid, and accepted by other tools."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.models import KINDS
from generator.schema_export import file_name, rendered, stale
from tests.conftest import EXAMPLES, PROJECT, Invoke

SCHEMA = PROJECT / "schema"
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))


def test_committed_schemas_match_the_models() -> None:
    assert stale(SCHEMA) == [], "run `playbook schema` and commit the result"


@pytest.mark.parametrize("name", sorted(rendered()))
def test_each_schema_is_valid_draft_2020_12_with_id(name: str) -> None:
    schema = json.loads((SCHEMA / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:playbook:schema:v1:")
    assert schema["description"]
    # Field descriptions reach editors: every property of every shape has one.
    # (A property that only refers to a shape described the same way inherits its text.)
    defs = schema.get("$defs", {})
    for shape in [schema, *defs.values()]:
        for key, prop in shape.get("properties", {}).items():
            ref = prop.get("$ref", "").removeprefix("#/$defs/")
            described = prop.get("description") or defs.get(ref, {}).get("description")
            assert described, f"{key} has no description"


def test_check_jsonschema_accepts_every_example() -> None:
    by_kind: dict[str, list[str]] = {}
    for path in EXAMPLE_FILES:
        kind = re.search(r"^kind: (\w+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        assert kind is not None
        by_kind.setdefault(kind.group(1), []).append(str(path))
    assert set(by_kind) == set(KINDS)
    for kind, files in by_kind.items():
        schema = SCHEMA / file_name(kind)
        result = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *files],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_a_typo(tmp_path: Path) -> None:
    bad = tmp_path / "brief.yaml"
    text = (EXAMPLES / "summit-outbound" / "brief.yaml").read_text(encoding="utf-8")
    bad.write_text(
        text.replace("      owner: ohaddad\n", "      ownr: ohaddad\n"), encoding="utf-8"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(SCHEMA / "engagement-brief.schema.json"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "ownr" in result.stdout


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_examples_point_editors_at_their_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    line = text.splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", line)
    assert match, f"{path} should start with a yaml-language-server line"
    target = (path.parent / match.group(1)).resolve()
    kind = re.search(r"^kind: (\w+)$", text, re.MULTILINE)
    assert kind is not None
    assert target == SCHEMA / file_name(kind.group(1))


def test_schema_command_writes_and_checks(workdir: Path, invoke: Invoke) -> None:
    first = invoke("schema", "-o", "out")
    assert first.exit_code == 0
    assert len(list((workdir / "out").glob("*.schema.json"))) == len(KINDS)
    assert invoke("schema", "-o", "out", "--check").exit_code == 0
    (workdir / "out" / "ramp-plan.schema.json").write_text("{}", encoding="utf-8")
    check = invoke("schema", "-o", "out", "--check")
    assert check.exit_code == 1
    assert check.stdout == "out/ramp-plan.schema.json: out of date; run `playbook schema`\n"


def test_the_schema_asks_a_staffing_for_its_busiest_interval_or_its_forecast() -> None:
    schema = json.loads((SCHEMA / "ramp-plan.schema.json").read_text(encoding="utf-8"))
    staffing = jsonschema.Draft202012Validator(
        {"$defs": schema["$defs"], "$ref": "#/$defs/Staffing"}
    )
    queue = {"channel": "voice", "from_day": 40, "handle_time": 420, "answered": 80, "within": 30}
    busiest = {"volume": 40, "agents": 14}
    forecast = {
        "forecast": [{"days": "Mon", "intervals": [{"at": "09:00", "volume": 6, "agents": 3}]}]
    }
    assert staffing.is_valid({**queue, **busiest})
    assert staffing.is_valid({**queue, **forecast})
    assert not staffing.is_valid(queue)  # neither
    assert not staffing.is_valid({**queue, "volume": 40})  # the busiest interval half given
    assert not staffing.is_valid({**queue, **busiest, **forecast})  # both
    assert not staffing.is_valid({**queue, **forecast, "agents": 14})
