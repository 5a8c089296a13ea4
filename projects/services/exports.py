"""The project list as CSV (French Excel) or Excel files, with the list's filters and sorting.

Rows are read as plain values, a chunk at a time: the financing plan's totals are summed in the
database (one correlated subquery per total) and the axes of a chunk come in one query, so an
export runs a fixed number of queries per chunk and holds one chunk in memory whatever the
number of projects (a whole national programme: 250,000).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import batched

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Department, HeadcountBand
from pmi_aqt.accounts.models import person_name
from pmi_aqt.exports import (  # noqa: F401 - neutralise_formula re-exported for its tests
    DATE,
    MONEY,
    TEXT,
    ExportColumn,
    choice_labels,
    neutralise_formula,
    table_csv_pieces,
    table_xlsx_file,
)
from pmi_aqt.exports import export_filename as shared_export_filename

from ..models import FinancingLine, Project, Stage
from ..stats.period import Period
from ..stats.supported import SupportedCompany

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
    """Projects with the totals of their financing plan; filter and sort it like the list."""
    queryset = Project.objects.all() if queryset is None else queryset
    return queryset.annotate(
        total_asked=_financing_total("amount_asked"),
        total_obtained=_financing_total("amount_obtained"),
    )


# What a row reads, in this order.
ROW_FIELDS = (
    "pk",
    "company__name",
    "company__siret",
    "company__department",
    "company__headcount_band",
    "title",
    "stage",
    "primary_axis__label",
    "officer__first_name",
    "officer__last_name",
    "officer__email",
    "finance_officer__first_name",
    "finance_officer__last_name",
    "finance_officer__email",
    "created_at",
    "budget",
    "total_asked",
    "total_obtained",
)
ROWS_PER_CHUNK = 2000


def _axes_by_project(project_ids: list[int]) -> dict[int, str]:
    """Each project's axes, in the programme's order, as the cell shows them (one query)."""
    labels = defaultdict(list)
    tagged = (
        Project.axes.through.objects.filter(project_id__in=project_ids)
        .order_by("interventionaxis__position", "interventionaxis__code")
        .values_list("project_id", "interventionaxis__label")
    )
    for project_id, label in tagged:
        labels[project_id].append(label)
    return {project_id: ", ".join(names) for project_id, names in labels.items()}


def rows(projects: QuerySet, *, spaced_siret: bool = False) -> Iterator[list]:
    """One list of typed values (text, date, Decimal or None) per project, in COLUMNS order;
    `projects` comes from export_queryset()."""
    departments = choice_labels(Department.choices)
    headcounts = choice_labels(HeadcountBand.choices)
    stages = choice_labels(Stage.choices)
    siret = Company.spaced_siret if spaced_siret else str
    values = projects.values_list(*ROW_FIELDS).iterator(chunk_size=ROWS_PER_CHUNK)
    for chunk in batched(values, ROWS_PER_CHUNK):
        axes = _axes_by_project([row[0] for row in chunk])
        for (
            pk,
            company_name,
            company_siret,
            department,
            headcount_band,
            title,
            stage,
            primary_axis,
            *people,
            created_at,
            budget,
            total_asked,
            total_obtained,
        ) in chunk:
            officer, finance_officer = people[:3], people[3:]
            yield [
                company_name,
                siret(company_siret),
                departments.get(department, department),
                headcounts.get(headcount_band, headcount_band or ""),
                title,
                stages.get(stage, stage),
                axes.get(pk, ""),
                primary_axis or "",
                person_name(*officer) if officer[2] else "",
                person_name(*finance_officer) if finance_officer[2] else "",
                timezone.localdate(created_at),
                budget,
                total_asked,
                total_obtained,
            ]


def projects_csv(projects: QuerySet) -> Iterator[bytes]:
    """The list for French Excel, in pieces; the SIRET is spaced so Excel keeps it as text."""
    return table_csv_pieces(COLUMNS, rows(projects, spaced_siret=True))


def projects_xlsx(projects: QuerySet):
    """The list as an Excel workbook in a temporary file."""
    return table_xlsx_file(COLUMNS, rows(projects), title=str(_("Projets")))


# --- The companies supported in a period (the dashboard's list, whole)

SUPPORTED_COLUMNS = (
    ExportColumn(_("Entreprise"), TEXT, 32),
    ExportColumn(_("Commune"), TEXT, 20),
    ExportColumn(_("Département"), TEXT, 24),
    ExportColumn(_("Projets entrés en accompagnement"), TEXT, 60),
    ExportColumn(_("Axes d'intervention"), TEXT, 40),
)


def _supported_projects(row: SupportedCompany) -> str:
    return "; ".join(
        _("%(title)s (depuis le %(date)s)")
        % {"title": project.title, "date": project.entered_support_on.strftime("%d/%m/%Y")}
        if project.entered_support_on
        else project.title
        for project in row.projects
    )


def supported_rows(supported: Iterable[SupportedCompany]) -> Iterator[list]:
    for row in supported:
        yield [
            row.company.name,
            row.company.city,
            row.company.department_label,
            _supported_projects(row),
            ", ".join(axis.label for axis in row.axes),
        ]


def supported_csv(supported: Iterable[SupportedCompany]) -> Iterator[bytes]:
    return table_csv_pieces(SUPPORTED_COLUMNS, supported_rows(supported))


def supported_xlsx(supported: Iterable[SupportedCompany]):
    return table_xlsx_file(
        SUPPORTED_COLUMNS, supported_rows(supported), title=str(_("Entreprises accompagnées"))
    )


def supported_filename(period: Period, extension: str) -> str:
    years = str(period.first_year)
    if not period.is_single_year:
        years += f"-{period.last_year}"
    return f"entreprises-accompagnees-{years}.{extension}"


def export_filename(extension: str, today: date | None = None) -> str:
    return shared_export_filename("projets", extension, today)
