"""Canaries: an internal note and an internal list item planted in each kind of document.

Every kind of document the Northwind example has gets a note (``CANARY-<NAME>-NOTE`` in
its `spec`), whatever its kind, so a kind added to the registry and the examples is
covered without a test changing. Kinds listed in :data:`ITEMS` also get an internal
list item (``CANARY-<NAME>-ITEM``). ``NAME`` is the file's name in capitals: BRIEF,
RESULTS, METRICS.
"""

from __future__ import annotations

from pathlib import Path

from generator.audience import AUDIENCES, ReaderName, reader
from generator.models import REGISTRY
from tests.conftest import EXAMPLES, replace_in

#: The engagement whose documents get canaries, with the shared catalog.
ENGAGEMENT = "northwind-support"

#: An internal list item per kind name: the line it goes before, and the item.
ITEMS: dict[str, tuple[str, str]] = {
    "Engagement": (
        "    - id: tbecker\n",
        (
            "    - id: canary-person\n"
            "      name: CANARY-ENGAGEMENT-ITEM\n"
            "      role: Internal\n"
            "      party: vendor\n"
            "      audience: internal\n"
        ),
    ),
    "EngagementBrief": (
        "    - id: voice-overflow\n",
        (
            "    - id: canary\n"
            "      title: CANARY-BRIEF-ITEM\n"
            "      owner: jokafor\n"
            "      due: 2026-12-01\n"
            "      deliverable: x\n"
            "      audience: internal\n"
        ),
    ),
    "EscalationMatrix": (
        "    - id: P3\n",
        (
            "    - id: P4\n"
            "      name: CANARY-ESCALATION-ITEM\n"
            "      definition: x\n"
            "      triggers: [x]\n"
            "      receiver: {tier: x, person: epetrova}\n"
            "      response: 1d\n"
            "      hours: x\n"
            "      channel: chat\n"
            "      required_data: [x]\n"
            "      audience: internal\n"
        ),
    ),
    "CertificationChecklist": (
        "    - id: compliance\n",
        (
            "    - id: canary\n"
            "      title: CANARY-CERTIFICATION-ITEM\n"
            "      area: quality\n"
            "      audience: internal\n"
            "      items:\n"
            "        - id: x\n"
            "          title: x\n"
            "          method: quiz\n"
            "          pass_threshold: 50\n"
            "          assessor: gkim\n"
        ),
    ),
    "RampPlan": (
        "        - metric: kb-coverage\n",
        (
            "        - metric: backlog\n"
            "          comparator: at-most\n"
            "          value: 999\n"
            "          note: CANARY-RAMP-ITEM\n"
            "          audience: internal\n"
        ),
    ),
    "MetricCatalog": (
        "    - id: fcr\n",
        (
            "    - id: canary-metric\n"
            "      name: CANARY-METRICS-ITEM\n"
            "      unit: count\n"
            "      direction: higher\n"
            "      category: volume\n"
            "      formula: x\n"
            "      source: x\n"
            "      audience: internal\n"
        ),
    ),
    "Scorecard": (
        "            - id: csat-coaching\n",
        (
            "            - id: canary\n"
            "              title: CANARY-RESULTS-ITEM\n"
            "              owner: epetrova\n"
            "              due: 2026-12-11\n"
            "              audience: internal\n"
        ),
    ),
}


def documents(playbooks: Path = EXAMPLES) -> dict[str, Path]:
    """The file of each kind that gets canaries, by kind name: every document of the
    engagement and the shared catalog."""
    folder = playbooks / ENGAGEMENT
    found = {
        kind.name: folder / kind.file_name
        for kind in REGISTRY.values()
        if (folder / kind.file_name).is_file()
    }
    return {**found, "MetricCatalog": playbooks / "metrics.yaml"}


def name(kind: str) -> str:
    """``EngagementBrief`` -> ``BRIEF``: the canaries' name for a kind."""
    return documents()[kind].stem.upper()


#: The canaries' names of every kind that gets a note, and of those that get an item.
NOTES: tuple[str, ...] = tuple(name(kind) for kind in documents())
ITEM_NAMES: tuple[str, ...] = tuple(name(kind) for kind in documents() if kind in ITEMS)


#: Every reader outside the vendor's team: none of them may see a canary.
OUTSIDE_READERS: tuple[ReaderName, ...] = tuple(a for a in AUDIENCES if not reader(a).vendor_team)


def plant_canaries(playbooks: Path) -> None:
    """Write every canary into the playbooks folder ``playbooks``."""
    for kind, path in documents(playbooks).items():
        replace_in(path, "\nspec:\n", f"\nspec:\n  internal_notes: CANARY-{name(kind)}-NOTE\n")
        if kind in ITEMS:
            before, item = ITEMS[kind]
            replace_in(path, before, item + before)
