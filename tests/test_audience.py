"""Audiences: what each reader may see, checked with canary strings in every kind."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import get_args

import pytest

from generator.audience import (
    AUDIENCES,
    MARKS,
    READERS,
    VENDOR_TEAM,
    ReaderName,
    for_audience,
    reader,
    visible,
    widest_reader,
)
from generator.validation import validate
from tests.canaries import ITEM_NAMES, NOTES, OUTSIDE_READERS, plant_canaries
from tests.conftest import Invoke, findings, replace_in, where


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
    for name in NOTES:
        assert f"CANARY-{name}-NOTE" in internal
    for name in ITEM_NAMES:
        assert f"CANARY-{name}-ITEM" in internal
    for audience in OUTSIDE_READERS:
        text = _dump(for_audience(result.portfolio, audience))
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
    ("mark", "seen_by"),
    [
        ("all", {"internal", "client", "prospect"}),
        ("client", {"internal", "client"}),
        ("internal", {"internal"}),
    ],
)
def test_visibility_table(mark: str, seen_by: set[str]) -> None:
    known = ("internal", "client", "prospect")
    assert {name for name in known if visible(mark, name)} == seen_by  # type: ignore[arg-type]


@pytest.mark.parametrize("name", AUDIENCES)
def test_every_reader_sees_what_everyone_sees_and_only_the_vendor_team_sees_internal(
    name: str,
) -> None:
    policy = reader(name)
    assert policy.sees("all")
    assert policy.sees("internal") == policy.vendor_team
    # a reader who sees a mark sees every wider one
    seen = [policy.sees(mark) for mark in MARKS]
    assert seen == sorted(seen, reverse=True)


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


def test_every_reader_has_a_policy_named_as_written_after_audience() -> None:
    assert set(READERS) == set(get_args(ReaderName)) == set(AUDIENCES)
    assert all(READERS[name].name == name for name in READERS)
    # the vendor's team is the widest reader; the widest reader a mark reaches sees it
    assert AUDIENCES[0] == VENDOR_TEAM
    assert [n for n in AUDIENCES if reader(n).vendor_team] == [VENDOR_TEAM]
    for mark in MARKS:
        widest = widest_reader(mark)
        assert widest.sees(mark)
        assert all(
            not r.sees(mark)
            for r in READERS.values()
            if MARKS.index(r.reach) < MARKS.index(widest.reach)
        )


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
