"""What a sign-off approves: the edition of a document its signatory's party reads, and
what that edition shows through its references.

A brief that targets `frt` "at most 240" shows the catalog's unit next to the number,
and a plan that names `dwhitfield` shows her name and role. Those words are part of
what was agreed, so the digest a sign-off carries covers them: the catalog definition
(name, unit, direction, formula, and method when it has one) of each metric the document
names, and the name and role of each person it names that the party may see. Changing
any of them makes the sign-off stale, as changing the document itself does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Final
from weakref import WeakKeyDictionary

from generator.audience import PARTY_READERS, VENDOR_TEAM, party_digest, reader, redact
from generator.loading import display_path
from generator.models import Document, MetricDefinition
from generator.models.walk import references
from generator.portfolio import Loaded, Playbook

#: What a document shows of each metric it names (with its method, when it has one), and
#: of each person.
METRIC_FIELDS: Final = ("name", "unit", "direction", "formula")
PERSON_FIELDS: Final = ("name", "role")

Shown = dict[str, dict[str, dict[str, str]]]

_APPROVED: WeakKeyDictionary[Loaded[Any], dict[str, str]] = WeakKeyDictionary()
_UNDEFINED: WeakKeyDictionary[Loaded[Any], list[str]] = WeakKeyDictionary()


def _metric_shown(metric: MetricDefinition) -> dict[str, str]:
    """A metric as a document shows it: its words, and the method its number is computed
    by (left out when it has none, so that catalogs without methods keep their digests)."""
    found = {field: str(getattr(metric, field)) for field in METRIC_FIELDS}
    if metric.method is not None:
        found["method"] = json.dumps(metric.method.model_dump(mode="json"), sort_keys=True)
    return found


def shown(playbook: Playbook, doc: Loaded[Document], party: str = "vendor") -> Shown:
    """What ``doc`` shows ``party`` through its references, by metric and person id."""
    audience = PARTY_READERS.get(party, VENDOR_TEAM)
    metrics: set[str] = set()
    people: set[str] = set()
    for path, target, ident in references(doc.nodes):
        if path[:1] == ("signoffs",):  # the approvals are not what they approve
            continue
        if target == "metric":
            metrics.add(ident)
        elif target == "person":
            people.add(ident)
    definitions = playbook.metrics
    roster = playbook.people
    stand_ins = {person.id for person in playbook.stand_ins}  # a reader's copy names them
    found: Shown = {}
    seen_metrics = {
        ident: _metric_shown(definitions[ident])
        for ident in sorted(metrics)
        if ident in definitions
    }
    seen_people = {
        ident: {f: str(getattr(roster[ident], f)) for f in PERSON_FIELDS}
        for ident in sorted(people)
        if ident in roster
        and ident not in stand_ins
        and redact(roster[ident], audience) is not None
    }
    if seen_metrics:
        found["metrics"] = seen_metrics
    if seen_people:
        found["people"] = seen_people
    return found


def approved_digest(playbook: Playbook | None, doc: Loaded[Document], party: str) -> str:
    """The digest a sign-off for ``party`` approves: its edition of ``doc`` and what that
    shows through references. A document that names nothing (or one outside any
    engagement) keeps its edition's digest. A reader's copy answers for the whole
    document it was made from."""
    if doc.origin is not None:
        doc = doc.origin
        playbook = (playbook.origin or playbook) if playbook is not None else None
    known = _APPROVED.setdefault(doc, {})
    if party not in known:
        edition = party_digest(doc, party)
        seen = shown(playbook, doc, party) if playbook is not None else {}
        known[party] = _combined(edition, seen) if seen else edition
    return known[party]


def reader_party(audience: str) -> str:
    """The party whose edition a reader's copy is: the vendor's for its own team."""
    return "vendor" if reader(audience).vendor_team else "client"


def _combined(edition: str, seen: Shown) -> str:
    text = json.dumps(seen, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(f"{edition}\n{text}".encode()).hexdigest()


def undefined(playbook: Playbook, doc: Loaded[Document]) -> list[str]:
    """The metric and person ids ``doc`` names that nothing defines (a catalog with
    errors, a misspelt id): what it shows of them cannot be known."""
    if doc not in _UNDEFINED:  # asked once per sign-off by several rules
        definitions, roster = playbook.metrics, playbook.people
        _UNDEFINED[doc] = sorted(
            {
                ident
                for _, target, ident in references(doc.nodes)
                if (target == "metric" and ident not in definitions)
                or (target == "person" and ident not in roster)
            }
        )
    return _UNDEFINED[doc]


def signoff_is_current(
    playbook: Playbook | None, doc: Loaded[Document], person: str, digest: str
) -> bool:
    """Whether a sign-off by ``person`` with ``digest`` approves ``doc`` as it is now.

    A document that names something undefined is not judged stale for it: the undefined
    name is reported where it is, once, and not again on every sign-off.
    """
    whole = playbook.origin if playbook is not None and playbook.origin else playbook
    signer = whole.people.get(person) if whole is not None else None
    if signer is None or whole is None:
        return digest == doc.digest
    if undefined(whole, doc.origin or doc):
        return True
    return digest == approved_digest(playbook, doc, signer.party)


def changes(
    before: Mapping[str, Mapping[str, Mapping[str, str]]], playbook: Playbook, now: Shown
) -> list[str]:
    """What changed in what a document shows through references, in words, with the file
    each change is in: "the unit of `frt` changed (min → h) in playbooks/metrics.yaml"."""
    said = []
    for group, noun in (("metrics", "metric"), ("people", "person")):
        old, new = before.get(group, {}), now.get(group, {})
        for ident in sorted(set(old) | set(new)):
            where = _file_of(playbook, group, ident)
            if ident not in new:
                said.append(f"the {noun} `{ident}` is no longer defined{where}")
                continue
            if ident not in old:
                continue  # a reference the document gained changed its own content too
            for field, value in new[ident].items():
                was = old[ident].get(field)
                if was == value:
                    continue
                moved = _method_change(was, value) if field == "method" else f"{was} → {value}"
                said.append(f"the {field} of `{ident}` changed ({moved}){where}")
    return said


def _method_change(was: str | None, now: str) -> str:
    """``threshold 20 → 30``: the parameters of a method that changed."""
    before: dict[str, Any] = json.loads(was) if was else {}
    after: dict[str, Any] = json.loads(now)
    moved = [
        f"{key.replace('_', ' ')} {before.get(key, 'none')} → {after.get(key, 'none')}"
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]
    return ", ".join(moved)


def _file_of(playbook: Playbook, group: str, ident: str) -> str:
    if group == "people":
        return f" in {display_path(playbook.engagement.source.path)}"
    for catalog in reversed((*playbook.shared_catalogs, *playbook.catalogs)):
        if any(m.id == ident for m in catalog.model.spec.metrics):
            return f" in {display_path(catalog.source.path)}"
    return ""
