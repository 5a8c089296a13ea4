"""Delivery in batches: one task per transaction, one claim, each email marked sent as the
server takes it — and still each email sent once, retried alone when it failed, failed after
the last try."""

import re
import threading
from datetime import timedelta
from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.utils import timezone

from pmi_aqt.mailing import delivery, services, tasks
from pmi_aqt.mailing import queue as delivery_queue
from pmi_aqt.mailing.models import OutboundEmail, Unsubscription

pytestmark = pytest.mark.django_db

REFUSED = "refuse@entreprise.example"


def make_email(key: str, **overrides) -> OutboundEmail:
    fields = {
        "key": key,
        "kind": "intake_confirmation",
        "to": f"{key.replace(':', '-')}@entreprise.example",
        "subject": "Votre demande est bien reçue",
        "body_text": "Bonjour,\nNous avons bien reçu votre demande.",
        "body_html": "<p>Bonjour,</p>",
    }
    return OutboundEmail.objects.create(**(fields | overrides))


def queue(key: str, to: str = "dirigeant@entreprise.example", **overrides) -> OutboundEmail:
    arguments = {
        "key": key,
        "kind": "intake_confirmation",
        "to": to,
        "context": {"contact_first_name": "Claire", "project_title": "Robotisation"},
    }
    return services.email_queue(**(arguments | overrides))


def status_of(email: OutboundEmail) -> str:
    email.refresh_from_db()
    return email.status


def refusing(addresses: set[str], error_class=SMTPRecipientsRefused):
    """The test mail backend, refusing the messages addressed to `addresses`."""
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & addresses:
                if error_class is SMTPRecipientsRefused:
                    raise SMTPRecipientsRefused({message.to[0]: (550, b"boite inconnue")})
                raise error_class("connexion perdue")
        return original(self, messages)

    return mock.patch.object(EmailBackend, "send_messages", send_messages)


# --- Queuing: one task per transaction


def test_emails_queued_in_one_transaction_go_in_one_task(
    django_capture_on_commit_callbacks, mailoutbox
):
    with (
        mock.patch.object(tasks.deliver_emails, "delay", wraps=tasks.deliver_emails.delay) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        emails = [queue(f"batch:{n}", to=f"contact{n}@entreprise.example") for n in range(3)]
        assert mailoutbox == []

    delay.assert_called_once_with([email.pk for email in emails])
    assert sorted(m.to[0] for m in mailoutbox) == sorted(e.to for e in emails)
    for email in emails:
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutboundEmail.Status.SENT, 1)


def test_a_second_transaction_gets_its_own_task(django_capture_on_commit_callbacks, mailoutbox):
    with mock.patch.object(
        tasks.deliver_emails, "delay", wraps=tasks.deliver_emails.delay
    ) as delay:
        with django_capture_on_commit_callbacks(execute=True):
            first = [queue("first:1", to="a@entreprise.example"), queue("first:2")]
        with django_capture_on_commit_callbacks(execute=True):
            second = [queue("second:1", to="b@entreprise.example"), queue("second:2")]
    assert [call.args[0] for call in delay.call_args_list] == [
        [email.pk for email in first],
        [email.pk for email in second],
    ]
    assert len(mailoutbox) == 4


