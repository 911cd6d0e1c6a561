"""`playbook new`: a skeleton that validates once filled, and never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.models import REGISTRY
from generator.scaffold import standard_catalog
from tests.conftest import EXAMPLES, Invoke, findings

IDS = {
    "todo-client-sponsor": "csponsor",
    "todo-client-lead": "clead",
    "todo-vendor-director": "vdirector",
    "todo-vendor-lead": "vlead",
    "todo-team-lead": "tlead",
    "todo-qa-lead": "qlead",
    "todo-trainer": "trainer",
}


def _fill(folder: Path) -> None:
    """Do what a user does: replace every placeholder with a real value."""
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for placeholder, person in IDS.items():
            text = text.replace(placeholder, person)
        path.write_text(re.sub(r"TODO ?", "Filled ", text), encoding="utf-8")


@pytest.mark.parametrize("kind", ["support", "sales"])
def test_skeleton_validates_once_filled(workdir: Path, invoke: Invoke, kind: str) -> None:
    made = invoke(
        "new",
        "acme",
        "--type",
        kind,
        "--client",
        "Acme: Corp",
        "--vendor",
        "Harbor CX",
        "--start",
        "2027-02-01",
        "--timezone",
        "Europe/Berlin",
    )
    assert made.exit_code == 0, made.stderr
    assert made.stdout.splitlines()[0] == "wrote playbooks/acme/engagement.yaml"
    assert "wrote playbooks/metrics.yaml" in made.stdout
    before = invoke("validate", "--strict")
    assert before.exit_code == 1
    codes = {line.split(": ")[1].split()[0] for line in findings(before.stdout)}
    assert codes == {"PB502"}, "an unfilled skeleton has only placeholders to fix"
    # each placeholder once, with its count of uses; a roster id at its roster entry
    found = findings(before.stdout)
    values = [line.split("placeholder ")[1].split(" is not")[0] for line in found]
    assert len(values) == len(set(values))
    lead = next(line for line in found if "'todo-vendor-lead'" in line)
    assert lead.startswith("playbooks/acme/engagement.yaml:")
    written = [
        line.split("#")[0]
        for path in sorted((workdir / "playbooks" / "acme").glob("*.yaml"))
        for line in path.read_text().splitlines()
    ]
    uses = sum(len(re.findall(r"\btodo-vendor-lead\b", line)) for line in written)
    assert uses > 10
    assert lead.endswith(f"'todo-vendor-lead' is not filled in ({uses} uses in 5 files)")
    assert (
        "= hint: rename `todo-vendor-lead` in the roster and in each of its uses" in before.stdout
    )
    _fill(workdir / "playbooks" / "acme")
    written_kinds = list((workdir / "playbooks" / "acme").glob("*.yaml"))
    assert len(written_kinds) == sum(kind.scaffold for kind in REGISTRY.values())
    after = invoke("validate", "--strict")
    assert (after.exit_code, after.stdout) == (
        0,
        f"Checked {len(written_kinds) + 1} files: no problems.\n",  # and the catalog,
    )
    engagement = (workdir / "playbooks" / "acme" / "engagement.yaml").read_text()
    assert 'name: "Acme: Corp"' in engagement
    assert "start: 2027-02-01" in engagement


def test_never_overwrites(workdir: Path, invoke: Invoke) -> None:
    folder = workdir / "playbooks" / "acme"
    folder.mkdir(parents=True)
    (folder / "brief.yaml").write_text("# my own notes\n", encoding="utf-8")
    result = invoke("new", "acme")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: playbooks/acme/brief.yaml already exists; nothing was written\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["brief.yaml"]
    assert (folder / "brief.yaml").read_text() == "# my own notes\n"


def test_a_link_that_leads_nowhere_counts_as_taken(workdir: Path, invoke: Invoke) -> None:
    folder = workdir / "playbooks" / "acme"
    folder.mkdir(parents=True)
    (folder / "ramp.yaml").symlink_to("nowhere.yaml")
    result = invoke("new", "acme")
    assert result.exit_code == 2
    assert result.stderr == "Error: playbooks/acme/ramp.yaml already exists; nothing was written\n"
    assert sorted(p.name for p in folder.iterdir()) == ["ramp.yaml"]


def test_keeps_an_existing_catalog(workdir: Path, invoke: Invoke) -> None:
    (workdir / "playbooks").mkdir()
    (workdir / "playbooks" / "metrics.yaml").write_text("# ours\n", encoding="utf-8")
    assert invoke("new", "acme").exit_code == 0
    assert (workdir / "playbooks" / "metrics.yaml").read_text() == "# ours\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Acme Support"], "engagement id 'Acme Support' must be lowercase letters, digits and"),
        (["acme", "--timezone", "Moon/Base"], "unknown time zone 'Moon/Base'"),
        (["acme", "--type", "retail"], "'retail' is not one of 'support', 'sales'"),
    ],
)
def test_bad_arguments(workdir: Path, invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("new", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (workdir / "playbooks").exists()


def test_the_standard_catalog_is_the_example_catalog() -> None:
    assert standard_catalog() == (EXAMPLES / "metrics.yaml").read_text(encoding="utf-8")


def test_a_checkpoint_on_a_weekend_gets_its_review_on_the_friday_before(
    workdir: Path, invoke: Invoke
) -> None:
    # 2027-02-01 is a Monday: day 90 is Saturday 1 May 2027.
    assert invoke("new", "acme", "--start", "2027-02-01").exit_code == 0
    ramp = (workdir / "playbooks" / "acme" / "ramp.yaml").read_text()
    assert "        date: 2027-04-30  # day 90 falls on a weekend\n" in ramp
    assert ramp.count("        date: ") == 1


def test_a_time_zone_that_names_a_folder_is_refused(workdir: Path, invoke: Invoke) -> None:
    result = invoke("new", "acme", "--timezone", "America")
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown time zone 'America', e.g. America/New_York\n"
