"""The yearly activity report: a PDF for the funder and the federation, staff only."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from pmi_aqt.jobs.models import Job

from .background import fetch_in_background, job_storage  # noqa: F401 - a fixture
from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .test_dashboard_stats import build_2016
from .test_dashboard_views import add_volume

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("job_storage")]

URL = reverse("projects:report_pdf")


def pdf_text(response) -> str:
    """The PDF's text, spaces made plain and lines joined, to read figures and names."""
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


# --- Who may download it


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_download_the_report(client, as_user, fixture_name):
    as_user(fixture_name)

    response = fetch_in_background(client, URL, {"annee": 2016})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        'attachment; filename="pmi-en-aqt-rapport-activite-2016.pdf"'
    )


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_download_the_report(client, as_user, fixture_name):
    build_2016()
    as_user(fixture_name)

    response = client.get(URL, {"annee": 2016})

    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")


def test_anonymous_visitor_is_sent_to_login_from_the_report(client):
    response = client.get(URL, {"annee": 2016})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_report_is_offered_by_a_get_that_starts_nothing(client, officer):
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})

    assert response.status_code == 200
    assert "Préparer le fichier" in response.content.decode()
    assert not Job.objects.exists()


def test_the_report_is_prepared_by_a_background_job_of_the_year_asked(client, officer):
    client.force_login(officer)

    fetch_in_background(client, URL, {"annee": 2016})

    job = Job.objects.get()
    assert (job.kind, job.requested_by, job.parameters["year"]) == (
        "projects.report_pdf",
        officer,
        2016,
    )


# --- What it says


@freeze_time("2026-11-26 10:00")
def test_the_report_opens_and_holds_the_years_figures_and_supported_companies(client, officer):
    build_2016()
    client.force_login(officer)

    text = pdf_text(fetch_in_background(client, URL, {"annee": 2016}))

    # The title page's header.
    assert "PMI en AQT" in text
    assert "Rapport d'activité 2016" in text
    assert "Un programme de l'UIMM Aquitaine, financé par le fonds F2I" in text
    assert "Édité le 26 novembre 2026" in text
    assert "chiffres provisoires" not in text  # 2016 is over
    # The key figures.
    assert "3 / 20 entreprises accompagnées sur l'objectif de l'année (15 %)" in text
    assert "4 projets reçus" in text
    assert "60 jours : délai médian" in text
    assert "13 000 € de financements obtenus, sur 65 000 € demandés" in text
    assert "4 actions d'accompagnement, 10,5 jours d'intervention" in text
    assert "2 emplois créés et 8 maintenus" in text
    assert "lorsqu'un de ses projets est entré en accompagnement cette année-là" in text
    # The tables.
    assert "2016 3 20 15 % 17 année close" in text
    assert "Demande reçue 1" in text and "Clos — abandonné 1" in text
    assert "Délai médian : 60 jours, pour 3 projets décidés (de 40 à 80 jours)." in text
    assert "Transformation numérique 2" in text and "Innovation sociale 1" in text
    assert "Gironde (33) 2" in text and "Landes (40) 2" in text
    assert "1 à 9 salariés 2" in text and "Effectif non renseigné 1" in text
    assert "Subvention 2 15 000 € 13 000 €" in text
    assert "Prêt / avance remboursable 1 50 000 € 0 €" in text
    assert "Expertise 2 2 8,5" in text
    assert "Satisfaction moyenne (sur 5) 4,5" in text
    # The companies supported, with their axes.
    supported = text[text.index("Entreprises accompagnées en 2016") :]
    assert "3 entreprises dont un projet est entré en accompagnement dans l'année" in supported
    for name in ["Atelier Aquitain", "Bronzes du Born", "Chaudronnerie Périgourdine"]:
        assert name in supported
    assert "Estampage Basque" not in supported and "Découpe Médocaine" not in supported
    assert "Optimisation économique et technologique des procédés" in supported
    assert "Marketing" in supported
    assert "depuis le 15 avril 2016" in supported
    assert "depuis le 1er juillet 2016" in supported