def test_a_transaction_queuing_many_emails_hands_them_over_in_bounded_batches(
    django_capture_on_commit_callbacks, mailoutbox
):
    with (
        mock.patch.object(delivery_queue, "DELIVERY_BATCH_SIZE", 2),
        mock.patch.object(tasks.deliver_emails, "delay", wraps=tasks.deliver_emails.delay) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        emails = [queue(f"many:{n}", to=f"contact{n}@entreprise.example") for n in range(5)]
    ids = [email.pk for email in emails]
    assert [call.args[0] for call in delay.call_args_list] == [ids[:2], ids[2:4], ids[4:]]
    assert len(mailoutbox) == 5


def test_an_email_of_a_rolled_back_savepoint_does_not_take_the_others_with_it(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        # The first email of the transaction sits in a savepoint that is rolled back, and the
        # delivery callback registered with it goes too.
        try:
            with transaction.atomic():
                queue("rolled-back:1", to="gone@entreprise.example")
                raise RuntimeError("the form failed further on")
        except RuntimeError:
            pass
        kept = queue("rolled-back:2", to="kept@entreprise.example")
        with transaction.atomic():
            also_kept = queue("rolled-back:3", to="kept2@entreprise.example")
    assert sorted(m.to[0] for m in mailoutbox) == [
        "kept2@entreprise.example",
        "kept@entreprise.example",
    ]
    assert status_of(kept) == status_of(also_kept) == OutboundEmail.Status.SENT
    assert not OutboundEmail.objects.filter(key="rolled-back:1").exists()


def test_the_last_email_of_a_transaction_rolled_back_in_its_savepoint_holds_nothing_back(
    django_capture_on_commit_callbacks, mailoutbox
):
    with (
        mock.patch.object(tasks.deliver_emails, "delay", wraps=tasks.deliver_emails.delay) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        kept = [queue(f"kept:{n}", to=f"kept{n}@entreprise.example") for n in range(2)]
        try:
            with transaction.atomic():
                queue("last:gone", to="gone@entreprise.example")
                raise RuntimeError("the form failed further on")
        except RuntimeError:
            pass
    delay.assert_called_once_with([email.pk for email in kept])
    assert sorted(m.to[0] for m in mailoutbox) == sorted(e.to for e in kept)


def test_emails_of_a_rolled_back_transaction_do_not_join_the_next_one(
    django_capture_on_commit_callbacks, mailoutbox
):
    try:
        with transaction.atomic():
            queue("rolled-back-whole:1", to="gone@entreprise.example")
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    with (
        mock.patch.object(tasks.deliver_email, "delay", wraps=tasks.deliver_email.delay) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = queue("next:1")
    delay.assert_called_once_with(email.pk)
    assert [m.to[0] for m in mailoutbox] == [email.to]


@pytest.mark.django_db(transaction=True)
def test_emails_queued_outside_a_transaction_each_leave_at_once(mailoutbox):
    with mock.patch.object(tasks.deliver_email, "delay", wraps=tasks.deliver_email.delay) as delay:
        first = queue("autocommit:1", to="a@entreprise.example")
        assert [m.to[0] for m in mailoutbox] == [first.to]
        second = queue("autocommit:2", to="b@entreprise.example")
    assert [call.args[0] for call in delay.call_args_list] == [first.pk, second.pk]
    assert status_of(first) == status_of(second) == OutboundEmail.Status.SENT


def test_an_unsubscribed_recipient_is_left_out_of_the_batch(
    django_capture_on_commit_callbacks, mailoutbox
):
    Unsubscription.objects.create(email="parti@entreprise.example")
    digest = {"kind": "intake_notification"}
    with (
        mock.patch.object(tasks.deliver_emails, "delay", wraps=tasks.deliver_emails.delay) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        left = queue("suppressed:1", to="parti@entreprise.example", **digest)
        stays = [
            queue(f"suppressed:{n}", to=f"reste{n}@entreprise.example", **digest) for n in (2, 3)
        ]
    delay.assert_called_once_with([email.pk for email in stays])
    assert status_of(left) == OutboundEmail.Status.SUPPRESSED
    assert sorted(m.to[0] for m in mailoutbox) == sorted(e.to for e in stays)
    # Non-essential emails keep their one-click unsubscribe headers in a batch.
    for message in mailoutbox:
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_suppressed_email_handed_to_the_task_is_never_sent(mailoutbox):
    suppressed = make_email("never", status=OutboundEmail.Status.SUPPRESSED)
    pending = make_email("yes")
    result = tasks.deliver_emails.delay([suppressed.pk, pending.pk]).result
    assert result == {"sent": 1, "failed": 0, "skipped": 1}
    assert [m.to[0] for m in mailoutbox] == [pending.to]
    assert status_of(suppressed) == OutboundEmail.Status.SUPPRESSED


# --- Sent once


def test_the_same_id_twice_in_a_batch_is_sent_once(mailoutbox):
    email = make_email("twice")
    assert tasks.deliver_emails.delay([email.pk, email.pk]).result["sent"] == 1
    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.SENT, 1)


def test_overlapping_batches_send_each_email_once(mailoutbox):
    a, b, c = (make_email(f"overlap:{n}") for n in "abc")
    tasks.deliver_emails.delay([a.pk, b.pk])
    second = tasks.deliver_emails.delay([b.pk, c.pk]).result
    assert second == {"sent": 1, "failed": 0, "skipped": 1}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([a.to, b.to, c.to])
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {1}


def test_emails_another_worker_claimed_are_not_sent_again(mailoutbox):
    claimed = make_email("theirs", status=OutboundEmail.Status.SENDING, claimed_at=timezone.now())
    mine = make_email("mine")
    batch = delivery.email_deliver_many([claimed.pk, mine.pk])
    assert (batch.sent, batch.skipped) == ([mine.pk], [claimed.pk])
    assert [m.to[0] for m in mailoutbox] == [mine.to]
    assert status_of(claimed) == OutboundEmail.Status.SENDING


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql_only
def test_a_claim_passes_over_rows_another_worker_is_claiming(mailoutbox):
    # Given another worker in the middle of claiming b (its row locked, not yet committed)
    a, b, c = (make_email(f"race:{n}") for n in "abc")
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(OutboundEmail.objects.select_for_update().filter(pk=b.pk))
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        # When this worker claims a, b and c, it does not wait for b, nor take it
        batch = delivery.email_deliver_many([a.pk, b.pk, c.pk])
    finally:
        release.set()
        thread.join(timeout=30)
    # Then it sends a and c, and b is left to the worker that holds it
    assert (batch.sent, batch.skipped) == ([a.pk, c.pk], [b.pk])
    assert sorted(m.to[0] for m in mailoutbox) == sorted([a.to, c.to])
    assert status_of(b) == OutboundEmail.Status.PENDING


# --- Failures and retries


def test_a_refused_message_goes_back_to_pending_and_the_others_are_sent(mailoutbox):
    good, refused, also_good = (
        make_email("part:1"),
        make_email("part:2", to=REFUSED),
        make_email("part:3"),
    )
    with refusing({REFUSED}):
        batch = delivery.email_deliver_many([good.pk, refused.pk, also_good.pk])
    assert batch.sent == [good.pk, also_good.pk]
    assert list(batch.failed) == [refused.pk]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([good.to, also_good.to])
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (OutboundEmail.Status.PENDING, 1)
    assert "boite inconnue" in refused.last_error
    assert status_of(good) == status_of(also_good) == OutboundEmail.Status.SENT


def test_a_dropped_connection_fails_one_message_and_the_next_go_on_a_new_one(mailoutbox):
    first, dropped, last = (
        make_email("drop:1"),
        make_email("drop:2", to=REFUSED),
        make_email("drop:3"),
    )
    with (
        refusing({REFUSED}, error_class=SMTPServerDisconnected),
        mock.patch.object(EmailBackend, "open", autospec=True) as open_connection,
    ):
        batch = delivery.email_deliver_many([first.pk, dropped.pk, last.pk])
    assert open_connection.call_count == 2  # once for the batch, once after the drop
    assert batch.sent == [first.pk, last.pk]
    assert "connexion perdue" in str(batch.failed[dropped.pk])
    assert status_of(dropped) == OutboundEmail.Status.PENDING


def test_an_unreachable_server_puts_the_whole_batch_back_to_pending(mailoutbox):
    emails = [make_email(f"down:{n}") for n in range(3)]
    with mock.patch.object(EmailBackend, "open", side_effect=ConnectionRefusedError("refusée")):
        batch = delivery.email_deliver_many([email.pk for email in emails])
    assert batch.sent == []
    assert mailoutbox == []
    for email in emails:
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutboundEmail.Status.PENDING, 1)
        assert "refusée" in email.last_error


def test_the_task_retries_only_the_failed_emails_with_backoff(mailoutbox, settings):
    good, refused = make_email("retry:1"), make_email("retry:2", to=REFUSED)
    with (
        refusing({REFUSED}),
        mock.patch.object(tasks.deliver_emails, "retry", side_effect=Retry("later")) as retry,
        pytest.raises(Retry),
    ):
        tasks.deliver_emails.delay([good.pk, refused.pk])
    retry.assert_called_once()
    assert retry.call_args.kwargs["args"] == [[refused.pk]]
    assert 0 <= retry.call_args.kwargs["countdown"] <= settings.EMAIL_RETRY_BACKOFF
    assert isinstance(retry.call_args.kwargs["exc"], SMTPRecipientsRefused)
    assert [m.to[0] for m in mailoutbox] == [good.to]
    good.refresh_from_db()
    refused.refresh_from_db()
    assert (good.status, good.attempts) == (OutboundEmail.Status.SENT, 1)
    assert (refused.status, refused.attempts) == (OutboundEmail.Status.PENDING, 1)

    # The last retry of the failed one: it is marked failed, the sent one is not touched.
    with refusing({REFUSED}):
        result = tasks.deliver_emails.apply(args=[[refused.pk]], retries=tasks.MAX_RETRIES)
    assert result.result == {"sent": 0, "failed": 1, "skipped": 0}
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (OutboundEmail.Status.FAILED, 2)
    assert "boite inconnue" in refused.last_error
    assert status_of(good) == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1


def test_the_last_retry_marks_the_failed_emails_failed():
    emails = [make_email(f"last:{n}", to=REFUSED) for n in range(2)]
    with refusing({REFUSED}):
        result = tasks.deliver_emails.apply(
            args=[[email.pk for email in emails]], retries=tasks.MAX_RETRIES
        )
    assert result.result == {"sent": 0, "failed": 2, "skipped": 0}
    for email in emails:
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.FAILED
        assert "boite inconnue" in email.last_error


# --- The sweep


def test_the_sweep_hands_pending_emails_over_in_batches_of_200():
    long_ago = timezone.now() - timedelta(hours=1)
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            key=f"sweep:{n}",
            kind="intake_confirmation",
            to=f"contact{n}@entreprise.example",
            subject="Sujet",
            body_text="Texte",
        )
        for n in range(450)
    )
    OutboundEmail.objects.update(created_at=long_ago)
    with mock.patch.object(tasks.deliver_emails, "delay") as delay:
        assert tasks.deliver_pending_emails.delay().result == 450
    sizes = [len(call.args[0]) for call in delay.call_args_list]
    assert sizes == [200, 200, 50]
    handed = [pk for call in delay.call_args_list for pk in call.args[0]]
    assert sorted(handed) == sorted(OutboundEmail.objects.values_list("pk", flat=True))


# --- Large batches: several connections at once


def test_a_large_batch_goes_over_parallel_connections_each_email_once(mailoutbox, settings):
    settings.EMAIL_DELIVERY_CONNECTIONS = 4
    emails = [make_email(f"wide:{n}") for n in range(120)]
    # Each connection's first message waits for the other three: only connections open at
    # the same time get past it (sequential ones would break the barrier and fail).
    all_four_open = threading.Barrier(4, timeout=10)
    started = set()
    original_send = EmailBackend.send_messages

    def send_once_all_are_open(self, messages):
        if id(self) not in started:
            started.add(id(self))
            all_four_open.wait()
        return original_send(self, messages)

    with (
        mock.patch.object(EmailBackend, "open", autospec=True) as open_connection,
        mock.patch.object(EmailBackend, "send_messages", send_once_all_are_open),
    ):
        batch = delivery.email_deliver_many([email.pk for email in emails])

    assert open_connection.call_count == 4 and len(started) == 4
    assert batch.failed == {}
    assert sorted(batch.sent) == sorted(email.pk for email in emails)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(email.to for email in emails)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_small_batch_keeps_one_connection(mailoutbox, settings):
    settings.EMAIL_DELIVERY_CONNECTIONS = 4
    emails = [make_email(f"narrow:{n}") for n in range(delivery.EMAILS_PER_CONNECTION)]
    with mock.patch.object(EmailBackend, "open", autospec=True) as open_connection:
        batch = delivery.email_deliver_many([email.pk for email in emails])
    assert open_connection.call_count == 1
    assert len(batch.sent) == len(emails)


def test_a_refused_message_on_one_parallel_connection_leaves_the_others_sent(mailoutbox, settings):
    settings.EMAIL_DELIVERY_CONNECTIONS = 2
    emails = [make_email(f"mixed:{n}") for n in range(60)]
    refused = make_email("mixed:refused", to=REFUSED)
    with refusing({REFUSED}):
        batch = delivery.email_deliver_many([*(e.pk for e in emails), refused.pk])
    assert sorted(batch.sent) == sorted(email.pk for email in emails)
    assert list(batch.failed) == [refused.pk]
    assert status_of(refused) == OutboundEmail.Status.PENDING


def test_the_message_is_the_one_django_builds_with_its_own_email_policy():
    from email import message_from_bytes
    from email.policy import SMTP, default

    from django.core.mail import EmailMultiAlternatives

    email = make_email("policy:1", subject="Réunion de la task force — dossiers à relire")
    ours = delivery._message(email)
    django_own = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=ours.from_email,
        to=[email.to],
        alternatives=[(email.body_html, "text/html")],
    )

    def normalised(message) -> bytes:
        raw = message.message(policy=SMTP).as_bytes()
        raw = re.sub(rb"^(Date|Message-ID): .*\r\n", b"", raw, flags=re.MULTILINE)
        # The subject is encoded our own way, on purpose: its words keep their spaces (see
        # test_mailing_subject_spaces.py); it reads the same once decoded.
        raw = re.sub(rb"^Subject: .*\r\n( .*\r\n)*", b"", raw, flags=re.MULTILINE)
        for boundary in set(re.findall(rb'boundary="([^"]+)"', raw)):
            raw = raw.replace(boundary, b"BOUNDARY")
        return raw

    def subject(message) -> str:
        raw = message.message(policy=SMTP).as_bytes()
        return str(message_from_bytes(raw, policy=default)["Subject"])

    assert normalised(ours) == normalised(django_own)
    assert subject(ours) == subject(django_own) == email.subject


