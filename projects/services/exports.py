"""The project list as CSV (French Excel) or Excel files, with the list's filters and sorting.

The totals of the financing plan are summed in the database (one correlated subquery per
total) and the axes come in one prefetch, so an export runs the same queries for 10 projects
as for 10,000.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_aqt.exports import (  # noqa: F401 - neutralise_formula re-exported for its tests
    DATE,
    MONEY,
    TEXT,
    ExportColumn,
    neutralise_formula,
    table_csv,
    table_xlsx,
)
from pmi_aqt.exports import export_filename as shared_export_filename

from ..models import FinancingLine, InterventionAxis, Project

AMOUNT = DecimalField(max_digits=14, decimal_places=2)
COLUMNS = (
    ExportColumn(_("Entreprise"), TEXT, 32),
    ExportColumn(_("SIRET"), TEXT, 18),
    ExportColumn(_("Département"), TEXT, 24),
    ExportColumn(_("Effectif"), TEXT, 20),
    ExportColumn(_("Projet"), TEXT, 40),
    ExportColumn(_("Étape"), TEXT, 24),
    ExportColumn(_("Axes d'intervention"), TEXT, 40),
    ExportColumn(_("Axe principal"), TEXT, 28),
    ExportColumn(_("Chargé·e de mission"), TEXT, 24),
    ExportColumn(_("Chargé·e d'ingénierie financière"), TEXT, 24),
    ExportColumn(_("Reçu le"), DATE, 12),
    ExportColumn(_("Budget (€ HT)"), MONEY, 16),
    ExportColumn(_("Total demandé (€)"), MONEY, 16),
    ExportColumn(_("Total obtenu (€)"), MONEY, 16),
)


def _financing_total(field: str) -> Coalesce:
    per_project = (
        FinancingLine.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(
        Subquery(per_project, output_field=AMOUNT), Value(Decimal("0")), output_field=AMOUNT
    )


def export_queryset(queryset: QuerySet | None = None) -> QuerySet:
    """Projects with everything a row needs; filter and sort it like the list."""
    queryset = Project.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("company", "primary_axis", "officer", "finance_officer")
        .annotate(
            total_asked=_financing_total("amount_asked"),
            total_obtained=_financing_total("amount_obtained"),
        )
        .prefetch_related(
            Prefetch("axes", queryset=InterventionAxis.objects.order_by("position", "code"))
        )
    )


def _person(user) -> str:
    return str(user) if user else ""


def _row(project: Project, *, spaced_siret: bool) -> list:
    company = project.company
    return [
        company.name,
        company.siret_display if spaced_siret else company.siret,
        company.get_department_display(),
        company.get_headcount_band_display(),
        project.title,
        project.get_stage_display(),
        ", ".join(axis.label for axis in project.axes.all()),
        project.primary_axis.label if project.primary_axis else "",
        _person(project.officer),
        _person(project.finance_officer),
        timezone.localdate(project.created_at),
        project.budget,
        project.total_asked,
        project.total_obtained,
    ]


def rows(projects: Iterable[Project], *, spaced_siret: bool = False) -> Iterator[list]:
    """One list of typed values (text, date, Decimal or None) per project, in COLUMNS order."""
    for project in projects:
        yield _row(project, spaced_siret=spaced_siret)


def projects_csv(projects: Iterable[Project]) -> bytes:
    """The list for French Excel; the SIRET is spaced so Excel keeps it as text."""
    return table_csv(COLUMNS, rows(projects, spaced_siret=True))


def projects_xlsx(projects: Iterable[Project]) -> bytes:
    return table_xlsx(COLUMNS, rows(projects), title=str(_("Projets")))


def export_filename(extension: str, today: date | None = None) -> str:
    return shared_export_filename("projets", extension, today)