@freeze_time("2026-12-01 10:00")
def test_the_first_of_the_month_is_written_the_french_way(client, officer):
    client.force_login(officer)
    assert "Édité le 1er décembre 2026" in pdf_text(fetch_in_background(client, URL))


@freeze_time("2026-11-26 10:00")
def test_the_report_of_the_current_year_says_its_figures_are_provisional(client, officer):
    client.force_login(officer)

    text = pdf_text(fetch_in_background(client, URL))

    assert "Rapport d'activité 2026" in text
    assert "année en cours : chiffres provisoires" in text
    assert "Aucune entreprise n'est entrée en accompagnement dans l'année." in text
    assert "Aucune décision rendue dans l'année." in text


def test_the_report_has_page_numbers_and_several_pages(client, officer):
    build_2016()
    client.force_login(officer)

    response = fetch_in_background(client, URL, {"annee": 2016})

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 3
    last = len(reader.pages)
    assert f"Page {last} / {last}" in reader.pages[-1].extract_text()
    assert reader.metadata.title.startswith("PMI en AQT — Rapport d")


@freeze_time("2026-05-04 10:00")
@pytest.mark.parametrize(
    "params", [{"annee": "x"}, {"annee": "1800"}, {"annee": "٢٠١٦"}, {"annee": "2016.5"}]
)
def test_a_bad_year_gives_this_years_report(client, officer, params):
    client.force_login(officer)

    response = fetch_in_background(client, URL, params)

    assert response.status_code == 200
    assert "Rapport d'activité 2026" in pdf_text(response)
    assert "2026.pdf" in response["Content-Disposition"]


def test_names_in_the_report_are_text_not_markup(client, officer):
    import datetime

    from .factories import CompanyFactory
    from .test_dashboard_stats import moment, project

    rogue = CompanyFactory(name='<img src="http://example.invalid/x.png">Ateliers')
    project(
        rogue, "<b>Gras</b>", moment(2016, 3, 1), "in_support",
        support_started_on=datetime.date(2016, 3, 2),
    )  # fmt: skip
    client.force_login(officer)

    text = pdf_text(fetch_in_background(client, URL, {"annee": 2016}))

    assert '<img src="http://example.invalid/' in text and 'x.png">Ateliers' in text
    assert "<b>Gras</b>" in text


def test_the_report_makes_the_same_number_of_queries_whatever_the_volume(client, officer):
    client.force_login(officer)
    add_volume(2)
    with CaptureQueriesContext(connection) as few:
        fetch_in_background(client, URL, {"annee": 2016})
    add_volume(20, offset=2)
    with CaptureQueriesContext(connection) as many:
        response = fetch_in_background(client, URL, {"annee": 2016})

    assert len(many.captured_queries) == len(few.captured_queries)
    assert re.search(r"22 entreprises dont un projet est entré", pdf_text(response))


@freeze_time("2026-11-26 10:00")
def test_a_long_list_of_supported_companies_is_capped_and_points_to_the_export(
    client, officer, monkeypatch
):
    from projects.services import report

    build_2016()
    monkeypatch.setattr(report, "REPORT_SUPPORTED_COMPANIES_SHOWN", 2)
    client.force_login(officer)

    text = pdf_text(fetch_in_background(client, URL, {"annee": 2016}))

    supported = text[text.index("Entreprises accompagnées en 2016") :]
    assert "3 entreprises dont un projet est entré en accompagnement dans l'année" in supported
    assert "les 2 premières par ordre alphabétique" in supported
    assert "l'autre figure dans l'export « Entreprises accompagnées »" in supported
    assert "Atelier Aquitain" in supported and "Bronzes du Born" in supported
    assert "Chaudronnerie Périgourdine" not in supported
