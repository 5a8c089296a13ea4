"""The company list as CSV (French Excel) or Excel files, with the list's search and filters."""

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_aqt.exports import DATE, NUMBER, TEXT, ExportColumn, table_csv, table_xlsx

from .models import Company

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
    ExportColumn(_("Contacts"), NUMBER, 10),
    ExportColumn(_("Projets"), NUMBER, 10),
    ExportColumn(_("Connue depuis le"), DATE, 14),
)


def rows(companies: Iterable[Company], *, spaced_siret: bool = False) -> Iterator[list]:
    """One row per company; the queryset must carry `with_counts()`."""
    yes, no = str(_("oui")), str(_("non"))
    for company in companies:
        yield [
            company.name,
            company.siret_display if spaced_siret else company.siret,
            company.naf_code,
            company.get_headcount_band_display(),
            company.get_turnover_band_display(),
            company.address,
            company.postcode,
            company.city,
            company.get_department_display(),
            company.website,
            yes if company.federation_member else no,
            company.contact_count,
            company.project_count,
            timezone.localdate(company.created_at),
        ]


def companies_csv(companies: QuerySet) -> bytes:
    # The SIRET is spaced so Excel keeps it as text instead of rounding it.
    return table_csv(COLUMNS, rows(companies, spaced_siret=True))


def companies_xlsx(companies: QuerySet) -> bytes:
    return table_xlsx(COLUMNS, rows(companies), title=str(_("Entreprises")))
