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
from projects import tasks

from .factories import ContactFactory, InteractionFactory, ProjectFactory

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
