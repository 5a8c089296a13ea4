"""The emails an intake request sends: a confirmation to the submitter, a notice to the team."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmi_aqt.accounts.models import Role
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.tasks import deliver_email
from projects.email_kinds import INTAKE_NOTIFICATION
from projects.models import Project
from projects.tasks import notify_team_of_intake

from .factories import CompanyFactory, UserFactory, intake_form_data

pytestmark = pytest.mark.django_db

INTAKE_URL = reverse("projects:intake")
SUBMITTER = "maite.etcheverry@forges-bayonne.example"


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """Post the form and run what waits for the commit (Celery runs eagerly in tests)."""

    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(INTAKE_URL, intake_form_data(**overrides))
        assert response.status_code == 302, response.text
        return Project.objects.latest("pk")

    return post


def test_the_submitter_gets_a_french_confirmation(submit, mailoutbox):
    project = submit()

    email = OutboundEmail.objects.get(kind="intake_confirmation")
    assert email.key == f"intake-confirmation:{project.pk}"
    assert email.to == SUBMITTER
    assert email.status == OutboundEmail.Status.SENT
    assert email.sent_at is not None
    assert email.regarding == project
    assert email.subject == "Nous avons bien reçu votre demande — PMI en AQT"
    [message] = [m for m in mailoutbox if m.to == [SUBMITTER]]
    assert message.subject == email.subject
    assert "Bonjour Maïté," in message.body
    assert "« Capteurs connectés sur la presse »" in message.body
    assert "10 jours ouvrés" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "PMI en AQT" in html and "10 jours ouvrés" in html


def test_every_active_officer_and_manager_and_the_extra_addresses_are_told(
    submit, mailoutbox, officer, other_officer, manager, finance_officer, member, settings
):
    settings.INTAKE_NOTIFY_EMAILS = ["accueil@uimm-aquitaine.example", officer.email.upper()]
    UserFactory(email="parti@pmi-aqt.test", roles=[Role.OFFICER], is_active=False)

    project = submit()

    notices = OutboundEmail.objects.filter(kind="intake_notification")
    assert sorted(notices.values_list("to", flat=True)) == sorted(
        [officer.email, other_officer.email, manager.email, "accueil@uimm-aquitaine.example"]
    )
    assert {email.key for email in notices} == {
        f"intake-notification:{project.pk}:{email.to}" for email in notices
    }
    assert set(notices.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert notices.get(to=officer.email).recipient_user == officer
    assert notices.get(to="accueil@uimm-aquitaine.example").recipient_user is None
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [SUBMITTER, *notices.values_list("to", flat=True)]
    )


def test_the_team_notice_is_in_french_and_links_to_the_company_page(submit, officer, settings):
    project = submit()

    email = OutboundEmail.objects.get(kind="intake_notification")
    company_url = settings.SITE_URL + project.company.get_absolute_url()
    assert (
        email.subject == "Nouvelle demande : Capteurs connectés sur la presse (Forges de Bayonne)"
    )
    assert company_url in email.body_text
    assert f'href="{company_url}"' in email.body_html
    assert "Maïté Etcheverry — Directrice industrielle" in email.body_text
    assert "05 59 00 00 00" in email.body_text
    assert "Nouvelle fiche" in email.body_text


def test_a_known_company_is_not_revealed_to_the_submitter(submit, mailoutbox, officer):
    known = CompanyFactory(
        name="Raison sociale sur la fiche", address="7 impasse Secrète", city="Libourne"
    )

    submit(siret=known.siret, company_name="Ce que je tape", address="1 rue Tapée")

    confirmation = OutboundEmail.objects.get(kind="intake_confirmation")
    [message] = [m for m in mailoutbox if m.to == [SUBMITTER]]
    for text in [
        confirmation.subject,
        confirmation.body_text,
        confirmation.body_html,
        message.body,
        message.alternatives[0][0],
    ]:
        assert "Raison sociale sur la fiche" not in text
        assert "7 impasse Secrète" not in text
        assert "Libourne" not in text
        assert "déjà connue" not in text
    # The team, on the other hand, sees both the record and what was typed.
    notice = OutboundEmail.objects.get(kind="intake_notification")
    assert "Raison sociale sur la fiche" in notice.body_text
    assert "déjà connue du programme" in notice.body_text
    assert "Ce que je tape" in notice.body_text and "1 rue Tapée" in notice.body_text


def test_the_confirmation_reads_the_same_whether_the_company_was_known_or_not(
    client, django_capture_on_commit_callbacks
):
    known = CompanyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(INTAKE_URL, intake_form_data())
        client.post(INTAKE_URL, intake_form_data(siret=known.siret))

    first, second = OutboundEmail.objects.filter(kind="intake_confirmation").order_by("pk")
    assert first.subject == second.subject
    assert first.body_text == second.body_text
    assert first.body_html == second.body_html


def test_html_typed_by_the_submitter_is_escaped_in_html_and_plain_in_text(submit, officer):
    submit(title="Soudure <b>laser</b> & « fibre »", company_name="L'Atelier <Sud>")

    confirmation = OutboundEmail.objects.get(kind="intake_confirmation")
    assert "« Soudure <b>laser</b> & « fibre » »" in confirmation.body_text
    assert "Soudure &lt;b&gt;laser&lt;/b&gt; &amp; « fibre »" in confirmation.body_html
    assert "<b>laser</b>" not in confirmation.body_html
    notice = OutboundEmail.objects.get(kind="intake_notification")
    assert notice.subject == "Nouvelle demande : Soudure <b>laser</b> & « fibre » (L'Atelier <Sud>)"
    assert "L'Atelier <Sud>" in notice.body_text
    assert "L&#x27;Atelier &lt;Sud&gt;" in notice.body_html
    assert "<Sud>" not in notice.body_html


def test_delivering_the_same_email_twice_sends_one_message(client, mailoutbox):
    # Queued but not delivered: the on-commit callbacks are left out on purpose.
    client.post(INTAKE_URL, intake_form_data())
    email = OutboundEmail.objects.get(kind="intake_confirmation")
    assert email.status == OutboundEmail.Status.PENDING

    first = deliver_email(email.pk)
    second = deliver_email(email.pk)

    assert (first, second) == ("sent", "already claimed or sent")
    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1


def test_a_delivered_email_is_not_sent_again_by_the_task(submit, mailoutbox):
    submit()
    email = OutboundEmail.objects.get(kind="intake_confirmation")
    sent = len(mailoutbox)

    assert deliver_email(email.pk) == "already claimed or sent"
    assert len(mailoutbox) == sent


def test_a_honeypot_submission_sends_nothing(
    client, mailoutbox, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(INTAKE_URL, intake_form_data(website="http://spam.example"))

    assert callbacks == []
    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()


def test_an_invalid_submission_sends_nothing(
    client, mailoutbox, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(INTAKE_URL, intake_form_data(siret="123"))

    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()


def test_a_very_long_extra_address_still_gets_a_unique_key(submit, settings):
    long_address = "equipe." + "x" * 180 + "@uimm-aquitaine.example"
    settings.INTAKE_NOTIFY_EMAILS = [long_address]

    submit()

    notice = OutboundEmail.objects.get(kind="intake_notification")
    assert notice.to == long_address
    assert len(notice.key) <= 200
    assert notice.key.startswith("intake-notification:")


def test_the_request_and_its_team_notices_cost_the_same_queries_however_many_staff(
    client, officer, django_capture_on_commit_callbacks
):
    def post_counting(siret: str) -> tuple[int, int]:
        with (
            django_capture_on_commit_callbacks(execute=False) as after_commit,
            CaptureQueriesContext(connection) as request_queries,
        ):
            response = client.post(INTAKE_URL, intake_form_data(siret=siret))
        assert response.status_code == 302, response.text
        with CaptureQueriesContext(connection) as notice_queries:
            for callback in after_commit:
                callback()
        return len(request_queries), len(notice_queries)

    post_counting("40483304800022")  # the first request also creates the session
    few = post_counting("73282932000074")
    for number in range(8):
        UserFactory(email=f"charge{number}@pmi-aqt.test", roles=[Role.OFFICER])
    many = post_counting("55208131766522")

    assert few == many
    assert OutboundEmail.objects.filter(kind="intake_notification").count() == 11


def test_the_team_is_told_in_the_request_when_the_broker_is_down(submit, officer):
    with mock.patch.object(notify_team_of_intake, "delay", side_effect=ConnectionError):
        project = submit()

    notice = OutboundEmail.objects.get(kind="intake_notification")
    assert (notice.to, notice.regarding) == (officer.email, project)


def test_the_team_notice_task_run_twice_sends_each_notice_once(submit, officer, mailoutbox):
    project = submit()
    mailoutbox.clear()
    notify_team_of_intake(project_id=project.pk, company_created=True)

    assert OutboundEmail.objects.filter(kind="intake_notification").count() == 1
    assert mailoutbox == []


def test_the_team_notice_task_is_handed_ids_and_reads_what_was_typed_in_the_worker(submit, officer):
    known = CompanyFactory(name="Raison sociale sur la fiche")
    with mock.patch.object(notify_team_of_intake, "delay") as delay:
        project = submit(siret=known.siret, company_name="Ce que je tape", phone="05 59 11 22 33")

    # Nothing personal travels through the broker: only the request's id and a flag.
    delay.assert_called_once_with(project_id=project.pk, company_created=False)
    assert not OutboundEmail.objects.filter(kind=INTAKE_NOTIFICATION.code).exists()

    notify_team_of_intake(**delay.call_args.kwargs)

    notice = OutboundEmail.objects.get(kind=INTAKE_NOTIFICATION.code)
    assert "Raison sociale sur la fiche" in notice.body_text
    assert "Ce que je tape" in notice.body_text and "05 59 11 22 33" in notice.body_text
    assert SUBMITTER in notice.body_text
