"""Non-essential emails carry a signed unsubscribe link, and the choice is respected."""

import pytest
from django.test import Client

from pmi_aqt.mailing import services
from pmi_aqt.mailing.models import OutboundEmail, Unsubscription
from pmi_aqt.mailing.unsubscribe import unsubscribe_url

pytestmark = pytest.mark.django_db

ADDRESS = "Officier@PMI-AQT.test"


def queue(kind: str, key: str) -> OutboundEmail:
    return services.email_queue(
        key=key,
        kind=kind,
        to=ADDRESS,
        context={"contact_first_name": "Claire", "project_title": "Robotisation"},
    )


def unsubscribe_path(address: str) -> str:
    return unsubscribe_url(address).removeprefix("http://127.0.0.1:8000")


def test_a_non_essential_email_carries_the_link_and_the_one_click_headers(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue("intake_notification", "n:1")
    link = unsubscribe_url(ADDRESS)
    assert link in email.body_text
    assert link in email.body_html
    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_essential_email_has_no_unsubscribe_link(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue("intake_confirmation", "c:1")
    assert "desinscription" not in email.body_text
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers


def test_the_link_asks_for_confirmation_then_records_the_choice(client):
    path = unsubscribe_path(ADDRESS)
    page = client.get(path)
    assert page.status_code == 200
    assert "officier@pmi-aqt.test" in page.text
    assert not Unsubscription.objects.exists()  # a link prefetcher changes nothing
    done = client.post(path)
    assert done.status_code == 200
    assert "Désinscription enregistrée" in done.text
    assert Unsubscription.objects.filter(email="officier@pmi-aqt.test").exists()


def test_mail_clients_unsubscribe_in_one_click_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_path(ADDRESS), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Unsubscription.objects.count() == 1


def test_a_tampered_link_is_refused(client):
    path = unsubscribe_path(ADDRESS)
    tampered = path.replace("officier", "quelquun")
    assert client.get(tampered).status_code == 404
    assert client.post(tampered).status_code == 404
    assert not Unsubscription.objects.exists()


def test_after_unsubscribing_non_essential_emails_are_recorded_but_not_sent(
    django_capture_on_commit_callbacks, mailoutbox
):
    services.unsubscribe(address=ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        suppressed = queue("intake_notification", "n:2")
        essential = queue("intake_confirmation", "c:2")
    suppressed.refresh_from_db()
    essential.refresh_from_db()
    assert suppressed.status == OutboundEmail.Status.SUPPRESSED
    assert essential.status == OutboundEmail.Status.SENT
    assert [m.subject for m in mailoutbox] == [essential.subject]


def test_unsubscribing_twice_keeps_one_record(client):
    path = unsubscribe_path(ADDRESS)
    client.post(path)
    client.post(path)
    assert Unsubscription.objects.count() == 1
