"""Audiences: what each reader may see, checked with canary strings in every kind."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.audience import AUDIENCES, READERS, for_audience, reader, visible, widest_reader
from generator.validation import validate
from tests.conftest import Invoke, findings, replace_in, where

# One internal note and one internal list item per document kind.
CANARIES = {
    "northwind-support/engagement.yaml": (
        "    - id: tbecker\n",
        "    - id: canary-person\n      name: CANARY-ENGAGEMENT-ITEM\n      role: Internal\n"
        "      party: vendor\n      audience: internal\n    - id: tbecker\n",
        "  summary: >-\n",
        "  internal_notes: CANARY-ENGAGEMENT-NOTE\n  summary: >-\n",
    ),
    "northwind-support/brief.yaml": (
        "  objectives:\n",
        "  internal_notes: CANARY-BRIEF-NOTE\n  objectives:\n",
        "    - id: voice-overflow\n",
        "    - id: canary\n      title: CANARY-BRIEF-ITEM\n      owner: jokafor\n"
        "      due: 2026-12-01\n      deliverable: x\n      audience: internal\n"
        "    - id: voice-overflow\n",
    ),
    "northwind-support/escalation.yaml": (
        "  coverage:",
        "  internal_notes: CANARY-ESCALATION-NOTE\n  coverage:",
        "    - id: P3\n",
        "    - id: P4\n      name: CANARY-ESCALATION-ITEM\n      definition: x\n"
        "      triggers: [x]\n      receiver: {tier: x, person: epetrova}\n      response: 1d\n"
        "      hours: x\n      channel: chat\n      required_data: [x]\n"
        "      audience: internal\n    - id: P3\n",
    ),
    "northwind-support/certification.yaml": (
        "  applies_to:",
        "  internal_notes: CANARY-CERTIFICATION-NOTE\n  applies_to:",
        "    - id: compliance\n",
        "    - id: canary\n      title: CANARY-CERTIFICATION-ITEM\n      area: quality\n"
        "      audience: internal\n      items:\n        - id: x\n          title: x\n"
        "          method: quiz\n          pass_threshold: 50\n          assessor: gkim\n"
        "    - id: compliance\n",
    ),
    "northwind-support/ramp.yaml": (
        "  phases:\n",
        "  internal_notes: CANARY-RAMP-NOTE\n  phases:\n",
        "        - metric: kb-coverage\n",
        "        - metric: backlog\n          comparator: at-most\n          value: 999\n"
        "          note: CANARY-RAMP-ITEM\n          audience: internal\n"
        "        - metric: kb-coverage\n",
    ),
    "metrics.yaml": (
        "    - id: fcr\n",
        "    - id: canary-metric\n      name: CANARY-CATALOG-ITEM\n      unit: count\n"
        "      direction: higher\n      category: volume\n      formula: x\n      source: x\n"
        "      audience: internal\n    - id: fcr\n",
        "  metrics:\n",
        "  internal_notes: CANARY-CATALOG-NOTE\n  metrics:\n",
    ),
}


def plant_canaries(playbooks: Path) -> None:
    """Write every canary into the playbooks folder ``playbooks``."""
    for name, (old1, new1, old2, new2) in CANARIES.items():
        replace_in(playbooks / name, old1, new1)
        replace_in(playbooks / name, old2, new2)


@pytest.fixture
def canaries(examples: Path) -> Path:
    plant_canaries(examples)
    return examples


def _dump(portfolio) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(doc.model.model_dump_json() for doc in portfolio.documents())


def test_internal_material_reaches_only_the_internal_audience(canaries: Path) -> None:
    result = validate()
    # The edits make the approved documents' sign-offs stale, and nothing else.
    assert {d.code for d in result.diagnostics} <= {"PB601", "PB602", "PB603"}
    internal = _dump(for_audience(result.portfolio, "internal"))
    kinds = ("ENGAGEMENT", "BRIEF", "ESCALATION", "CERTIFICATION", "RAMP", "CATALOG")
    for kind in kinds:
        assert f"CANARY-{kind}-NOTE" in internal
        assert f"CANARY-{kind}-ITEM" in internal
    for audience in ("client", "prospect"):
        text = _dump(for_audience(result.portfolio, audience))  # type: ignore[arg-type]
        assert "Agents resolve anything the knowledge base covers" in text
        assert "CANARY-" not in text, f"{audience} sees internal material"
        assert "Harbor CX pricing model" not in text
        assert "$250 goodwill credit" not in text


def test_client_marks_reach_the_client_but_not_prospects(examples: Path) -> None:
    result = validate()
    client = _dump(for_audience(result.portfolio, "client"))
    prospect = _dump(for_audience(result.portfolio, "prospect"))
    # Tom Becker's contact details are internal; Marco Alvarez's are for the client.
    assert "tom.becker@" not in client
    assert "marco.alvarez@" in client
    assert "marco.alvarez@" not in prospect
    assert "Marco Alvarez" in prospect


def test_a_filtered_document_keeps_its_approvals_current(examples: Path) -> None:
    result = validate()
    full = result.portfolio.get("northwind-support")
    filtered = for_audience(result.portfolio, "prospect").get("northwind-support")
    assert full is not None
    assert filtered is not None
    assert filtered.brief is not None
    assert full.brief is not None
    assert filtered.brief.model != full.brief.model
    assert filtered.brief.digest == full.brief.digest


def test_client_outputs_name_only_their_engagement(examples: Path) -> None:
    result = validate()
    scoped = for_audience(result.portfolio, "client", ("summit-outbound",))
    assert [p.id for p in scoped.playbooks] == ["summit-outbound"]
    assert "Northwind" not in _dump(scoped)


@pytest.mark.parametrize(
    ("mark", "expected"),
    [
        ("all", (True, True, True)),
        ("client", (True, True, False)),
        ("internal", (True, False, False)),
    ],
)
def test_visibility_table(mark: str, expected: tuple[bool, bool, bool]) -> None:
    assert tuple(visible(mark, audience) for audience in AUDIENCES) == expected


def test_a_required_part_cannot_be_hidden(examples: Path, invoke: Invoke) -> None:
    brief = examples / "summit-outbound" / "brief.yaml"
    replace_in(brief, "  security:\n", "  security:\n    audience: internal\n")
    engagement = examples / "summit-outbound" / "engagement.yaml"
    replace_in(engagement, "  status: review\n", "  status: review\n  audience: client\n")
    result = invoke("validate")
    assert result.exit_code == 1
    assert findings(result.stdout) == [
        f"{where(brief, 'audience: internal', offset=10)}: PB503 `security` is required and cannot be marked `internal`",
        f"{where(engagement, 'client', offset=0)}: PB503 an engagement file cannot be hidden from "
        "any audience as a whole",
    ]


def test_every_reader_has_a_policy_and_sees_its_marks() -> None:

    assert sorted(READERS) == sorted(AUDIENCES)
    seen = {
        name: [m for m in ("all", "client", "internal") if reader(name).sees(m)]
        for name in AUDIENCES
    }
    assert seen == {
        "internal": ["all", "client", "internal"],
        "client": ["all", "client"],
        "prospect": ["all"],
    }
    assert [widest_reader(m).name for m in ("all", "client", "internal")] == [
        "prospect",
        "client",
        "internal",
    ]
    assert [n for n in AUDIENCES if reader(n).vendor_team] == ["internal"]


def test_outputs_ask_the_reader_policy_instead_of_comparing_names() -> None:
    package = Path(__file__).resolve().parent.parent / "generator"
    compared = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "audience.py" and "models" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if '"internal"' in line
    ]
    assert compared == []


def test_every_document_an_engagement_holds_is_filtered_whatever_its_kind(
    canaries: Path,
) -> None:
    # An engagement's documents are kept by kind; one more kind (here a second slot
    # holding the brief) is filtered like the others without any table naming it.
    result = validate()
    playbook = result.portfolio.get("northwind-support")
    assert playbook is not None
    assert playbook.brief is not None
    extra = dataclasses.replace(playbook, members={**playbook.members, "ExtraKind": playbook.brief})
    portfolio = dataclasses.replace(result.portfolio, playbooks=(extra,))
    client = for_audience(portfolio, "client").get("northwind-support")
    assert client is not None
    assert list(client.members) == [*playbook.members, "ExtraKind"]
    text = client.members["ExtraKind"].model.model_dump_json()
    assert "CANARY-BRIEF-NOTE" not in text
    assert "CANARY-BRIEF-ITEM" not in text
    assert "CANARY-BRIEF-NOTE" in playbook.brief.model.model_dump_json()
