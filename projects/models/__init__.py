"""Projects and everything the programme holds about them, split by subdomain."""

from .directory import (
    CallWindow,
    PartnerOrganisation,
    SchemeCall,
    SchemeKind,
    SchemeTerm,
    StudentKind,
    SupportScheme,
)
from .documents import Document, DocumentKind, DocumentRequest
from .financing import FinancingLine
from .intake_draft import IntakeDraft as IntakeDraft
from .project import (
    DecisionOutcome,
    InterventionAxis,
    Need,
    Project,
    ProjectNote,
    Stage,
    StageChange,
    Timing,
)
from .resources import Resource, SuggestionDismissal
from .support import FollowUp, SupportAction
from .targets import YearlyTarget as YearlyTarget

__all__ = [
    "CallWindow",
    "DecisionOutcome",
    "Document",
    "DocumentKind",
    "DocumentRequest",
    "FinancingLine",
    "FollowUp",
    "InterventionAxis",
    "Need",
    "PartnerOrganisation",
    "Project",
    "ProjectNote",
    "Resource",
    "SchemeCall",
    "SchemeKind",
    "SchemeTerm",
    "Stage",
    "StageChange",
    "SupportAction",
    "StudentKind",
    "SuggestionDismissal",
    "SupportScheme",
    "Timing",
]
