"""Is a generated data set there already, and emptying it."""

from auditlog.models import LogEntry
from django.db import connection, transaction

from companies.models import Company, Contact, Interaction
from pmi_aqt.accounts.models import CalendarFeed, User
from pmi_aqt.jobs.models import Job
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    Document,
    DocumentRequest,
    FigureCount,
    FigureSource,
    FinancingChange,
    FinancingLine,
    FollowUp,
    IntakeDraft,
    Need,
    PartnerOrganisation,
    Project,
    ProjectNote,
    Resource,
    SchemeCall,
    SchemeTerm,
    StageChange,
    StudentPlacement,
    SuggestionDismissal,
    SupportAction,
    SupportedYear,
    SupportScheme,
)
from taskforce.models import (
    AgendaItem,
    ConflictDeclaration,
    Review,
    ReviewScore,
    Session,
    SessionMember,
    TaskforceMembership,
)

from ..writer import is_postgresql
from .files import remove_files
from .tables import EMAIL_DOMAIN

DATA_MODELS = [
    Company,
    Project,
    Interaction,
    Session,
    OutboundEmail,
    IntakeDraft,
    PartnerOrganisation,
    # The dashboard's summary: rebuilt from the new rows once they are written.
    FigureCount,
    FigureSource,
    SupportedYear,
]


def existing_counts() -> dict[str, int]:
    return {
        "companies": Company.objects.count(),
        "projects": Project.objects.count(),
        "interactions": Interaction.objects.count(),
        "sessions": Session.objects.count(),
        "reviews": Review.objects.count(),
    }


def reset_data() -> None:
    """Empty every table the generator fills (all their rows, not only generated ones: the
    bench database is its own), remove the generated people with their exports, and the
    generator's folder of stored files (no other file)."""
    generated_users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    _empty_tables(generated_users)
    # Once the rows naming them are gone (a failed reset keeps its files).
    remove_files()


def _empty_tables(generated_users) -> None:
    if is_postgresql():
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in DATA_MODELS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            ids = list(generated_users.values_list("pk", flat=True))
            Job.objects.filter(requested_by__in=ids)._raw_delete(connection.alias)
            User.groups.through.objects.filter(user_id__in=ids).delete()
            CalendarFeed.objects.filter(user_id__in=ids).delete()
            # What the crawl's writes recorded as them (a raw delete cascades nothing).
            LogEntry.objects.filter(actor__in=generated_users)._raw_delete(connection.alias)
            generated_users._raw_delete(generated_users.db)
        return
    with transaction.atomic():
        for model in [
            SupportedYear,
            FigureSource,
            FigureCount,
            Document,
            DocumentRequest,
            Project.axes.through,
            SupportScheme.axes.through,
            ReviewScore,
            Review,
            ConflictDeclaration,
            AgendaItem,
            SessionMember,
            Session,
            OutboundEmail,
            FollowUp,
            CollectiveParticipation,
            CollectiveAction,
            StudentPlacement,
            SupportAction,
            FinancingChange,
            FinancingLine,
            SuggestionDismissal,
            Resource,
            ProjectNote,
            Need,
            StageChange,
            IntakeDraft,
            Project,
            Interaction,
            Contact,
            Company,
            TaskforceMembership,
            SchemeTerm,
            SchemeCall,
            SupportScheme,
            PartnerOrganisation,
        ]:
            model._default_manager.all()._raw_delete(connection.alias)
        Job.objects.filter(requested_by__in=generated_users)._raw_delete(connection.alias)
        User.groups.through.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}").delete()
        CalendarFeed.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}").delete()
        # What the crawl's writes recorded as them (a raw delete cascades nothing).
        LogEntry.objects.filter(actor__in=generated_users)._raw_delete(connection.alias)
        generated_users._raw_delete(generated_users.db)
