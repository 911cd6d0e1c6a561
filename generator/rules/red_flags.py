"""Red flags a reviewer looks for before signing an engagement.

Each rule is one of the warning signs of an outsourcing engagement that is likely to
fail: no signed brief, no certification gate, no day-30 review, no numeric quality
targets, a fee at risk out of the usual range, onboarding compressed below four
weeks, no escalation matrix, every support tier handed over at once. They are
warnings by default: `--strict` (or `severity` in the settings) makes them block.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.diagnostics import Severity
from generator.models import Milestone
from generator.portfolio import Playbook
from generator.rules.registry import Context, Finding, rule

WARNING = Severity.WARNING
#: The baseline review may be held a couple of days either side of day 30.
DAY_30_WINDOW = range(28, 33)
MIN_ONBOARDING_DAYS = 28
FEE_AT_RISK = (5.0, 15.0)


def go_live(playbook: Playbook) -> tuple[int, Milestone, date] | None:
    """The brief's earliest `go-live` milestone, the first live interaction: its index,
    itself and its date."""
    brief = playbook.brief
    if brief is None:
        return None
    dates = playbook.milestone_dates()
    go_lives = [
        (index, milestone, dates[milestone.id])
        for index, milestone in enumerate(brief.model.spec.timeline)
        if milestone.type == "go-live"
    ]
    return min(go_lives, key=lambda entry: entry[2]) if go_lives else None


@rule("PB701", "brief-not-signed", WARNING)
def brief_not_signed(ctx: Context) -> Iterator[Finding]:
    """There is no engagement brief, or work has started on one not approved by both sides.

    The brief is the document both sides sign before technical work starts. Anything
    it leaves open tends to become a dispute by day 45. Once the engagement is past
    the `proposal` phase, its brief must be `approved` with both parties' sign-offs.
    """
    for playbook in ctx.portfolio.playbooks:
        phase = playbook.engagement.model.spec.phase
        if playbook.brief is None:
            if not playbook.lacks("EngagementBrief"):
                continue
            yield Finding(
                playbook.engagement,
                ("kind",),
                f"engagement `{playbook.id}` has no engagement brief",
                "add brief.yaml (kind: EngagementBrief) to its folder",
            )
        elif phase != "proposal" and playbook.brief.model.metadata.status != "approved":
            yield Finding(
                playbook.brief,
                ("metadata", "status"),
                f"the engagement is in its `{phase}` phase but the brief is "
                f"`{playbook.brief.model.metadata.status}`, not signed off by both sides",
            )


@rule("PB703", "no-certification-gate", WARNING)
def no_certification_gate(ctx: Context) -> Iterator[Finding]:
    """No certification gate stands between training and live work.

    Every agent should pass the certification checklist before the first live
    interaction. The checklist's `gate.go_live` must be true, and its `gate.before`
    should name the go-live milestone, which must come after certification.
    """
    for playbook in ctx.portfolio.playbooks:
        checklist = playbook.certification
        if checklist is None:
            if not playbook.lacks("CertificationChecklist"):
                continue
            yield Finding(
                playbook.engagement,
                ("kind",),
                f"engagement `{playbook.id}` has no certification checklist",
                "add certification.yaml (kind: CertificationChecklist)",
            )
            continue
        gate = checklist.model.spec.gate
        if not gate.go_live:
            yield Finding(
                checklist,
                ("spec", "gate", "go_live"),
                "agents may go live without passing certification (`go_live: false`)",
            )
        live = go_live(playbook)
        if gate.before is None and live is not None:
            yield Finding(
                checklist,
                ("spec", "gate"),
                "the gate does not say which milestone certification must precede",
                f"add `before: {live[1].id}`",
            )


@rule("PB704", "no-day-30-review", WARNING)
def no_day_30_review(ctx: Context) -> Iterator[Finding]:
    """There is no formal review around day 30.

    The day-30 baseline review compares the KPIs with their targets and sets a root
    cause and a fix for each miss; without it, problems surface at day 60 or later.
    """
    for playbook in ctx.portfolio.playbooks:
        ramp = playbook.ramp
        if ramp is None:
            if not playbook.lacks("RampPlan"):
                continue
            yield Finding(
                playbook.engagement,
                ("kind",),
                f"engagement `{playbook.id}` has no 30/60/90-day plan",
                "add ramp.yaml (kind: RampPlan) with checkpoints on days 30, 60 and 90",
            )
            continue
        days = [checkpoint.day for checkpoint in ramp.model.spec.checkpoints]
        if not any(day in DAY_30_WINDOW for day in days):
            yield Finding(
                ramp,
                ("spec", "checkpoints"),
                "no checkpoint with a review around day 30 (checkpoints on days "
                + ", ".join(str(day) for day in days)
                + ")",
                "add a day-30 baseline checkpoint with its review and report",
            )


@rule("PB705", "speed-only-targets", WARNING)
def speed_only_targets(ctx: Context) -> Iterator[Finding]:
    """The service levels set speed targets without quality minimums.

    An SLA on first response or handle time alone rewards fast, useless answers. Pair
    every speed target with quality minimums such as first contact resolution, CSAT
    or QA pass rate.
    """
    for playbook in ctx.portfolio.playbooks:
        brief = playbook.brief
        if brief is None or brief.model.spec.sla is None:
            continue
        categories = {
            playbook.metrics[target.metric].category
            for target in brief.model.spec.sla.targets
            if target.metric in playbook.metrics
        }
        if "speed" in categories and "quality" not in categories:
            yield Finding(
                brief,
                ("spec", "sla", "targets"),
                "the service levels set speed targets but no quality minimum",
                "add targets on quality metrics such as fcr, csat or qa-pass",
            )


@rule("PB702", "no-numeric-targets", WARNING)
def no_numeric_targets(ctx: Context) -> Iterator[Finding]:
    """A checkpoint has no numeric target, only trends.

    "Trending up" cannot be missed; each checkpoint needs at least one written number
    to be judged against.
    """
    for playbook in ctx.portfolio.playbooks:
        if playbook.ramp is None:
            continue
        for index, checkpoint in enumerate(playbook.ramp.model.spec.checkpoints):
            if all(target.value is None for target in checkpoint.targets):
                yield Finding(
                    playbook.ramp,
                    ("spec", "checkpoints", index, "targets"),
                    f"the day-{checkpoint.day} checkpoint has no numeric target",
                )


@rule("PB706", "fee-at-risk", WARNING)
def fee_at_risk(ctx: Context) -> Iterator[Finding]:
    """The fee at risk is outside the usual 5-15% of the monthly invoice.

    Below 5% the quality targets carry no weight; above 15% vendors price the risk in
    or walk away.
    """
    low, high = FEE_AT_RISK
    for playbook in ctx.portfolio.playbooks:
        brief = playbook.brief
        if brief is None or brief.model.spec.sla is None:
            continue
        fee = brief.model.spec.sla.fee_at_risk
        if fee is not None and 0 <= fee.percent <= 100 and not low <= fee.percent <= high:
            yield Finding(
                brief,
                ("spec", "sla", "fee_at_risk", "percent"),
                f"fee at risk is {fee.percent:g}% of the monthly invoice, outside the usual "
                f"{low:g}-{high:g}%",
            )


@rule("PB707", "onboarding-too-short", WARNING)
def onboarding_too_short(ctx: Context) -> Iterator[Finding]:
    """A support transition compresses onboarding below four weeks.

    Support teams need about four weeks of onboarding and knowledge transfer before
    they carry the queue. Onboarding is measured from day 1 to the first live
    interaction (the earliest `go-live` milestone), whatever the phases are called;
    without a dated go-live, the ramp plan's first phase is measured. Sales campaigns,
    which launch around day 11, are not. A compressed onboarding both sides weigh and
    accept goes in the brief's `accepted_risks` with the reason.
    """
    for playbook in ctx.portfolio.playbooks:
        if playbook.engagement.model.spec.type != "support":
            continue
        live = go_live(playbook)
        if live is not None and playbook.brief is not None:
            days = playbook.engagement.model.spec.day_of(live[2]) - 1
            if days < MIN_ONBOARDING_DAYS:
                yield Finding(
                    playbook.brief,
                    ("spec", "timeline", live[0], "day" if live[1].day else "due"),
                    f"go-live `{live[1].id}` comes after {days} days of onboarding, "
                    "under four weeks",
                    f"move the first go-live to day {MIN_ONBOARDING_DAYS + 1} or later, or "
                    "record why it is acceptable under `accepted_risks` in the brief",
                )
            continue
        ramp = playbook.ramp
        if ramp is not None and ramp.model.spec.phases:
            phase = ramp.model.spec.phases[0]
            length = phase.to_day - phase.from_day + 1
            if 0 < length < MIN_ONBOARDING_DAYS:
                yield Finding(
                    ramp,
                    ("spec", "phases", 0),
                    f"onboarding phase `{phase.name}` lasts {length} days, under four weeks",
                )


@rule("PB708", "no-escalation-matrix", WARNING)
def no_escalation_matrix(ctx: Context) -> Iterator[Finding]:
    """There is no escalation matrix, or it takes effect after go-live.

    Without one, agents either escalate everything to Tier 2 or act beyond their
    authority. It must be in force before the first live interaction.
    """
    for playbook in ctx.portfolio.playbooks:
        matrix = playbook.escalation
        if matrix is None:
            if not playbook.lacks("EscalationMatrix"):
                continue
            yield Finding(
                playbook.engagement,
                ("kind",),
                f"engagement `{playbook.id}` has no escalation matrix",
                "add escalation.yaml (kind: EscalationMatrix)",
            )
            continue
        spec = matrix.model.spec
        effective = spec.effective or (
            playbook.date_of(spec.effective_day) if spec.effective_day else None
        )
        live = go_live(playbook)
        if effective is not None and live is not None and effective > live[2]:
            field = "effective" if spec.effective else "effective_day"
            yield Finding(
                matrix,
                ("spec", field),
                f"the matrix takes effect on {effective.isoformat()}, after go-live "
                f"`{live[1].id}` on {live[2].isoformat()}",
            )


@rule("PB709", "all-tiers-at-once", WARNING)
def all_tiers_at_once(ctx: Context) -> Iterator[Finding]:
    """Every support tier is outsourced, or several are handed over on the same day.

    Start with Tier 1, add Tier 2 once Tier 1 is stable, and keep Tier 3 in house.
    """
    for playbook in ctx.portfolio.playbooks:
        spec = playbook.engagement.model.spec
        vendor = [(i, t) for i, t in enumerate(spec.tiers) if t.handled_by == "vendor"]
        if not vendor:
            continue
        if len(vendor) == len(spec.tiers) and len(spec.tiers) >= 3:
            yield Finding(
                playbook.engagement,
                ("spec", "tiers"),
                "every support tier is outsourced",
                "keep Tier 3 (engineering, product) in house",
            )
        start_days = {t.from_day or 1 for _, t in vendor}
        if len(vendor) > 1 and len(start_days) == 1:
            yield Finding(
                playbook.engagement,
                ("spec", "tiers", vendor[1][0], "from_day"),
                f"{len(vendor)} tiers are handed to the vendor on the same day "
                f"(day {start_days.pop()})",
                "hand over Tier 1 first and Tier 2 once Tier 1 is stable",
            )
