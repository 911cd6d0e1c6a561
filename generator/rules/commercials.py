"""Rules on the commercials: the credits stand on the brief's service levels and fee at
risk, and the price covers every channel and phase the plan staffs."""

from __future__ import annotations

from collections.abc import Iterator

from generator.models.brief import FeeAtRisk as BriefFeeAtRisk
from generator.models.commercials import Commercials, FeeAtRisk
from generator.portfolio import Loaded, Playbook
from generator.rules.registry import Context, Finding, rule
from generator.views.text import label, metric_names, number

_HOURLY = ("per-productive-hour", "per-agent-month")


@rule("PB901", "allocation-not-a-service-level")
def allocation_not_a_service_level(ctx: Context) -> Iterator[Finding]:
    """The fee at risk is allocated to a metric the brief's fee at risk is not tied to.

    A credit is owed for a missed service level the client and vendor agreed in the
    brief: its service levels (`sla.targets`) and the metrics its fee at risk is tied to.
    An allocation to another metric prices a promise nobody signed.
    """
    for playbook, loaded, risk in _at_risk(ctx):
        if playbook.brief is None:
            continue
        agreed = _agreed(playbook)
        tied = agreed.tied_to if agreed else ()
        for index, allocation in enumerate(risk.allocations):
            if allocation.metric in tied:
                continue
            where = ("spec", "fee_at_risk", "allocations", index, "metric")
            yield Finding(
                loaded,
                where,
                f"`{allocation.metric}` is not a service level the brief's fee at risk is "
                f"tied to ({metric_names(tied, playbook.metrics) or 'none'})",
                "allocate the pool to the brief's service levels, or tie the brief's fee at "
                "risk to this one",
            )


@rule("PB902", "allocation-twice")
def allocation_twice(ctx: Context) -> Iterator[Finding]:
    """A service level has two allocations of the pool.

    Each level has one share of the pool; two would make one miss earn two credits.
    """
    for _, loaded, risk in _at_risk(ctx):
        seen: set[str] = set()
        for index, allocation in enumerate(risk.allocations):
            if allocation.metric in seen:
                yield Finding(
                    loaded,
                    ("spec", "fee_at_risk", "allocations", index, "metric"),
                    f"`{allocation.metric}` already has a share of the pool",
                    "give each service level one allocation",
                )
            seen.add(allocation.metric)


@rule("PB903", "fee-at-risk-beyond-brief")
def fee_at_risk_beyond_brief(ctx: Context) -> Iterator[Finding]:
    """The commercials put more of the fee at risk than the brief agreed, or any when the
    brief puts none.

    The brief is what both sides signed first; the commercials price within it.
    """
    for playbook, loaded, risk in _at_risk(ctx):
        if playbook.brief is None:
            continue
        agreed = _agreed(playbook)
        if agreed is not None and risk.percent <= agreed.percent:
            continue
        said = "puts no fee at risk" if agreed is None else f"agrees {number(agreed.percent)}%"
        yield Finding(
            loaded,
            ("spec", "fee_at_risk", "percent"),
            f"{number(risk.percent)}% of the monthly fee at risk, but the brief {said}",
            "put at most the brief's share at risk, or change the brief first",
        )


@rule("PB904", "phase-without-rate")
def phase_without_rate(ctx: Context) -> Iterator[Finding]:
    """The plan staffs a channel the commercials give no price for.

    Every channel the plan staffs needs a production rate; under an hourly or per-agent
    price, a brief with a training milestone needs a training rate for it too, or the
    first invoice has lines nobody priced.
    """
    for playbook in ctx.portfolio.playbooks:
        loaded = playbook.document(Commercials)
        if loaded is None or playbook.ramp is None:
            continue
        spec = loaded.model.spec
        priced = {(r.channel, r.phase) for r in spec.rates}
        training = playbook.brief is not None and any(
            m.type == "training" for m in playbook.brief.model.spec.timeline
        )
        phases = ("training", "production") if training and spec.model in _HOURLY else ()
        for channel in dict.fromkeys(s.channel for s in playbook.ramp.model.spec.staffing):
            for phase in phases or ("production",):
                if (channel, phase) not in priced:
                    yield Finding(
                        loaded,
                        ("spec", "rates"),
                        f"the plan staffs {label(channel).lower()} but no rate prices its {phase}",
                        f"add a rate with `channel: {channel}` and `phase: {phase}`",
                    )


def _at_risk(ctx: Context) -> Iterator[tuple[Playbook, Loaded[Commercials], FeeAtRisk]]:
    """Each engagement whose commercials put a fee at risk, with them and it."""
    for playbook in ctx.portfolio.playbooks:
        loaded = playbook.document(Commercials)
        if loaded is not None and loaded.model.spec.fee_at_risk is not None:
            yield playbook, loaded, loaded.model.spec.fee_at_risk


def _agreed(playbook: Playbook) -> BriefFeeAtRisk | None:
    """The fee at risk the brief agrees, if it agrees one."""
    sla = playbook.brief.model.spec.sla if playbook.brief else None
    return sla.fee_at_risk if sla else None
