"""Projects and everything the programme holds about them, split by subdomain."""

from .collective import CollectiveAction, CollectiveParticipation
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
from .financing import FinancingChange, FinancingLine
from .intake_draft import IntakeDraft as IntakeDraft
from .placements import StudentPlacement
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
from .summary import FigureCount, FigureSource, SupportedYear
from .support import FollowUp, SupportAction
from .targets import YearlyTarget as YearlyTarget

__all__ = [
    "CollectiveAction",
    "CollectiveParticipation",
    "CallWindow",
    "DecisionOutcome",
    "Document",
    "DocumentKind",
    "DocumentRequest",
    "FinancingChange",
    "FigureCount",
    "FigureSource",
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
    "StudentPlacement",
    "SupportAction",
    "StudentKind",
    "SuggestionDismissal",
    "SupportScheme",
    "SupportedYear",
    "Timing",
]
