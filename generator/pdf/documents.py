"""The data each PDF document is drawn from, one builder per document kind.

A builder takes a typed :class:`~generator.portfolio.Playbook` (an audience filter can
narrow it first) and returns plain JSON for the document's Typst template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from generator.models import (
    CertificationChecklist,
    Commercials,
    EngagementBrief,
    EscalationMatrix,
    RampPlan,
)
from generator.models.brief import OperatingHours
from generator.models.kinds import Kind, with_pdf
from generator.pdf import sections
from generator.pdf.charts import ramp_table, timeline_chart
from generator.portfolio import Loaded, Playbook
from generator.readiness import accepted_flags
from generator.rules.red_flags import go_live
from generator.views.context import events
from generator.views.credits import credit_terms
from generator.views.fields import field_sections
from generator.views.pricing import pricing
from generator.views.progress import standing
from generator.views.staffing import StaffingCheck, check
from generator.views.text import (
    area_label,
    duration,
    label,
    long_date,
    metric_name,
    number,
    person_label,
    person_name,
)

JSON = dict[str, Any]
Builder = Callable[[Playbook, Any, date], JSON]

#: Assessment methods as the checklists print them.
METHODS: Final = {
    "quiz": "Quiz",
    "observed-call": "Observed call",
    "role-play": "Role play",
    "reverse-test": "Reverse test",
    "shadowing": "SME shadowing",
    "system-check": "System check",
}
_CHANNELS: Final = {"sms": "SMS"}
_CATEGORIES: Final = {
    "crm": "CRM",
    "qa": "Quality assurance",
    "knowledge-base": "Knowledge base",
    "workforce": "Workforce management",
    "scheduling": "Meeting booking",
}


def _tested(tested: bool, testing: int | None) -> JSON:
    """Whether a system is tested end to end: before go-live, one not yet tested is
    planned for the days before it (``testing``), not a failure."""
    if tested:
        return {"tested": "Tested", "state": "good"}
    if testing:
        return {"tested": f"Tested in days 1-{testing}", "state": "planned"}
    return {"tested": "Not yet tested", "state": "bad"}


#: An escalation matrix with this many levels or more is printed in landscape. Inside a
#: portrait packet, a landscape page is worth turning only for a wider one: three levels
#: fit a portrait page.
LANDSCAPE_LEVELS: Final = 3
PACKET_LANDSCAPE_LEVELS: Final = 4


def channel(name: str) -> str:
    return _CHANNELS.get(name, name.capitalize())


def hours_text(hours: OperatingHours, default_zone: str) -> str:
    """``Mon-Fri 07:00-21:00 (America/Chicago): Email, Chat``."""
    text = f"{hours.days} {hours.opens}-{hours.closes} ({hours.timezone or default_zone})"
    if hours.channels:
        text += ": " + ", ".join(channel(c) for c in hours.channels)
    return text


def brief(playbook: Playbook, doc: Loaded[EngagementBrief], built: date) -> JSON:
    """Title page, parties and team, scope and rules, timeline, systems, sign-off."""
    spec = doc.model.spec
    engagement = playbook.engagement.model.spec
    scope = spec.scope
    entries = events(playbook)
    people = playbook.people
    live = go_live(playbook)
    testing = engagement.day_of(live[2]) - 1 if live and live[2] > built else None
    return {
        **sections.header(playbook, doc, built),
        "team": sections.team(playbook),
        "facts": [
            ["Channels", ", ".join(channel(c) for c in engagement.channels)],
            ["Languages", ", ".join(engagement.languages)],
            ["Start", long_date(engagement.start)],
            ["Plan runs to", long_date(engagement.last_day)],
            ["Time zone", engagement.timezone],
        ],
        "tiers": [
            {
                "tier": f"Tier {tier.tier}",
                "handled_by": (
                    engagement.vendor if tier.handled_by == "vendor" else engagement.client
                ).name,
                "from": f"Day {tier.from_day} ({long_date(playbook.date_of(tier.from_day))})"
                if tier.from_day
                else "",
                "scope": tier.scope or "",
            }
            for tier in engagement.tiers
        ],
        "summary": spec.summary,
        "objectives": list(spec.objectives),
        "scope": {
            "in": list(scope.in_scope),
            "out": list(scope.out_of_scope),
            "market": scope.market or "",
            "geography": ", ".join(scope.geography),
            "qualification": list(scope.qualification),
            "lead_sources": [
                {
                    "name": source.name,
                    "volume": f"{source.daily_volume} a day" if source.daily_volume else "",
                }
                for source in scope.lead_sources
            ],
            "caps": [[channel(cap.channel), f"{cap.per_day:,} a day"] for cap in scope.volume_caps],
            "hours": [hours_text(h, engagement.timezone) for h in scope.hours],
        },
        "systems": [
            {
                "name": system.name,
                "category": _CATEGORIES.get(system.category, system.category.capitalize()),
                "owner": person_name(system.owner, people),
                "access": system.access or "",
                **_tested(system.tested, testing),
            }
            for system in spec.systems
        ],
        "security": {
            "checks": [
                ["Multi-factor authentication on every system", spec.security.mfa],
                ["Least-privilege access", spec.security.least_privilege],
                ["Audit trail of access and changes", spec.security.audit_trail],
            ],
            "residency": spec.security.data_residency or "",
            "notes": list(spec.security.notes),
        },
        "communication": [
            {
                "topic": rule.topic,
                "cadence": rule.cadence,
                "channel": rule.channel,
                "owner": person_name(rule.owner, people),
                "attendees": ", ".join(person_name(a, people) for a in rule.attendees),
            }
            for rule in spec.communication
        ],
        "sla": _sla(playbook, doc),
        "timeline": sections.timeline_rows(playbook, entries),
        "chart": timeline_chart(playbook, entries),
        "assumptions": list(spec.assumptions),
        "accepted": [
            {"title": f.title, "code": f.code, "reason": f.reason, "by": f.accepted_by}
            for f in accepted_flags(playbook, doc)
        ],
        "signoff": sections.signoff(playbook, doc),
    }


def _sla(playbook: Playbook, doc: Loaded[EngagementBrief]) -> JSON | None:
    sla = doc.model.spec.sla
    if sla is None:
        return None
    fee = sla.fee_at_risk
    return {
        "targets": sections.targets(playbook, sla.targets),
        "fee": (
            f"{number(fee.percent)}% of the monthly invoice, tied to "
            + ", ".join(metric_name(m, playbook.metrics) for m in fee.tied_to)
            if fee
            else ""
        ),
        "calibration": sla.calibration or "",
    }


def escalation(playbook: Playbook, doc: Loaded[EscalationMatrix], built: date) -> JSON:
    """The matrix: one column per severity level, its handover note in the last row; then
    the rules for agents."""
    spec = doc.model.spec
    people = playbook.people
    if spec.effective is not None:
        effective = long_date(spec.effective)
    elif spec.effective_day is not None:
        effective = f"Day {spec.effective_day} ({long_date(playbook.date_of(spec.effective_day))})"
    else:
        effective = ""
    return {
        **sections.header(playbook, doc, built),
        "landscape": len(spec.levels) >= LANDSCAPE_LEVELS,
        "coverage": spec.coverage,
        "effective": effective,
        "principles": list(spec.principles),
        "levels": [
            {
                "id": level.id,
                "name": level.name,
                "definition": level.definition,
                "triggers": list(level.triggers),
                "tier": level.receiver.tier,
                "person": person_label(level.receiver.person, people),
                "backup": person_label(level.receiver.backup, people)
                if level.receiver.backup
                else "",
                "response": duration(level.response),
                "resolution": duration(level.resolution) if level.resolution else "",
                "hours": level.hours,
                "channel": level.channel.capitalize(),
                "contact": level.contact or "",
                "required_data": list(level.required_data),
                "handover_note": level.handover_note or spec.handover_format or "",
            }
            for level in spec.levels
        ],
        "signoff": sections.signoff(playbook, doc),
    }


def certification(playbook: Playbook, doc: Loaded[CertificationChecklist], built: date) -> JSON:
    """The checklist, the go-live gate, and the per-agent record sheet with tick boxes."""
    spec = doc.model.spec
    people = playbook.people
    dates = playbook.milestone_dates()
    gate = spec.gate
    before = ""
    if gate.before is not None:
        titles = (
            {}
            if playbook.brief is None
            else {m.id: m.title for m in playbook.brief.model.spec.timeline}
        )
        when = dates.get(gate.before)
        before = titles.get(gate.before, gate.before) + (f" ({long_date(when)})" if when else "")
    recert = spec.recertification
    return {
        **sections.header(playbook, doc, built),
        "applies_to": spec.applies_to,
        "gate": {
            "go_live": gate.go_live,
            "before": before,
            "signed_by": person_label(gate.signed_by, people) if gate.signed_by else "",
        },
        "modules": [
            {
                "title": module.title,
                "area": area_label(module.area, module.title),
                "items": [
                    {
                        "title": item.title,
                        "method": METHODS[item.method],
                        "threshold": f"{number(item.pass_threshold)}%",
                        "assessor": person_name(item.assessor, people),
                        "required": item.required,
                        "description": item.description or "",
                    }
                    for item in module.items
                ],
            }
            for module in spec.modules
        ],
        "recertification": {
            "triggers": list(recert.triggers),
            "interval": f"at least every {recert.interval_days} days"
            if recert.interval_days
            else "",
        },
        "signoff": sections.signoff(playbook, doc),
    }


def _staffing(found: StaffingCheck) -> JSON:
    """One queue's staffing as the plan's table shows it."""
    return {
        "channel": label(found.channel),
        "from": f"Day {found.from_day}",
        "demand": found.interval,
        "goal": found.goal,
        "needed": str(found.needed),
        "scheduled": str(found.to_schedule),
        "planned": str(found.planned),
        "reached": f"{number(round(found.reached, 1))}%"
        + (f", {found.intervals_short}" if found.intervals_short else ""),
        "short": found.short_anywhere,
        "days": [{"words": day.words, "short": bool(day.short)} for day in found.days],
        "note": found.method_note,
    }


def ramp(playbook: Playbook, doc: Loaded[RampPlan], built: date) -> JSON:
    """Phases, each checkpoint with targets, review and deliverable, and the ramp."""
    spec = doc.model.spec
    people = playbook.people
    return {
        **sections.header(playbook, doc, built),
        "staffing": [_staffing(check(s)) for s in spec.staffing],
        "phases": [
            {
                "name": phase.name,
                "days": f"Days {phase.from_day}-{phase.to_day}",
                "dates": f"{long_date(playbook.date_of(phase.from_day))} – "
                f"{long_date(playbook.date_of(phase.to_day))}",
                "focus": phase.focus,
            }
            for phase in spec.phases
        ],
        "checkpoints": [
            {
                "day": f"Day {checkpoint.day}",
                "date": long_date(checkpoint.review.date or playbook.date_of(checkpoint.day)),
                "title": checkpoint.title,
                "focus": checkpoint.focus,
                "targets": sections.targets(playbook, checkpoint.targets),
                "review": {
                    "title": checkpoint.review.title,
                    "owner": person_label(checkpoint.review.owner, people),
                    "attendees": [person_label(a, people) for a in checkpoint.review.attendees],
                    "agenda": list(checkpoint.review.agenda),
                },
                "deliverable": checkpoint.deliverable.title,
                "deliverable_owner": person_label(checkpoint.deliverable.owner, people),
                "if_missed": checkpoint.if_missed or "",
            }
            for checkpoint in spec.checkpoints
        ],
        "forward_plan": spec.forward_plan or "",
        "ramp": ramp_table(playbook),
        "signoff": sections.signoff(playbook, doc),
    }


def commercials(playbook: Playbook, doc: Loaded[Commercials], built: date) -> JSON:
    """The price, the fee at risk and the credit of each level, and the credits of each
    period reviewed by the day ``built``."""
    terms = credit_terms(playbook, standing(playbook, built))
    return {
        **sections.header(playbook, doc, built),
        "price": pricing(playbook),
        "credits": [period.words for period in terms.closed] if terms is not None else [],
        "signoff": sections.signoff(playbook, doc),
    }


#: The data builder of each kind with a template of its own; others get :func:`fields`.
BUILDERS: Final[dict[str, Builder]] = {
    EngagementBrief.KIND: brief,
    EscalationMatrix.KIND: escalation,
    CertificationChecklist.KIND: certification,
    RampPlan.KIND: ramp,
    Commercials.KIND: commercials,
}


def fields(playbook: Playbook, doc: Loaded[Any], built: date) -> JSON:
    """Any document, section by section as its model lists its fields, and its sign-off."""
    return {
        **sections.header(playbook, doc, built),
        "kind_label": doc.model.DEFAULT_TITLE,
        "sections": field_sections(doc.model.spec, playbook.people, playbook.metrics),
        "signoff": sections.signoff(playbook, doc),
    }


@dataclass(frozen=True)
class PdfKind:
    """The PDF of one registered kind: its file name, template and data builder."""

    kind: Kind

    @property
    def template(self) -> str:
        return self.kind.pdf_template

    @property
    def file_name(self) -> str:
        return f"{self.kind.pdf}.pdf"

    @property
    def build(self) -> Builder:
        return BUILDERS.get(self.kind.name, fields)

    def document(self, playbook: Playbook) -> Loaded[Any] | None:
        """The playbook's document of this kind, if it has one."""
        return playbook.member(self.kind.name)


def pdf_kinds() -> tuple[PdfKind, ...]:
    """The PDFs of an engagement, in reading order: one per registered kind that has one."""
    return tuple(PdfKind(kind) for kind in with_pdf())
