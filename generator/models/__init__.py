"""The pydantic models: the only definition of every shape a playbook file can take."""

from __future__ import annotations

from generator.models.base import API_VERSION, Block, Document, Metadata, Model, Signoff
from generator.models.brief import EngagementBrief, Milestone
from generator.models.certification import CertificationChecklist
from generator.models.commercials import Commercials
from generator.models.engagement import Engagement, Person
from generator.models.escalation import EscalationMatrix, SeverityLevel
from generator.models.kinds import KINDS, REGISTRY, Kind, kind_of, register
from generator.models.metrics import MetricCatalog, MetricDefinition
from generator.models.ramp import Checkpoint, RampPlan
from generator.models.scorecard import Scorecard
from generator.models.targets import Target

for _kind in (
    Kind(Engagement, "engagement", member=False, scaffold=True),
    Kind(
        EngagementBrief,
        "engagement brief",
        page="brief",
        pdf="brief",
        own_page=True,
        own_pdf=True,
        part="brief",
        scaffold=True,
    ),
    Kind(
        EscalationMatrix,
        "escalation matrix",
        page="escalation",
        pdf="escalation",
        own_page=True,
        own_pdf=True,
        part="escalation",
        scaffold=True,
    ),
    Kind(
        CertificationChecklist,
        "certification checklist",
        page="certification",
        pdf="certification",
        own_page=True,
        own_pdf=True,
        part="certification",
        scaffold=True,
    ),
    Kind(
        RampPlan,
        "30/60/90-day plan",
        page="plan",
        pdf="ramp",
        own_page=True,
        own_pdf=True,
        part="plan",
        scaffold=True,
        item_keys=("days", "at"),  # a staffing forecast's day patterns and intervals
    ),
    Kind(
        Commercials,
        "commercials",
        page="commercials",
        pdf="commercials",
        own_page=True,
        own_pdf=True,
        part="pricing",
        item_keys=("above",),
    ),
    Kind(
        Scorecard,
        "scorecard",
        page="results",
        own_page=True,
        scaffold=True,
        item_keys=("milestone",),
    ),
    Kind(MetricCatalog, "metric catalog", member=False),
):
    register(_kind)

__all__ = [
    "API_VERSION",
    "KINDS",
    "REGISTRY",
    "Block",
    "CertificationChecklist",
    "Checkpoint",
    "Commercials",
    "Document",
    "Engagement",
    "EngagementBrief",
    "EscalationMatrix",
    "Kind",
    "Metadata",
    "MetricCatalog",
    "MetricDefinition",
    "Milestone",
    "Model",
    "Person",
    "RampPlan",
    "Scorecard",
    "SeverityLevel",
    "Signoff",
    "Target",
    "kind_of",
    "register",
]
