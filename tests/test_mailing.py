"""The email outbox: recorded first, delivered once by Celery, retried, visible to staff."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from pmi_aqt.mailing import delivery, services, tasks
from pmi_aqt.mailing.models import OutboundEmail

pytestmark = pytest.mark.django_db


def make_email(**overrides) -> OutboundEmail:
    fields = {
        "key": "test:1",
        "kind": "intake_confirmation",
        "to": "dirigeant@entreprise.example",
        "subject": "Votre demande est bien reçue",
        "body_text": "Bonjour,\nNous avons bien reçu votre demande.",
        "body_html": "<p>Bonjour,</p><p>Nous avons bien reçu votre demande.</p>",
    }
    return OutboundEmail.objects.create(**(fields | overrides))


def test_queued_email_is_recorded_then_sent_after_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = services.email_queue(
            key="intake-confirmation:test",
            kind="intake_confirmation",
            to="dirigeant@entreprise.example",
            context={"contact_first_name": "Claire", "project_title": "Robotisation"},
        )
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dirigeant@entreprise.example"]
    assert mailoutbox[0].alternatives  # an HTML version travels with the text


def test_queueing_the_same_key_twice_sends_one_email(
    django_capture_on_commit_callbacks, mailoutbox
):
    arguments = {
        "key": "intake-confirmation:same",
        "kind": "intake_confirmation",
        "to": "dirigeant@entreprise.example",
        "context": {"contact_first_name": "Claire", "project_title": "Robotisation"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = services.email_queue(**arguments)
        second = services.email_queue(**arguments)
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert len(mailoutbox) == 1


def test_delivering_the_same_email_twice_sends_it_once(mailoutbox):
    email = make_email()
    tasks.deliver_email.delay(email.pk)
    tasks.deliver_email.delay(email.pk)
    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1


def test_an_email_claimed_by_another_worker_is_not_sent_again(mailoutbox):
    email = make_email(status=OutboundEmail.Status.SENDING, claimed_at=timezone.now())
    result = delivery.email_deliver(email.pk)
    assert not result.delivered
    assert mailoutbox == []


def test_a_transport_error_puts_the_email_back_to_pending_with_the_error(mailoutbox):
    email = make_email()
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=SMTPServerDisconnected("connexion perdue"),
        ),
        pytest.raises(SMTPServerDisconnected),
    ):
        delivery.email_deliver(email.pk)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts == 1
    assert "connexion perdue" in email.last_error


def test_an_email_is_marked_failed_after_the_last_retry():
    email = make_email()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPServerDisconnected("refusé"),
    ):
        result = tasks.deliver_email.apply(args=[email.pk], retries=tasks.MAX_RETRIES)
    assert result.result == "failed"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert "refusé" in email.last_error


def test_an_email_queued_while_the_broker_is_down_stays_pending(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch.object(tasks.deliver_email, "delay", side_effect=ConnectionError("no broker")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = services.email_queue(
            key="intake-confirmation:down",
            kind="intake_confirmation",
            to="dirigeant@entreprise.example",
            context={"contact_first_name": "Claire", "project_title": "Robotisation"},
        )
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING


def test_the_sweep_delivers_pending_emails_and_frees_stale_claims(mailoutbox):
    long_ago = timezone.now() - timedelta(hours=1)
    pending = make_email(key="a")
    stale = make_email(key="b", status=OutboundEmail.Status.SENDING, claimed_at=long_ago)
    fresh_claim = make_email(
        key="c", status=OutboundEmail.Status.SENDING, claimed_at=timezone.now()
    )
    sent = make_email(key="d", status=OutboundEmail.Status.SENT, sent_at=long_ago)
    OutboundEmail.objects.update(created_at=long_ago)

    assert tasks.deliver_pending_emails.delay().result == 2

    assert {m.to[0] for m in mailoutbox} == {pending.to}
    assert len(mailoutbox) == 2
    for email, status in [
        (pending, OutboundEmail.Status.SENT),
        (stale, OutboundEmail.Status.SENT),
        (fresh_claim, OutboundEmail.Status.SENDING),
        (sent, OutboundEmail.Status.SENT),
    ]:
        email.refresh_from_db()
        assert email.status == status


def test_the_sweep_leaves_very_recent_emails_to_their_own_task(mailoutbox):
    make_email()
    assert tasks.deliver_pending_emails.delay().result == 0
    assert mailoutbox == []


# --- The staff page listing every email


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", "manager"])
def test_staff_can_read_the_emails_the_portal_sent(client, request, fixture_name):
    email = make_email(status=OutboundEmail.Status.FAILED, last_error="550 boîte inconnue")
    client.force_login(request.getfixturevalue(fixture_name))
    listing = client.get(reverse("mailing:list"))
    assert listing.status_code == 200
    assert email.subject in listing.text
    detail = client.get(reverse("mailing:detail", args=[email.pk]))
    assert detail.status_code == 200
    assert "Nous avons bien reçu votre demande." in detail.text
    assert "550 boîte inconnue" in detail.text


def test_the_email_list_filters_by_status(client, officer):
    make_email(key="x", subject="Envoyé avec succès", status=OutboundEmail.Status.SENT)
    make_email(key="y", subject="Parti en erreur", status=OutboundEmail.Status.FAILED)
    client.force_login(officer)
    response = client.get(reverse("mailing:list"), {"statut": "failed"})
    assert "Parti en erreur" in response.text
    assert "Envoyé avec succès" not in response.text


def test_the_email_list_keeps_a_fixed_number_of_queries(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    for index in range(3):
        make_email(key=f"few-{index}")
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("mailing:list"))
    for index in range(40):
        make_email(key=f"many-{index}")
    with django_assert_max_num_queries(8) as many:
        client.get(reverse("mailing:list"))
    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize("fixture_name", ["member", "company_user", "no_role_user"])
def test_other_roles_cannot_read_emails(client, request, fixture_name):
    email = make_email()
    client.force_login(request.getfixturevalue(fixture_name))
    assert client.get(reverse("mailing:list")).status_code == 403
    assert client.get(reverse("mailing:detail", args=[email.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_login_from_the_emails(client):
    email = make_email()
    for url in (reverse("mailing:list"), reverse("mailing:detail", args=[email.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_staff_can_put_a_failed_email_back_in_the_queue(
    client, officer, django_capture_on_commit_callbacks, mailoutbox
):
    email = make_email(status=OutboundEmail.Status.FAILED, attempts=6, last_error="refusé")
    client.force_login(officer)
    assert "Renvoyer cet e-mail" in client.get(reverse("mailing:detail", args=[email.pk])).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mailing:retry", args=[email.pk]))
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1


def test_a_sent_email_cannot_be_sent_again_from_the_retry_button(
    client, officer, django_capture_on_commit_callbacks, mailoutbox
):
    email = make_email(status=OutboundEmail.Status.SENT)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mailing:retry", args=[email.pk]))
    assert mailoutbox == []


def test_retrying_is_post_only_and_staff_only(client, request):
    email = make_email(status=OutboundEmail.Status.FAILED)
    url = reverse("mailing:retry", args=[email.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(request.getfixturevalue("member"))
    assert client.post(url).status_code == 403
    client.force_login(request.getfixturevalue("officer"))
    assert client.get(url).status_code == 405
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED


def queued(key: str, to: str = "dirigeant@entreprise.example", **overrides):
    fields = {
        "key": key,
        "kind": "follow_up_survey",
        "to": to,
        "context": {
            "first_name": "Claire",
            "project_title": "Robotisation",
            "months": 6,
            "link": "https://pmi-aqt.example/suivi/1/",
            "link_days": 60,
        },
    }
    return services.QueuedEmail(**(fields | overrides))


def test_queueing_many_emails_takes_the_same_queries_for_two_or_twenty(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=False):
        with django_assert_num_queries(6):  # texts, unsubscriptions, keys, savepoint, insert
            services.email_queue_many([queued(f"many:a{n}") for n in range(2)])
        with django_assert_num_queries(6):
            services.email_queue_many([queued(f"many:b{n}") for n in range(20)])
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).count() == 22


def test_queueing_many_keeps_the_first_record_of_a_key_and_sends_it_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.email_queue(**vars(queued("many:known")))
    with django_capture_on_commit_callbacks(execute=True):
        records = services.email_queue_many(
            [queued("many:known"), queued("many:new"), queued("many:new", to="autre@exemple.fr")]
        )

    assert records[0] == first
    assert records[1] == records[2] and records[2].to == "dirigeant@entreprise.example"
    assert OutboundEmail.objects.count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["dirigeant@entreprise.example"] * 2


def test_queueing_many_records_an_unsubscribed_address_without_sending_to_it(
    django_capture_on_commit_callbacks, mailoutbox
):
    services.unsubscribe(address="Parti@Exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.email_queue_many([queued("many:gone", to="parti@exemple.fr"), queued("many:ok")])

    statuses = dict(OutboundEmail.objects.values_list("key", "status"))
    assert statuses == {
        "many:gone": OutboundEmail.Status.SUPPRESSED,
        "many:ok": OutboundEmail.Status.SENT,
    }
    assert [m.to[0] for m in mailoutbox] == ["dirigeant@entreprise.example"]


def test_queueing_many_after_a_parallel_insert_keeps_both_records_without_an_error(
    django_capture_on_commit_callbacks, mailoutbox
):
    real_filter = OutboundEmail.objects.filter

    def filter_missing_the_parallel_insert(*args, **kwargs):
        if "key__in" in kwargs:  # the other request commits right after our look
            make_email(key="many:raced", to="premier@exemple.fr")
        return real_filter(*args, **kwargs)

    with (
        mock.patch.object(OutboundEmail.objects, "filter", filter_missing_the_parallel_insert),
        django_capture_on_commit_callbacks(execute=True),
    ):
        records = services.email_queue_many([queued("many:raced"), queued("many:fresh")])

    assert records[0].to == "premier@exemple.fr"  # the parallel one kept, not ours
    assert records[1].key == "many:fresh" and records[1].pk is not None
    assert [m.to[0] for m in mailoutbox] == ["dirigeant@entreprise.example"]
