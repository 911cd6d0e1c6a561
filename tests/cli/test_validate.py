"""`playbook validate` as a user runs it: scope, exit codes, settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT, Invoke, findings, replace_in, where
from tests.examples import FILES


def test_a_missing_path_is_a_usage_error(examples: Path, invoke: Invoke) -> None:
    result = invoke("validate", "playbooks/nowhere")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: playbooks/nowhere: no such file or folder\n"


def test_no_playbooks_folder_is_a_usage_error(workdir: Path, invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 2
    assert result.stderr == "Error: playbooks: no such folder (the playbooks root)\n"


def test_an_unreadable_path_is_a_usage_error(workdir: Path, invoke: Invoke) -> None:
    result = invoke("validate", "/proc/self/mem")
    assert result.exit_code == 2
    assert result.stderr == "Error: cannot read the file /proc/self/mem: Input/output error\n"


def test_one_file_is_checked_against_its_whole_engagement(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(
        ramp,
        "        owner: smarsh\n        attendees",
        "        owner: smarsh2\n        attendees",
    )
    replace_in(brief, "      owner: ohaddad\n      day: 7", "      owner: ohadad\n      day: 7")
    result = invoke("validate", "playbooks/summit-outbound/ramp.yaml")
    # The roster comes from engagement.yaml; the brief's own problem is not this file's.
    assert findings(result.stdout) == [
        f"{where(ramp, 'smarsh2')}: PB201 `smarsh2` is not in the roster of engagement "
        "`summit-outbound`"
    ]
    assert result.stdout.endswith("Found 1 error in 1 of 1 file.\n")


def test_settings_ignore_and_raise_codes(examples: Path, invoke: Invoke) -> None:
    ramp = examples / "summit-outbound" / "ramp.yaml"
    replace_in(ramp, "          value: 88\n", "          value: 82\n")
    assert invoke("validate").exit_code == 0
    settings = examples.parent / "playbook.toml"
    settings.write_text('severity = { PB403 = "error" }\n', encoding="utf-8")
    assert invoke("validate").exit_code == 1
    settings.write_text('ignore = ["PB4"]\n', encoding="utf-8")
    result = invoke("validate", "--strict")
    assert (result.exit_code, result.stdout) == (0, f"Checked {FILES} files: no problems.\n")


def test_bad_settings_stop_with_a_pointer(examples: Path, invoke: Invoke) -> None:
    (examples.parent / "playbook.toml").write_text('ignroe = ["PB7"]\n', encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 2
    assert "unknown setting `ignroe` (did you mean `ignore`?)" in result.stderr
    (examples.parent / "playbook.toml").write_text("ignore = [\n", encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 2
    assert "invalid TOML" in result.stderr
    (examples.parent / "playbook.toml").write_text('[required]\nPersn = ["email"]\n')
    result = invoke("validate")
    assert result.exit_code == 2
    assert "unknown shape `Persn`; did you mean `Person`?" in result.stderr


def test_settings_from_pyproject_and_root(workdir: Path, invoke: Invoke) -> None:
    (workdir / "pyproject.toml").write_text('[tool.playbook]\nroot = "docs/pb"\n')
    (workdir / "docs" / "pb").mkdir(parents=True)
    result = invoke("validate")
    assert (result.exit_code, result.stdout) == (0, "Checked 0 files: no problems.\n")


def test_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--strict"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"Checked {FILES} files: no problems.\n")


def test_rules_are_listed_and_explained(invoke: Invoke) -> None:
    listing = invoke("rules")
    assert "PB704  no-day-30-review" in listing.stdout
    explained = invoke("rules", "pb704")
    assert explained.stdout.startswith("PB704 no-day-30-review (warning)\n\nThere is no formal")
    unknown = invoke("rules", "PB999")
    assert unknown.exit_code == 2
    assert "no rule 'PB999'" in unknown.stderr


def test_digest_prints_the_content_digest(examples: Path, invoke: Invoke) -> None:
    result = invoke("digest", "playbooks/northwind-support/brief.yaml")
    assert result.stdout == (
        "sha256:6a9d94b383115d5b615bd7505b36228e49237c62da15bde456dba230b3a4acef\n"
    )


def test_digest_of_a_broken_file_reports_why(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "  status: review\n", "  status: reviewed\n")
    result = invoke("digest", "playbooks/summit-outbound/brief.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "PB104 `status`: expected one of" in result.stderr


def test_validate_dot_at_the_project_root_checks_the_playbooks_and_names_what_it_skipped(
    examples: Path, invoke: Invoke
) -> None:
    root = examples.parent
    (root / "mkdocs.yml").write_text("site_name: x\nnav: [index.md]\n")
    (root / "templates").mkdir()
    (root / "templates" / "metrics.yaml").write_text("kind: {{ kind }}\n")
    result = invoke("validate", ".")
    assert result.exit_code == 0, result.output
    assert result.stdout == invoke("validate").stdout
    assert result.stderr == (
        "note: checking the playbooks folder playbooks; 2 other YAML files outside it are "
        "not playbooks and were skipped (mkdocs.yml, templates/metrics.yaml)\n"
    )
