"""Retention: the contacts of companies inactive for RETENTION_YEARS are anonymised by a
weekly job; its dry run lists them and changes nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from companies.models import Contact
from pmi_aqt.mailing.models import OutboundEmail
from projects import tasks
from projects.services.personal_data import contacts_anonymise

from .factories import ContactFactory, InteractionFactory, ProjectFactory
from .test_contact_erasure import rows_naming

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_ago():
    return timezone.now() - timedelta(days=365 * 3 + 30)


@pytest.fixture
def dormant(long_ago):
    with freeze_time(long_ago):
        contact = ContactFactory(first_name="Anaïs", last_name="Peyrat")
        InteractionFactory(company=contact.company, contact=contact, notes="Appel Anaïs Peyrat")
        ProjectFactory(company=contact.company)
    return contact


@pytest.fixture
def active(long_ago):
    with freeze_time(long_ago):
        contact = ContactFactory(first_name="Bruno", last_name="Lacaze")
    ProjectFactory(company=contact.company)  # a project this year
    return contact


def test_the_dry_run_lists_the_dormant_contacts_and_changes_nothing(dormant, active):
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert f"would anonymise contact #{dormant.pk} of {dormant.company.name}" in out.getvalue()
    assert f"#{active.pk}" not in out.getvalue()
    assert "1 contact(s) would anonymise; retention 3 year(s)." in out.getvalue()
    dormant.refresh_from_db()
    assert dormant.full_name == "Anaïs Peyrat"


def test_the_weekly_job_anonymises_the_dormant_contacts_only(dormant, active):
    assert tasks.apply_retention.delay().get() == 1
    dormant.refresh_from_db()
    active.refresh_from_db()
    assert "Anaïs Peyrat" not in dormant.full_name
    assert not dormant.company.interactions.filter(notes__icontains="Peyrat").exists()
    assert active.full_name == "Bruno Lacaze"
    # Once anonymised, nobody is due any more.
    assert tasks.apply_retention.delay().get() == 0


def test_the_retention_follows_the_setting(dormant, settings):
    settings.RETENTION_YEARS = 5
    assert tasks.apply_retention.delay().get() == 0
    assert Contact.objects.get(pk=dormant.pk).full_name == "Anaïs Peyrat"


def test_the_job_is_scheduled():
    assert settings.CELERY_BEAT_SCHEDULE["retention"]["task"] == "projects.tasks.apply_retention"


@pytest.fixture
def coming(long_ago):
    """A company whose contacts come due within the month: inactive for three years less a week."""
    with freeze_time(timezone.now() - timedelta(days=365 * 3 - 7)):
        return ContactFactory(first_name="Céline", last_name="Darrigade")


def test_the_run_reports_to_the_managers_who_was_erased_and_who_comes_next(
    dormant, coming, active, manager, officer
):
    assert tasks.apply_retention.delay().get() == 1
    report = OutboundEmail.objects.get(kind="retention_report")
    assert report.to == manager.email
    assert dormant.company.name in report.body_text
    assert coming.company.name in report.body_text
    assert active.company.name not in report.body_text
    # The report names companies, never the people it erased.
    assert "Peyrat" not in report.body_text
    assert "Darrigade" not in report.body_text
    assert not OutboundEmail.objects.filter(kind="retention_report", to=officer.email).exists()


def test_a_run_with_nothing_to_say_sends_no_report(active, manager):
    assert tasks.apply_retention.delay().get() == 0
    assert not OutboundEmail.objects.filter(kind="retention_report").exists()


def test_a_second_run_the_same_day_reports_once(dormant, coming, manager):
    tasks.apply_retention.delay().get()
    tasks.apply_retention.delay().get()
    assert OutboundEmail.objects.filter(kind="retention_report").count() == 1


def test_a_batch_erases_every_contact_of_it_from_every_text(long_ago):
    with freeze_time(long_ago):
        first = ContactFactory(first_name="Anaïs", last_name="Peyrat", email="anais@exemple.fr")
        second = ContactFactory(first_name="Marc", last_name="Etcheverry", company=first.company)
        InteractionFactory(
            company=first.company, contact=first, notes="Anaïs Peyrat et Marc Etcheverry, ensemble."
        )
    contacts_anonymise([first.pk, second.pk])
    assert rows_naming("Anaïs Peyrat", "Marc Etcheverry", "anais@exemple.fr") == []


def test_the_search_for_people_in_the_database_reads_their_names_literally(long_ago):
    """Names and addresses hold characters that mean something in a pattern (dots, plus signs,
    brackets): each is matched as itself, so nothing else is erased."""
    with freeze_time(long_ago):
        contact = ContactFactory(
            first_name="Jean-Marc", last_name="(Dupré)", email="j.m+pmi@exemple.fr", phone=""
        )
        InteractionFactory(company=contact.company, notes="jxmmpmi@exempleXfr, Jean-Marc (Dupré)")
    contacts_anonymise([contact.pk])
    notes = contact.company.interactions.get().notes
    assert notes == "jxmmpmi@exempleXfr, [effacé]"
