"""Rules on engagements and the ids that tie documents together."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from generator.diagnostics import Severity, did_you_mean
from generator.models import MetricCatalog
from generator.models.walk import id_lists
from generator.portfolio import Playbook
from generator.rules.registry import Context, Finding, describe, rule

_URL_SAFE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")

describe(
    "PB200",
    "outside-engagement",
    """
    A document sits in a folder that has no Engagement file.

    Documents belong to the engagement whose `engagement.yaml` is in their folder (or
    a folder above it, below the playbooks root). Metric catalogs may sit anywhere.
""",
)
describe(
    "PB205",
    "second-document",
    """
    An engagement has two documents of the same kind, or a folder two engagements.

    Each engagement has one brief, one escalation matrix, one certification
    checklist and one ramp plan; the second is ignored until the two are merged.
""",
)

describe(
    "PB208",
    "checks-skipped",
    """
    The engagement file has errors, so the checks across this engagement's files did not
    run.

    Who is on the roster, which dates the timeline resolves to and what the plan
    targets all come from the engagement file; until it reads, the other files of the
    folder are checked on their own only. Fix the engagement file's errors and
    validate again: new findings in the other files may appear.
""",
    Severity.WARNING,
)


@rule("PB201", "unknown-person")
def unknown_person(ctx: Context) -> Iterator[Finding]:
    """A person id is not in the engagement's roster.

    Owners, assessors, receivers, backups, attendees and signatories are named by their
    roster id (`spec.people` in the engagement file), so every commitment points at one
    real person. A team name or a typo in an id is reported here.
    """
    for playbook in ctx.portfolio.playbooks:
        yield from _dangling(
            playbook,
            "person",
            playbook.people,
            f"is not in the roster of engagement `{playbook.id}`",
            "people in the roster",
        )


@rule("PB202", "unknown-metric")
def unknown_metric(ctx: Context) -> Iterator[Finding]:
    """A target names a metric that no metric catalog defines.

    Every metric needs one shared definition (name, unit, direction, formula, source);
    targets refer to it by id. Define the metric in the shared catalog
    (`playbooks/metrics.yaml`) or in a catalog in the engagement's folder:

        - id: first-reply
          name: First reply time
          unit: minutes      # percent, seconds, minutes, hours, days, count, score or ratio
          direction: lower   # higher or lower: which way is better
          category: speed    # speed, quality, efficiency, volume, outcome or readiness
          formula: Minutes from the customer's first message to the first human reply
          source: Helpdesk reporting

    A metric whose definition has errors counts as defined here: its errors are
    reported in its catalog. While a catalog the engagement reads cannot be read at all,
    or holds a metric without a readable id, its metrics are unknown rather than
    missing, and this check waits for the catalog's fix.
    """
    for playbook in ctx.portfolio.playbooks:
        if ctx.portfolio.unread_catalogs or MetricCatalog.KIND in playbook.broken:
            continue
        broken = _broken_metric_ids(playbook)
        if None in broken:
            continue
        yield from _dangling(
            playbook,
            "metric",
            {**dict.fromkeys(i for i in broken if i is not None), **playbook.metrics},
            "is not defined in any metric catalog",
            "defined metrics",
            noun="metric ",
        )


def _broken_metric_ids(playbook: Playbook) -> list[str | None]:
    """Ids written in the catalogs with errors whose metrics could not all be kept;
    None for a metric whose id cannot be read (missing or misspelt)."""
    ids: list[str | None] = []
    for catalog in (*playbook.shared_catalogs, *playbook.catalogs):
        if not catalog.partial or not isinstance(catalog.source.data, dict):
            continue
        spec = catalog.source.data.get("spec")
        items = spec.get("metrics") if isinstance(spec, dict) else None
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict):
                ids.append(item["id"] if isinstance(item.get("id"), str) else None)
    return ids


@rule("PB206", "unknown-milestone")
def unknown_milestone(ctx: Context) -> Iterator[Finding]:
    """A milestone id does not name a milestone of the brief's timeline."""
    for playbook in ctx.portfolio.playbooks:
        if "EngagementBrief" in playbook.broken:
            continue  # its errors are reported; its milestones are unknown, not missing
        yield from _dangling(
            playbook,
            "milestone",
            playbook.milestone_dates(),
            "is not in the brief's timeline",
            "milestones",
            noun="milestone ",
        )


