"""Rules on values computed from contact exports: recomputed, they must come out the same."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from generator.computing.compute import ComputeError, compute, file_digest
from generator.computing.profiles import ProfileError, load_profile
from generator.diagnostics import Severity
from generator.loading.composer import Path as DataPath
from generator.models import MetricDefinition
from generator.models.scorecard import ComputedFrom, Measurement, Observation, Scorecard
from generator.portfolio import Loaded, Playbook
from generator.rules.registry import Context, Finding, rule
from generator.views.methods import method_words
from generator.views.progress import scorecard
from generator.views.text import number


@rule("PB823", "computed-value-differs")
def computed_value_differs(ctx: Context) -> Iterator[Finding]:
    """A value computed from contact exports does not come out the same when recomputed.

    A result recorded by `playbook results compute` names the exports it was computed
    from, by path and digest, with the profile and the method. When the exports are in
    the repository, the value is computed again by that method over the same period: a
    different number, or an export whose bytes changed since, is reported at the value.
    Exports kept outside the repository are not checked.
    """
    for playbook, card, path, item, computed in _computed(ctx):
        if item.value is None or item.period is None:
            continue
        problem = _recomputed(
            computed,
            card.source.path.parent,
            playbook.metrics.get(item.metric),
            (item.period.start, item.period.end),
            item.value,
            playbook.engagement.model.spec.timezone,
        )
        if problem is not None:
            yield Finding(
                card,
                (*path, "value"),
                problem,
                "compute it again: playbook results compute ... --replace",
            )


def _computed(
    ctx: Context,
) -> Iterator[
    tuple[Playbook, Loaded[Scorecard], DataPath, Measurement | Observation, ComputedFrom]
]:
    """Each computed value of each scorecard, with its place."""
    for playbook in ctx.portfolio.playbooks:
        card = scorecard(playbook)
        if card is None:
            continue
        for i, checkpoint in enumerate(card.model.spec.checkpoints):
            kinds: tuple[tuple[str, tuple[Measurement | Observation, ...]], ...] = (
                ("results", checkpoint.results),
                ("observations", checkpoint.observations),
            )
            for key, items in kinds:
                for j, item in enumerate(items):
                    if item.computed is not None:
                        yield (
                            playbook,
                            card,
                            ("spec", "checkpoints", i, key, j),
                            item,
                            item.computed,
                        )


def _recomputed(
    computed: ComputedFrom,
    folder: Path,
    metric: MetricDefinition | None,
    period: tuple[date, date],
    recorded: float,
    timezone: str,
) -> str | None:
    """What is wrong with a computed value, computed again; None when it holds (or when
    its exports are not in the repository)."""
    files = [folder / f.path for f in computed.files]
    if not all(path.is_file() for path in files):
        return None  # the exports are kept elsewhere
    for export, path in zip(computed.files, files, strict=True):
        if file_digest(path) != export.sha256:
            return f"{export.path} changed since this value was computed from it"
    if metric is None:
        return None
    profile_path = folder / computed.profile
    given = str(profile_path) if profile_path.is_file() else computed.profile
    try:
        value = _again(
            tuple(files),
            tuple(f.sha256 for f in computed.files),
            given,
            metric.model_copy(update={"method": computed.method}),
            period,
            timezone,
        )
    except (ComputeError, ProfileError) as exc:
        return f"cannot be computed again: {exc}"
    if value != recorded:
        return (
            f"computed again from its exports by its method, the value is {number(value)}, "
            f"not {number(recorded)}"
        )
    return None


@functools.lru_cache(maxsize=256)
def _again(
    files: tuple[Path, ...],
    digests: tuple[str, ...],
    profile: str,
    metric: MetricDefinition,
    period: tuple[date, date],
    timezone: str,
) -> float:
    """The value computed again; the same exports (by digest), profile, method and period
    give it once per process, however often the playbooks are checked."""
    found = compute(list(files), load_profile(profile), period, [metric], timezone)
    return found.values[0].value


@rule("PB824", "computed-by-another-method", Severity.WARNING)
def computed_by_another_method(ctx: Context) -> Iterator[Finding]:
    """A value was computed by a method the metric catalog no longer gives.

    The catalog's method (or one of its parameters) changed after the value was
    computed: the recorded number still holds for the method it names, but not for the
    one both parties now approve. Compute it again with `playbook results compute`.
    """
    for playbook, card, path, item, computed in _computed(ctx):
        metric = playbook.metrics.get(item.metric)
        if metric is None or metric.method == computed.method:
            continue
        now = method_words(metric.method) if metric.method else "no method"
        checkpoint = card.model.spec.checkpoints[int(path[2])]
        yield Finding(
            card,
            (*path, "computed", "method"),
            f"computed as “{method_words(computed.method)}”; the catalog now computes "
            f"`{item.metric}` as “{now}”",
            "compute it again: playbook results compute EXPORT --engagement "
            f"{playbook.id} --day {checkpoint.day} --replace",
        )
