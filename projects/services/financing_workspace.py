"""The finance officer's workspace: financing lines across projects, their sums, the funders'
coming dates, and the CSV export of the lines a filter keeps (who may see them:
projects/permissions.py)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pmi_aqt.exports import DATE, MONEY, TEXT, ExportColumn, choice_labels, table_csv_pieces
from pmi_aqt.pagination import KeysetPage, keyset_page

from ..models import FinancingLine

# How many coming committees and deadlines the page lists (the nearest ones).
COMING_DATES_SHOWN = 10

# What a line of the list shows: its project, company, officer, scheme and funder.
LINE_RELATED = ("project__company", "project__officer", "scheme__organisation")
# Lines grouped by company, then project, in the order they were added to the plan. Every key
# ascending and the last unique, for the list's pages read from a line onwards (keyset_page):
# the walk starts in the companies' (name, id) index.
LINE_ORDER = ("project__company__name", "project__company_id", "project_id", "created_at", "id")
# A search finding more lines than SEARCH_COUNT_LIMIT lists them in the order they were
# entered: gathering tens of thousands to sort them by company took seconds, whereas the
# lines' primary key reaches the first found at once, at any depth.
ENTRY_ORDER = ("id",)
LINES_PER_PAGE = 25


def workspace_lines(lines: QuerySet) -> QuerySet:
    """The lines as the list and the export read them: with what they show, in their order."""
    return lines.select_related(*LINE_RELATED).order_by(*LINE_ORDER)


def workspace_page(
    lines: QuerySet, *, after=None, before=None, last=False, order=LINE_ORDER
) -> KeysetPage:
    """The list's page after the line `after`, before the line `before`, the last one, or the
    first: the same cost wherever it falls in hundreds of thousands of lines."""
    return keyset_page(
        lines.select_related(*LINE_RELATED),
        order,
        LINES_PER_PAGE,
        after=after,
        before=before,
        last=last,
    )


@dataclass(frozen=True)
class ComingDates:
    """The funders' nearest committees and application deadlines for lines still waiting for
    an answer, from today on (COMING_DATES_SHOWN of each)."""

    committees: list[FinancingLine]
    deadlines: list[FinancingLine]


def coming_dates(lines: QuerySet, today: date) -> ComingDates:
    """Two queries, whatever the number of lines."""
    related = ("project__company", "scheme__organisation")
    return ComingDates(
        committees=list(lines.committees_from(today).select_related(*related)[:COMING_DATES_SHOWN]),
        deadlines=list(lines.deadlines_from(today).select_related(*related)[:COMING_DATES_SHOWN]),
    )


# --- The CSV export

CSV_COLUMNS = (
    ExportColumn(_("Entreprise"), TEXT, 32),
    ExportColumn(_("Projet"), TEXT, 40),
    ExportColumn(_("Chargé·e de mission"), TEXT, 24),
    ExportColumn(_("Financeur"), TEXT, 32),
    ExportColumn(_("Dispositif"), TEXT, 32),
    ExportColumn(_("Nature"), TEXT, 24),
    ExportColumn(_("Statut"), TEXT, 14),
    ExportColumn(_("Montant demandé (€)"), MONEY, 16),
    ExportColumn(_("Montant accordé (€)"), MONEY, 16),
    ExportColumn(_("Montant obtenu (€)"), MONEY, 16),
    ExportColumn(_("Date limite de dépôt"), DATE, 14),
    ExportColumn(_("Date du comité"), DATE, 14),
)

ROWS_PER_CHUNK = 2000


def rows(lines: QuerySet) -> Iterator[list]:
    kinds = choice_labels(FinancingLine.Kind.choices)
    statuses = choice_labels(FinancingLine.Status.choices)
    for line in workspace_lines(lines).iterator(chunk_size=ROWS_PER_CHUNK):
        project, officer = line.project, line.project.officer
        yield [
            project.company.name,
            project.title,
            str(officer) if officer else "",
            line.funder,
            line.scheme.name if line.scheme_id else "",
            kinds.get(line.kind, line.kind),
            statuses.get(line.status, line.status),
            line.amount_asked,
            line.amount_granted,
            line.amount_obtained,
            line.deadline_on,
            line.committee_on,
        ]


def financing_lines_csv(lines: QuerySet) -> Iterator[bytes]:
    """The lines for French Excel, in pieces (a streamed response's content)."""
    return table_csv_pieces(CSV_COLUMNS, rows(lines))