@rule("PB203", "duplicate-id")
def duplicate_id(ctx: Context) -> Iterator[Finding]:
    """Two items of the same list share an id, or two catalogs define the same metric.

    Ids are how documents refer to each other and how changes are compared; each must
    name exactly one thing.
    """
    for doc in ctx.portfolio.documents():
        for path, node in doc.nodes:
            for key, name in id_lists(type(node)):
                seen: dict[str, int] = {}
                for index, item in enumerate(getattr(node, name)):
                    ident = item.id
                    if ident in seen:
                        yield Finding(
                            doc,
                            (*path, key, index, "id"),
                            f"id `{ident}` is used twice in `{key}` "
                            f"(first as item {seen[ident] + 1})",
                        )
                    else:
                        seen[ident] = index
    defined: dict[str, Any] = {}
    for catalog in ctx.portfolio.catalogs:
        for index, metric in enumerate(catalog.model.spec.metrics):
            first = defined.setdefault(metric.id, catalog)
            if first is not catalog:
                yield Finding(
                    catalog,
                    ("spec", "metrics", index, "id"),
                    f"metric `{metric.id}` is also defined in {first.source.display}",
                    "shared catalogs must not define a metric twice; keep one definition",
                )


@rule("PB204", "engagement-id-form")
def engagement_id_form(ctx: Context) -> Iterator[Finding]:
    """An engagement id cannot be used in a web address.

    The engagement id names its pages on the site and its PDF files, so it must be
    made of lowercase letters, digits and single hyphens.
    """
    for playbook in ctx.portfolio.playbooks:
        if not _URL_SAFE.match(playbook.id):
            yield Finding(
                playbook.engagement,
                ("metadata", "id"),
                f"engagement id `{playbook.id}` is not safe in a web address",
                "use lowercase letters, digits and single hyphens, e.g. acme-support",
            )


@rule("PB207", "duplicate-engagement-id")
def duplicate_engagement_id(ctx: Context) -> Iterator[Finding]:
    """Two engagements share an id.

    The engagement id names its pages on the site and its PDF files, so two
    engagements with one id would overwrite each other's outputs. Folders are read in
    name order; the later engagement is reported.
    """
    entries = [(playbook.id, playbook.engagement) for playbook in ctx.portfolio.playbooks]
    for (ident, doc), first in id_clashes(entries):
        yield Finding(doc, ("metadata", "id"), id_clash_message(ident, first.source.display))


T = TypeVar("T")


def id_clashes(entries: list[tuple[str, T]]) -> Iterator[tuple[tuple[str, T], T]]:
    """Each entry whose id an earlier entry already has, with that earlier entry."""
    first: dict[str, T] = {}
    for ident, item in entries:
        if ident in first:
            yield (ident, item), first[ident]
        else:
            first[ident] = item


def id_clash_message(ident: str, first: str) -> str:
    return f"engagement id `{ident}` is also used by {first}"


def _dangling(
    playbook: Playbook,
    target: str,
    known: Mapping[str, object],
    problem: str,
    what: str,
    *,
    noun: str = "",
) -> Iterator[Finding]:
    """A finding for each reference of ``playbook`` to a ``target`` that is not ``known``."""
    for doc in playbook.documents():
        for path, kind, value in doc.references:
            if kind == target and value not in known:
                yield Finding(doc, path, f"{noun}`{value}` {problem}", _suggest(value, known, what))


def _suggest(value: str, known: Any, what: str) -> str | None:
    names = sorted(known)
    close = did_you_mean(value, names)
    if close:
        return close
    if not names:
        return None
    # The whole list: a cut one hid the very name a user was looking for.
    return f"{what}: " + ", ".join(f"`{name}`" for name in names)
