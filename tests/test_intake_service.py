"""intake_submit(): what a public intake request writes to the database."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from companies.models import Company, Contact, Department, HeadcountBand, ProspectingStatus
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import InterventionAxis, Project, Stage, Timing
from projects.services import intake_submit

from .factories import (
    NEW_COMPANY_SIRET,
    CompanyFactory,
    ContactFactory,
    siret_of_establishment,
)

pytestmark = pytest.mark.django_db


def submission(**overrides) -> dict:
    """Cleaned values, as the form hands them to the service."""
    values = {
        "siret": NEW_COMPANY_SIRET,
        "company_name": "Forges de Bayonne",
        "address": "4 rue des Forgerons",
        "postcode": "64100",
        "city": "Bayonne",
        "headcount_band": HeadcountBand.SMALL,
        "first_name": "Maïté",
        "last_name": "Etcheverry",
        "job_title": "Directrice industrielle",
        "email": "maite.etcheverry@forges-bayonne.example",
        "phone": "05 59 00 00 00",
        "title": "Capteurs connectés sur la presse",
        "description": "Suivre l'usure des outils en temps réel.",
        "axes": list(InterventionAxis.objects.filter(code__in=["digital", "process"])),
        "timing": Timing.WITHIN_6_MONTHS,
        "data_consent": True,
        "contact_consent": False,
        "ip": "192.0.2.10",
    }
    values.update(overrides)
    return values


def test_a_new_company_is_created_with_what_was_typed_and_its_departement():
    project = intake_submit(**submission())

    company = project.company
    assert company.siret == NEW_COMPANY_SIRET
    assert company.name == "Forges de Bayonne"
    assert company.address == "4 rue des Forgerons"
    assert (company.postcode, company.city) == ("64100", "Bayonne")
    assert company.department == Department.PYRENEES_ATLANTIQUES
    assert company.headcount_band == HeadcountBand.SMALL


def test_a_known_siren_reuses_the_company_without_changing_anything_on_file():
    known = CompanyFactory(name="Nom sur la fiche", address="1 rue Connue", city="Mérignac")
    before = Company.objects.filter(pk=known.pk).values().get()
    other_establishment = siret_of_establishment(known.siren, 7)

    project = intake_submit(
        **submission(
            siret=other_establishment,
            company_name="Autre nom saisi",
            address="99 avenue Inventée",
            postcode="24000",
            city="Périgueux",
            headcount_band=HeadcountBand.LARGE,
        )
    )

    assert project.company == known
    assert Company.objects.count() == 1
    after = Company.objects.filter(pk=known.pk).values().get()
    # Nothing typed reaches the record; only the programme's own prospecting status moves on.
    assert after.pop("prospecting_status") == ProspectingStatus.PROJECT_OPENED
    before.pop("prospecting_status")
    assert after == before


def test_the_same_email_at_the_same_company_reuses_the_contact_and_keeps_its_details():
    company = CompanyFactory()
    contact = ContactFactory(
        company=company,
        email="maite@forges.example",
        first_name="Maïté",
        last_name="Nom sur la fiche",
        phone="",
    )

    project = intake_submit(
        **submission(
            siret=company.siret,
            email="maite@forges.example",
            last_name="Autre nom",
            phone="06 00 00 00 00",
        )
    )

    assert project.submitted_by == contact
    assert Contact.objects.count() == 1
    contact.refresh_from_db()
    assert contact.last_name == "Nom sur la fiche"
    assert contact.phone == "06 00 00 00 00"  # a blank on file is filled in


def test_the_same_email_at_another_company_is_a_new_contact():
    ContactFactory(email="maite@forges.example")

    project = intake_submit(**submission(email="maite@forges.example"))

    assert Contact.objects.count() == 2
    assert project.submitted_by.company == project.company
    assert project.submitted_by.email == "maite@forges.example"


@freeze_time("2025-03-04 10:00:00")
def test_the_consents_are_timestamped():
    project = intake_submit(**submission(contact_consent=True))

    contact = project.submitted_by
    now = timezone.now()
    assert contact.data_consent_at == now
    assert contact.contact_consent is True
    assert contact.contact_consent_at == now


def test_without_consent_to_be_contacted_there_is_no_timestamp():
    project = intake_submit(**submission(contact_consent=False))

    contact = project.submitted_by
    assert contact.data_consent_at is not None
    assert contact.contact_consent is False
    assert contact.contact_consent_at is None


def test_a_returning_contact_gets_the_consents_of_their_latest_request():
    company = CompanyFactory()
    earlier = timezone.now() - datetime.timedelta(days=400)
    contact = ContactFactory(
        company=company,
        email="maite@forges.example",
        data_consent_at=earlier,
        contact_consent=False,
    )

    intake_submit(
        **submission(siret=company.siret, email="maite@forges.example", contact_consent=True)
    )

    contact.refresh_from_db()
    assert contact.data_consent_at > earlier
    assert contact.contact_consent is True
    assert contact.contact_consent_at is not None


def test_the_project_starts_at_intake_with_its_axes_and_its_submitter():
    project = intake_submit(**submission())

    project.refresh_from_db()
    assert project.stage == Stage.INTAKE
    assert set(project.axes.values_list("code", flat=True)) == {"digital", "process"}
    assert project.primary_axis is None  # several axes: the officer chooses
    assert project.title == "Capteurs connectés sur la presse"
    assert project.timing == Timing.WITHIN_6_MONTHS
    assert project.submitted_by.email == "maite.etcheverry@forges-bayonne.example"


def test_a_single_axis_is_the_primary_axis():
    marketing = InterventionAxis.objects.get(code="marketing")

    project = intake_submit(**submission(axes=[marketing]))

    assert project.primary_axis == marketing


def test_html_is_stored_as_typed():
    project = intake_submit(**submission(title="<b>Robot</b> & <script>x()</script>"))

    project.refresh_from_db()
    assert project.title == "<b>Robot</b> & <script>x()</script>"


def test_the_confirmation_is_recorded_with_the_project_and_the_team_notices_after_commit(
    officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        project = intake_submit(**submission())
    assert set(OutboundEmail.objects.values_list("kind", "to")) == {
        ("intake_confirmation", "maite.etcheverry@forges-bayonne.example"),
    }

    for callback in after_commit:
        callback()  # Celery runs the team's notice task (eagerly in tests)

    assert set(OutboundEmail.objects.values_list("kind", "to")) == {
        ("intake_confirmation", "maite.etcheverry@forges-bayonne.example"),
        ("intake_notification", officer.email),
    }
    assert {email.regarding for email in OutboundEmail.objects.all()} == {project}


def test_it_refuses_a_request_without_consent_to_data_processing():
    with pytest.raises(ValueError, match="consent"):
        intake_submit(**submission(data_consent=False))

    assert not Project.objects.exists()
    assert not Company.objects.exists()


def test_it_refuses_a_postcode_outside_aquitaine():
    with pytest.raises(ValueError, match="outside"):
        intake_submit(**submission(postcode="75001"))

    assert not Company.objects.exists()
