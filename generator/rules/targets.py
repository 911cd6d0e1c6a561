"""Rules on targets and thresholds: ranges, direction, units, progression."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Severity
from generator.models import MetricDefinition, Target
from generator.portfolio import Loaded, Playbook
from generator.rules.registry import Context, Finding, rule
from generator.views.text import quantity

_CEILINGS = frozenset({"at-most", "below", "trending-down"})
_FLOORS = frozenset({"at-least", "above", "trending-up"})


def _targets(playbook: Playbook) -> Iterator[tuple[Loaded[Any], tuple[str | int, ...], Target]]:
    for doc in playbook.documents():
        for path, node in doc.nodes:
            if isinstance(node, Target):
                yield doc, path, node


def _unit(target: Target, metric: MetricDefinition | None) -> str | None:
    return target.unit or (metric.unit if metric else None)


@rule("PB401", "percent-range")
def percent_range(ctx: Context) -> Iterator[Finding]:
    """A percentage is below 0 or above 100.

    Applies to targets measured in percent, certification pass thresholds and the fee
    at risk.
    """
    for playbook in ctx.portfolio.playbooks:
        for doc, path, target in _targets(playbook):
            unit = _unit(target, playbook.metrics.get(target.metric))
            if unit == "percent" and target.value is not None and not 0 <= target.value <= 100:
                yield Finding(
                    doc,
                    (*path, "value"),
                    f"target on `{target.metric}` is {target.value:g}%, outside 0-100%",
                )
        if playbook.certification is not None:
            for m, module in enumerate(playbook.certification.model.spec.modules):
                for i, item in enumerate(module.items):
                    if not 0 <= item.pass_threshold <= 100:
                        yield Finding(
                            playbook.certification,
                            ("spec", "modules", m, "items", i, "pass_threshold"),
                            f"pass threshold of `{item.id}` is {item.pass_threshold:g}%, "
                            "outside 0-100%",
                        )
        if playbook.brief is not None and playbook.brief.model.spec.sla is not None:
            fee = playbook.brief.model.spec.sla.fee_at_risk
            if fee is not None and not 0 <= fee.percent <= 100:
                yield Finding(
                    playbook.brief,
                    ("spec", "sla", "fee_at_risk", "percent"),
                    f"fee at risk is {fee.percent:g}%, outside 0-100%",
                )


@rule("PB402", "target-direction", Severity.WARNING)
def target_direction(ctx: Context) -> Iterator[Finding]:
    """A target points the wrong way for its metric.

    A ceiling (`at-most`) on a metric where higher is better, such as CSAT, or a
    floor (`at-least`) on one where lower is better, such as reopen rate, is almost
    always a mistake in the comparator.
    """
    for playbook in ctx.portfolio.playbooks:
        for doc, path, target in _targets(playbook):
            metric = playbook.metrics.get(target.metric)
            if metric is None:
                continue
            if metric.direction == "higher" and target.comparator in _CEILINGS:
                way, better = "a ceiling", "higher"
            elif metric.direction == "lower" and target.comparator in _FLOORS:
                way, better = "a floor", "lower"
            else:
                continue
            yield Finding(
                doc,
                (*path, "comparator"),
                f"`{target.comparator}` sets {way} on `{target.metric}`, where {better} is better",
                f"for {metric.name}, use `{'at-least' if better == 'higher' else 'at-most'}`",
            )


@rule("PB404", "target-unit")
def target_unit(ctx: Context) -> Iterator[Finding]:
    """A target's unit differs from the unit its metric is defined in.

    One metric has one unit; a target in another unit cannot be compared with the
    data it will be measured against.
    """
    for playbook in ctx.portfolio.playbooks:
        for doc, path, target in _targets(playbook):
            metric = playbook.metrics.get(target.metric)
            if metric is not None and target.unit is not None and target.unit != metric.unit:
                yield Finding(
                    doc,
                    (*path, "unit"),
                    f"target on `{target.metric}` is in {target.unit}, but the metric is "
                    f"measured in {metric.unit}",
                    "drop `unit` to use the metric's, or convert the value",
                )


@rule("PB403", "target-loosens", Severity.WARNING)
def target_loosens(ctx: Context) -> Iterator[Finding]:
    """A later checkpoint sets a looser target than an earlier one on the same metric.

    A ramp plan tightens as the team matures: a day-60 CSAT floor below the day-30
    one usually means the two numbers were swapped.
    """
    for playbook in ctx.portfolio.playbooks:
        ramp = playbook.ramp
        if ramp is None:
            continue
        last: dict[tuple[str, bool], tuple[int, float]] = {}
        for c, checkpoint in enumerate(ramp.model.spec.checkpoints):
            for t, target in enumerate(checkpoint.targets):
                if target.value is None or target.comparator in {"equals"}:
                    continue
                floor = target.comparator in _FLOORS
                key = (target.metric, floor)
                if key in last:
                    day, before = last[key]
                    looser = target.value < before if floor else target.value > before
                    if looser:
                        yield Finding(
                            ramp,
                            ("spec", "checkpoints", c, "targets", t, "value"),
                            f"day-{checkpoint.day} target on `{target.metric}` "
                            f"({target.value:g}) is looser than the day-{day} one ({before:g})",
                        )
                last[key] = (checkpoint.day, target.value)


@rule("PB405", "plan-ends-below-service-level")
def plan_ends_below_service_level(ctx: Context) -> Iterator[Finding]:
    """The plan's last target on a metric is weaker than the brief's service level for it.

    The service levels are what the contract promises once the ramp is over; the plan's
    checkpoints lead up to them. A plan that ends at CSAT 85 against a service level
    of 89 never reaches the contract. Raise the last checkpoint's target to the service
    level, or change the service level.
    """
    for playbook in ctx.portfolio.playbooks:
        brief, ramp = playbook.brief, playbook.ramp
        if brief is None or ramp is None or brief.model.spec.sla is None:
            continue
        last: dict[str, tuple[int, int, Target]] = {}
        for i, checkpoint in enumerate(ramp.model.spec.checkpoints):
            for j, target in enumerate(checkpoint.targets):
                last[target.metric] = (i, j, target)
        for promised in brief.model.spec.sla.targets:
            found = last.get(promised.metric)
            if found is None or promised.value is None or found[2].value is None:
                continue
            i, j, target = found
            metric = playbook.metrics.get(target.metric)
            unit = _unit(target, metric)
            weaker = _weaker(target, promised, unit)
            if weaker is None:
                continue
            day = ramp.model.spec.checkpoints[i].day
            yield Finding(
                ramp,
                ("spec", "checkpoints", i, "targets", j, "value"),
                f"the plan ends with `{target.metric}` {weaker} on day {day}, weaker than the "
                f"service level of {_shown(promised.value, unit)} in the brief",
                f"raise it to {_shown(promised.value, unit)}, or change the service level",
            )


def _weaker(target: Target, promised: Target, unit: str | None) -> str | None:
    """``at 85%``-style words when ``target`` promises less than ``promised``; else None."""
    assert target.value is not None
    assert promised.value is not None
    if target.comparator in _FLOORS and promised.comparator in _FLOORS:
        return f"at {_shown(target.value, unit)}" if target.value < promised.value else None
    if target.comparator in _CEILINGS and promised.comparator in _CEILINGS:
        return f"at {_shown(target.value, unit)}" if target.value > promised.value else None
    return None


def _shown(value: float, unit: str | None) -> str:
    return quantity(value, unit)
