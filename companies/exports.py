"""The company list as CSV (French Excel) or Excel files, with the list's search and filters.

Companies are read in chunks (a server-side cursor on PostgreSQL) and written as they come:
an export of 100,000 companies streams in a bounded memory.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_aqt.exports import (
    DATE,
    NUMBER,
    TEXT,
    ExportColumn,
    choice_labels,
    table_csv_pieces,
    table_xlsx_file,
)

from .models import Company, Department, HeadcountBand, ProspectingStatus, TurnoverBand

COLUMNS = (
    ExportColumn(_("Raison sociale"), TEXT, 32),
    ExportColumn(_("SIRET"), TEXT, 18),
    ExportColumn(_("Code NAF/APE"), TEXT, 10),
    ExportColumn(_("Effectif"), TEXT, 20),
    ExportColumn(_("Chiffre d'affaires"), TEXT, 16),
    ExportColumn(_("Adresse"), TEXT, 32),
    ExportColumn(_("Code postal"), TEXT, 10),
    ExportColumn(_("Commune"), TEXT, 20),
    ExportColumn(_("Département"), TEXT, 24),
    ExportColumn(_("Site web"), TEXT, 28),
    ExportColumn(_("Adhérente UIMM"), TEXT, 10),
    ExportColumn(_("Prospection"), TEXT, 16),
    ExportColumn(_("Contacts"), NUMBER, 10),
    ExportColumn(_("Projets"), NUMBER, 10),
    ExportColumn(_("Connue depuis le"), DATE, 14),
)


ROWS_PER_CHUNK = 2000


def rows(companies: QuerySet, *, spaced_siret: bool = False) -> Iterator[list]:
    """One row per company; the queryset must carry `with_counts()`."""
    yes, no = str(_("oui")), str(_("non"))
    headcounts = choice_labels(HeadcountBand.choices)
    turnovers = choice_labels(TurnoverBand.choices)
    departments = choice_labels(Department.choices)
    statuses = choice_labels(ProspectingStatus.choices)
    siret = Company.spaced_siret if spaced_siret else str
    for company in companies.iterator(chunk_size=ROWS_PER_CHUNK):
        yield [
            company.name,
            siret(company.siret),
            company.naf_code,
            headcounts.get(company.headcount_band, company.headcount_band),
            turnovers.get(company.turnover_band, company.turnover_band),
            company.address,
            company.postcode,
            company.city,
            departments.get(company.department, company.department),
            company.website,
            yes if company.federation_member else no,
            statuses.get(company.prospecting_status, company.prospecting_status),
            company.contact_count,
            company.project_count,
            timezone.localdate(company.created_at),
        ]


def companies_csv(companies: QuerySet) -> Iterator[bytes]:
    """The list for French Excel, in pieces; the SIRET is spaced so Excel keeps it as text."""
    return table_csv_pieces(COLUMNS, rows(companies, spaced_siret=True))


def companies_xlsx(companies: QuerySet):
    """The list as an Excel workbook in a temporary file."""
    return table_xlsx_file(COLUMNS, rows(companies), title=str(_("Entreprises")))
