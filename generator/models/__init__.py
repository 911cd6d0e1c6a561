"""The pydantic models: the only definition of every shape a playbook file can take."""

from __future__ import annotations

from typing import Final

from generator.models.base import API_VERSION, Block, Document, Metadata, Model, Signoff
from generator.models.brief import EngagementBrief, Milestone
from generator.models.certification import CertificationChecklist
from generator.models.engagement import Engagement, Person
from generator.models.escalation import EscalationMatrix, SeverityLevel
from generator.models.metrics import MetricCatalog, MetricDefinition
from generator.models.ramp import Checkpoint, RampPlan
from generator.models.targets import Target

#: Every document kind, by the name written in `kind:`.
KINDS: Final[dict[str, type[Document]]] = {
    model.KIND: model
    for model in (
        Engagement,
        EngagementBrief,
        EscalationMatrix,
        CertificationChecklist,
        RampPlan,
        MetricCatalog,
    )
}

__all__ = [
    "API_VERSION",
    "KINDS",
    "Block",
    "CertificationChecklist",
    "Checkpoint",
    "Document",
    "Engagement",
    "EngagementBrief",
    "EscalationMatrix",
    "Metadata",
    "MetricCatalog",
    "MetricDefinition",
    "Milestone",
    "Model",
    "Person",
    "RampPlan",
    "SeverityLevel",
    "Signoff",
    "Target",
]