class WorkerKilled(BaseException):
    """Stands for the worker's death: not an Exception, so no handler of the delivery takes it."""


def test_a_worker_dying_mid_batch_leaves_what_the_server_accepted_marked_sent(mailoutbox):
    emails = [make_email(f"killed:{n}") for n in range(10)]
    original_send = EmailBackend.send_messages

    def die_on_the_fourth(self, messages):
        if len(mailoutbox) == 3:
            raise WorkerKilled
        return original_send(self, messages)

    with (
        mock.patch.object(EmailBackend, "send_messages", die_on_the_fourth),
        pytest.raises(WorkerKilled),
    ):
        delivery.email_deliver_many([email.pk for email in emails])

    statuses = [status_of(email) for email in emails]
    # The three the server took are marked: the sweep will not send them again.
    assert statuses == ["sent"] * 3 + ["sending"] * 7


def test_parallel_connections_have_what_they_sent_marked_while_they_go_on(mailoutbox, settings):
    settings.EMAIL_DELIVERY_CONNECTIONS = 2
    emails = [make_email(f"marked:{n}") for n in range(60)]
    original_send = EmailBackend.send_messages
    original_mark = delivery._Accepted.mark_sent
    some_marked = threading.Event()
    waited_for_marks = []

    def mark_and_tell(accepted):
        original_mark(accepted)
        if OutboundEmail.objects.filter(status="sent").exists():
            some_marked.set()

    def send_the_last_one_after_a_mark(self, messages):
        if messages[0].to[0] in {emails[29].to, emails[59].to}:  # each slice's last message
            waited_for_marks.append(some_marked.wait(timeout=10))
        return original_send(self, messages)

    with (
        mock.patch.object(delivery._Accepted, "mark_sent", mark_and_tell),
        mock.patch.object(EmailBackend, "send_messages", send_the_last_one_after_a_mark),
    ):
        batch = delivery.email_deliver_many([email.pk for email in emails])

    assert waited_for_marks == [True, True]
    assert len(batch.sent) == 60
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_every_attempt_at_an_email_carries_the_same_message_id():
    email = make_email("message-id:1")
    other = make_email("message-id:2")

    first = delivery._message(email).message()["Message-ID"]
    again = delivery._message(OutboundEmail.objects.get(pk=email.pk)).message()["Message-ID"]

    assert first == again
    assert re.fullmatch(rf"<{email.pk}\.[0-9a-f]{{20}}@pmi-aqt\.fr>", first)
    assert delivery._message(other).message()["Message-ID"] != first


def test_an_email_sent_twice_reaches_the_server_with_one_message_id(mailoutbox):
    email = make_email("message-id:twice")
    delivery.email_deliver_many([email.pk])
    # As the sweep would after a worker died before marking it sent.
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.PENDING)
    delivery.email_deliver_many([email.pk])

    assert len(mailoutbox) == 2
    assert mailoutbox[0].message()["Message-ID"] == mailoutbox[1].message()["Message-ID"]
