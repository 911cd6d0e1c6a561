"""The red flags of a readiness review, and what each says when it does not fly.

Each flag names the rules that report it during validation; a flag that holds is
explained from the data, with the place in the playbook that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from generator.diagnostics import Location
from generator.portfolio import Playbook
from generator.rules import Finding
from generator.rules.red_flags import DAY_30_WINDOW, MIN_ONBOARDING_DAYS, go_live
from generator.views.context import approval, status_line, timeline
from generator.views.text import long_date, metric_name, number, person_name

#: A flag that holds: why, in words, and where the playbook shows it.
Evidence = tuple[str, Location]


@dataclass(frozen=True)
class RedFlag:
    """One warning sign a reviewer looks for before signing."""

    number: int
    title: str
    """What a reviewer wants to see, e.g. "A formal day-30 review"."""
    codes: tuple[str, ...]
    """The rules that report this flag."""
    needs: tuple[str, ...]
    """Document kinds the check reads: it cannot hold when one is missing or broken."""
    evidence: Callable[[Playbook], Evidence]
    keep: Callable[[str, Finding], bool] = lambda code, finding: True
    """Which findings of the rules belong to this flag (some rules cover more)."""


def _brief(playbook: Playbook) -> Evidence:
    brief = playbook.brief
    assert brief is not None
    state = approval(playbook, brief)
    what = f"{brief.model.title} {brief.model.metadata.version}"
    where = brief.at(("metadata", "status"))
    if state.state == "approved":
        names = [
            f"{person_name(s.person_id, playbook.people)} ({s.party})"
            for s in state.signoffs
            if s.current
        ]
        return f"{what} is approved by " + " and ".join(names) + ".", where
    phase = playbook.engagement.model.spec.phase
    return (
        f"{what} is written ({status_line(state).lower()}); the engagement is in its "
        f"{phase} phase, so both sides sign it before work starts.",
        where,
    )


def _timeline(playbook: Playbook) -> Evidence:
    assert playbook.brief is not None
    milestones = [e for e in timeline(playbook) if e.kind != "checkpoint"]
    owners = {e.owner_id for e in milestones}
    where = playbook.brief.at(("spec", "timeline"))
    if not milestones:
        return "The brief's timeline is empty.", where
    return (
        f"{len(milestones)} milestones from {long_date(milestones[0].when)} to "
        f"{long_date(milestones[-1].when)}, each with a due date, a written deliverable "
        f"and one named owner ({len(owners)} people own them).",
        where,
    )


def _gate(playbook: Playbook) -> Evidence:
    checklist = playbook.certification
    assert checklist is not None
    spec = checklist.model.spec
    required = [item for module in spec.modules for item in module.items if item.required]
    text = (
        f"No agent goes live before passing {len(required)} required checks in "
        f"{len(spec.modules)} modules"
    )
    if spec.gate.before is not None:
        titles = (
            {m.id: m.title for m in playbook.brief.model.spec.timeline} if playbook.brief else {}
        )
        text += f", before {titles.get(spec.gate.before, spec.gate.before)}"
    if spec.gate.signed_by:
        text += f"; {person_name(spec.gate.signed_by, playbook.people)} confirms the gate"
    return text + ".", checklist.at(("spec", "gate"))


def _day_30(playbook: Playbook) -> Evidence:
    ramp = playbook.ramp
    assert ramp is not None
    for index, checkpoint in enumerate(ramp.model.spec.checkpoints):
        if checkpoint.day in DAY_30_WINDOW:
            review = checkpoint.review
            return (
                f"Day {checkpoint.day}: {review.title}, run by "
                f"{person_name(review.owner, playbook.people)}, with "
                f"{len(checkpoint.targets)} targets and a written "
                f"{checkpoint.deliverable.title}.",
                ramp.at(("spec", "checkpoints", index)),
            )
    return "A checkpoint near day 30 is planned.", ramp.at(("spec", "checkpoints"))


def _targets(playbook: Playbook) -> Evidence:
    ramp = playbook.ramp
    assert ramp is not None
    count = len(ramp.model.spec.checkpoints)
    text = f"Each of the {count} checkpoints has at least one numeric target"
    sla = playbook.brief.model.spec.sla if playbook.brief else None
    if sla is not None:
        quality = [
            metric_name(t.metric, playbook.metrics)
            for t in sla.targets
            if t.metric in playbook.metrics and playbook.metrics[t.metric].category == "quality"
        ]
        if quality:
            text += "; the service levels set quality minimums (" + ", ".join(quality) + ")"
    return text + ".", ramp.at(("spec", "checkpoints"))


def _escalation(playbook: Playbook) -> Evidence:
    matrix = playbook.escalation
    assert matrix is not None
    spec = matrix.model.spec
    text = f"{len(spec.levels)} severity levels, each with a named receiver"
    effective = spec.effective or (
        playbook.date_of(spec.effective_day) if spec.effective_day else None
    )
    if effective is not None:
        text += f", in force from {long_date(effective)}"
    live = go_live(playbook)
    if live is not None:
        text += f"; go-live is {long_date(live[2])}"
    return text + ".", matrix.at(("spec", "levels"))


def _onboarding(playbook: Playbook) -> Evidence:
    spec = playbook.engagement.model.spec
    if spec.type != "support":
        return (
            "A sales campaign: the four-week onboarding minimum applies to support transitions.",
            playbook.engagement.at(("spec", "type")),
        )
    live = go_live(playbook)
    if live is not None and playbook.brief is not None:
        days = spec.day_of(live[2]) - 1
        return (
            f"The first live interaction (`{live[1].id}`, {long_date(live[2])}) comes after "
            f"{days} days of onboarding.",
            playbook.brief.at(("spec", "timeline", live[0])),
        )
    ramp = playbook.ramp
    if ramp is not None and ramp.model.spec.phases:
        phase = ramp.model.spec.phases[0]
        days = phase.to_day - phase.from_day + 1
        return (
            f"Onboarding ({phase.name}) lasts {days} days.",
            ramp.at(("spec", "phases", 0)),
        )
    return (
        f"No phase or go-live date to measure; at least {MIN_ONBOARDING_DAYS} days are expected.",
        playbook.engagement.at(("spec", "type")),
    )


def _tiers(playbook: Playbook) -> Evidence:
    spec = playbook.engagement.model.spec
    if not spec.tiers:
        return "No support tiers are handed over.", playbook.engagement.at(("spec", "type"))
    parts = [
        f"Tier {t.tier} from day {t.from_day or 1}"
        if t.handled_by == "vendor"
        else f"Tier {t.tier} stays with {spec.client.name}"
        for t in spec.tiers
    ]
    return "; ".join(parts) + ".", playbook.engagement.at(("spec", "tiers"))


def _fee(playbook: Playbook) -> Evidence:
    brief = playbook.brief
    sla = brief.model.spec.sla if brief else None
    if brief is None or sla is None or sla.fee_at_risk is None:
        where = brief.at(("spec",)) if brief else playbook.engagement.at(("kind",))
        return "No fee at risk is set.", where
    fee = sla.fee_at_risk
    tied = ", ".join(metric_name(m, playbook.metrics) for m in fee.tied_to)
    return (
        f"{number(fee.percent)}% of the monthly invoice, tied to {tied}.",
        brief.at(("spec", "sla", "fee_at_risk")),
    )


def _brief_signoffs(code: str, finding: Finding) -> bool:
    return code == "PB701" or finding.document.kind == "EngagementBrief"


def _timeline_owners(code: str, finding: Finding) -> bool:
    return finding.document.kind == "EngagementBrief" and finding.path[:2] == ("spec", "timeline")


BRIEF, CHECKLIST, RAMP, MATRIX = (
    "EngagementBrief",
    "CertificationChecklist",
    "RampPlan",
    "EscalationMatrix",
)

#: The red flags, in the order a reviewer reads them.
FLAGS: Final = (
    RedFlag(
        1,
        "A written engagement brief, signed off by both sides",
        ("PB701", "PB601", "PB602"),
        (BRIEF,),
        _brief,
        _brief_signoffs,
    ),
    RedFlag(
        2,
        "A dated timeline: every milestone with a named owner and a due date",
        ("PB201",),
        (BRIEF,),
        _timeline,
        _timeline_owners,
    ),
    RedFlag(
        3, "A certification gate before agents go live", ("PB703", "PB304"), (CHECKLIST,), _gate
    ),
    RedFlag(4, "A formal day-30 review", ("PB704", "PB305"), (RAMP,), _day_30),
    RedFlag(
        5,
        "Written numeric targets, with quality minimums next to speed",
        ("PB702", "PB705"),
        (RAMP,),
        _targets,
    ),
    RedFlag(6, "An escalation matrix in force before go-live", ("PB708",), (MATRIX,), _escalation),
    RedFlag(7, "At least four weeks of onboarding for a support team", ("PB707",), (), _onboarding),
    RedFlag(8, "Support tiers handed over one at a time", ("PB709", "PB309"), (), _tiers),
    RedFlag(9, "A fee at risk within the usual 5-15%", ("PB706",), (), _fee),
)

#: The rule reporting that an engagement has no document of a kind at all.
MISSING: Final = {BRIEF: "PB701", CHECKLIST: "PB703", RAMP: "PB704", MATRIX: "PB708"}
