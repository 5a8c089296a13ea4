"""The password reset email goes through the outbox: recorded, delivered by the worker,
retried when the server refuses it, sent once per request and minute."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from pmi_aqt.mailing import tasks
from pmi_aqt.mailing.models import OutboundEmail

pytestmark = pytest.mark.django_db


def ask_for_a_new_password(client, email: str, capture):
    with capture(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302
    return response


def test_the_reset_email_is_recorded_and_delivered_by_the_worker(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_a_new_password(client, officer.email, django_capture_on_commit_callbacks)

    email = OutboundEmail.objects.get(kind="password_reset")
    assert email.to == officer.email
    assert email.recipient_user == officer
    assert email.status == OutboundEmail.Status.SENT
    assert "/compte/mot-de-passe/nouveau/" in email.body_text
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [officer.email]
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/mot-de-passe/nouveau/" in line
    )
    response = client.get(link.split("testserver", 1)[1], follow=True)
    assert "Choisissez un nouveau mot de passe" in response.text


def test_a_second_request_in_the_same_minute_sends_nothing_more(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with freeze_time("2026-03-02 10:15:05"):
        ask_for_a_new_password(client, officer.email, django_capture_on_commit_callbacks)
    with freeze_time("2026-03-02 10:15:40"):
        ask_for_a_new_password(client, officer.email, django_capture_on_commit_callbacks)
    assert OutboundEmail.objects.filter(kind="password_reset").count() == 1
    assert len(mailoutbox) == 1


def test_a_new_request_later_sends_a_new_email(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    moment = timezone.now()
    with freeze_time(moment):
        ask_for_a_new_password(client, officer.email, django_capture_on_commit_callbacks)
    with freeze_time(moment + timedelta(minutes=5)):
        ask_for_a_new_password(client, officer.email, django_capture_on_commit_callbacks)
    assert OutboundEmail.objects.filter(kind="password_reset").count() == 2
    assert len(mailoutbox) == 2


def test_an_unknown_address_records_nothing(client, mailoutbox, django_capture_on_commit_callbacks):
    ask_for_a_new_password(client, "inconnu@example.org", django_capture_on_commit_callbacks)
    assert not OutboundEmail.objects.exists()
    assert mailoutbox == []


def test_a_refused_reset_email_is_retried_then_sent(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    refused = SMTPServerDisconnected("serveur indisponible")
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused
    ):
        ask_for_a_new_password(client, officer.email, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get(kind="password_reset")
    assert email.status == OutboundEmail.Status.PENDING
    assert "serveur indisponible" in email.last_error
    assert mailoutbox == []

    tasks.deliver_email.apply(args=[email.pk], retries=1)  # the retry Celery schedules

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert len(mailoutbox) == 1


def test_staff_never_read_someone_elses_reset_link_in_the_list_of_emails(
    client, officer, manager, django_capture_on_commit_callbacks
):
    ask_for_a_new_password(client, manager.email, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get(kind="password_reset")
    client.force_login(officer)

    page = client.get(reverse("mailing:detail", args=[email.pk])).text

    assert email.subject in page
    assert "/compte/mot-de-passe/nouveau/" not in page
    assert "data-confidential" in page


def test_the_admin_does_not_show_a_reset_link_either(
    client, manager, officer, django_capture_on_commit_callbacks
):
    ask_for_a_new_password(client, officer.email, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get(kind="password_reset")
    manager.is_staff = manager.is_superuser = True
    manager.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(manager)

    response = client.get(reverse("admin:mailing_outboundemail_change", args=[email.pk]))

    assert response.status_code == 200
    assert email.to in response.text
    assert "/compte/mot-de-passe/nouveau/" not in response.text
