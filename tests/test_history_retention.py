"""The recorded emails and the history of changes are kept HISTORY_RETENTION_YEARS, as the
privacy page says, then deleted by weekly jobs; the timelines read the history by index."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from pmi_aqt.audit import tasks as audit_tasks
from pmi_aqt.mailing import tasks as mailing_tasks
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import Project

from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

YEARS_AGO = timedelta(days=365 * 3 + 10)


def _email(key: str, status: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        key=key, kind="company_link", to="a@exemple.fr", subject="s", body_text="b", status=status
    )


def test_the_history_older_than_its_retention_is_deleted_and_the_rest_kept():
    with freeze_time(timezone.now() - YEARS_AGO):
        old = ProjectFactory(title="Ancien projet")
    recent = CompanyFactory(name="Tôlerie récente")
    assert LogEntry.objects.get_for_object(old).exists()
    assert audit_tasks.purge_history.delay().get() >= 1
    assert not LogEntry.objects.get_for_object(old).exists()
    assert LogEntry.objects.get_for_object(recent).exists()
    # The rows themselves stay: only their history goes.
    assert Project.objects.filter(pk=old.pk).exists()


def test_the_history_retention_follows_its_setting(settings):
    settings.HISTORY_RETENTION_YEARS = 5
    with freeze_time(timezone.now() - YEARS_AGO):
        old = ProjectFactory()
    assert audit_tasks.purge_history.delay().get() == 0
    assert LogEntry.objects.get_for_object(old).exists()


def test_old_settled_emails_are_deleted_and_pending_or_recent_ones_kept():
    with freeze_time(timezone.now() - YEARS_AGO):
        old_sent = _email("old-sent", OutboundEmail.Status.SENT)
        old_failed = _email("old-failed", OutboundEmail.Status.FAILED)
        old_pending = _email("old-pending", OutboundEmail.Status.PENDING)
    recent = _email("recent", OutboundEmail.Status.SENT)
    assert mailing_tasks.purge_old_emails.delay().get() == 2
    remaining = set(OutboundEmail.objects.values_list("pk", flat=True))
    assert old_sent.pk not in remaining and old_failed.pk not in remaining
    assert {old_pending.pk, recent.pk} <= remaining


def test_both_purges_are_scheduled_weekly():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"pmi_aqt.mailing.tasks.purge_old_emails", "pmi_aqt.audit.tasks.purge_history"} <= tasks


def test_the_privacy_page_states_how_long_emails_and_history_are_kept(client, settings):
    settings.HISTORY_RETENTION_YEARS = 6
    page = client.get(reverse("privacy")).content.decode()
    assert "E-mails envoyés et historique des modifications : 6 ans après leur date" in page


@pytest.mark.postgresql_only
def test_on_postgresql_the_project_timeline_reads_the_history_by_index():
    project = ProjectFactory()
    query = LogEntry.objects.filter(additional_data__project=project.pk).order_by(
        "-timestamp", "-id"
    )[:20]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "audit_entry_project_idx" in plan, plan
