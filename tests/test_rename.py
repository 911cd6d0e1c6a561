"""`playbook rename`: a roster id renamed in every file that names the person, comments and
layout kept, and refused where it would merge two people or cannot find every place."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, findings


def test_the_skeletons_placeholder_ids_are_renamed_everywhere(
    workdir: Path, invoke: Invoke
) -> None:
    assert invoke("new", "acme", "--type", "support").exit_code == 0
    folder = workdir / "playbooks" / "acme"
    before = {path: path.read_text() for path in sorted(folder.glob("*.yaml"))}
    named = sum(text.count("todo-vendor-lead") for text in before.values())
    result = invoke("rename", "todo-vendor-lead", "jsmith")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Renamed `todo-vendor-lead` to `jsmith` in ")
    after = {path: path.read_text() for path in before}
    # every place the documents name him changes; comments are left as written and listed
    left = sum(text.count("todo-vendor-lead") for text in after.values())
    assert left == len(result.stderr.split(": ", 1)[1].split(", "))
    assert sum(text.count("jsmith") for text in after.values()) == named - left
    for path, text in before.items():  # byte for byte, but the id outside comments
        assert after[path] == "".join(_renamed_code(line) for line in text.splitlines(True))
    found = findings(invoke("validate").stdout)
    assert not [line for line in found if "jsmith" in line and "PB201" in line]


def _renamed_code(line: str) -> str:
    code, mark, comment = line.partition("#")
    return code.replace("todo-vendor-lead", "jsmith") + mark + comment


def test_every_reference_in_the_examples_moves_and_the_checks_agree(
    examples: Path, invoke: Invoke
) -> None:
    result = invoke("rename", "tbecker", "tom-becker")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "  playbooks/northwind-support/engagement.yaml",
        "  playbooks/northwind-support/escalation.yaml",
    ]
    text = (examples / "northwind-support" / "escalation.yaml").read_text()
    assert "tbecker" not in text
    found = findings(invoke("validate").stdout)
    assert not [line for line in found if " PB201 " in line]  # no reference left dangling
    # what names him changed: the documents need approving again
    assert [line for line in found if " PB602 " in line]


def test_a_clash_an_unknown_id_and_a_bad_id_are_refused_and_nothing_written(
    examples: Path, invoke: Invoke
) -> None:
    before = {p: p.read_bytes() for p in sorted(examples.rglob("*.yaml"))}
    clash = invoke("rename", "tbecker", "dwhitfield")
    assert clash.exit_code == 2
    assert clash.stderr == (
        "Error: `dwhitfield` is already on the roster of northwind-support: ids name one person\n"
    )
    unknown = invoke("rename", "tbeker", "tom")
    assert unknown.exit_code == 2
    assert "nobody on the roster has the id `tbeker`; did you mean `tbecker`?" in unknown.stderr
    bad = invoke("rename", "tbecker", "Tom Becker")
    assert bad.exit_code == 2
    assert "`Tom Becker` is not an id" in bad.stderr
    assert {p: p.read_bytes() for p in sorted(examples.rglob("*.yaml"))} == before


def test_an_engagement_with_a_file_it_cannot_read_is_refused(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    brief.write_text("garbage: [\n")
    engagement = (examples / "northwind-support" / "engagement.yaml").read_bytes()
    result = invoke("rename", "dwhitfield", "dana")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: northwind-support: the files of its engagement brief have errors, so the places "
        "that name `dwhitfield` there cannot be found; `playbook validate` lists them\n"
    )
    assert (examples / "northwind-support" / "engagement.yaml").read_bytes() == engagement
