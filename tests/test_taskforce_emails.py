"""The task force's emails: the dossier pack when the agenda is published, the decision to the
company and to the session's members. Each is recorded once and delivered after the commit; a
member conflicted on a dossier reads nothing of it but its title."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from pmi_aqt.mailing.models import OutboundEmail, Unsubscription
from projects.models import Stage
from projects.stats.cache import forget_figures
from taskforce import emails
from taskforce.models import AgendaItem, Session

from . import test_taskforce_data as data
from .factories import ContactFactory
from .test_taskforce_data import (
    OTHERS_COMMENT,
    OTHERS_COMPANY_COMMENT,
    SECRET_DESCRIPTION,
    SECRET_REQUEST,
)
from .test_taskforce_decision import decision_post

pytestmark = pytest.mark.django_db

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item = data.session, data.other_session, data.item

SECRETS = (SECRET_DESCRIPTION, SECRET_REQUEST, OTHERS_COMMENT, OTHERS_COMPANY_COMMENT)
RATIONALE = "Motivation interne : le dirigeant nous semble fragile"
CONDITIONS = "Recruter un technicien méthodes avant le démarrage"


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def whole(message) -> str:
    """Subject, plain text and HTML of a sent email, to search in."""
    html = "".join(content for content, _type in getattr(message, "alternatives", []))
    return f"{message.subject}\n{message.body}\n{html}"


# --- The dossier pack


@pytest.fixture
def draft(member, colleague, conflicted_member, officer):
    """A draft session of three members: two dossiers, the second one conflicted."""
    draft = data.make_session(
        members=[member, colleague, conflicted_member], status=Session.Status.DRAFT, chair=officer
    )
    first = data.put_on_agenda(
        draft, title="Découpe laser connectée", officer=officer, stage=Stage.DOSSIER_READY
    )
    second = data.put_on_agenda(
        draft, title="Peinture sans solvant", stage=Stage.DOSSIER_READY, position=2
    )
    data.conflict(second, conflicted_member)
    draft.first, draft.second = first, second
    return draft


def publish(client, officer, session, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("taskforce:session_publish", args=[session.pk]))
    assert response.status_code == 302
    return response


def test_publishing_sends_each_member_of_the_session_their_pack(
    client, officer, draft, other_member, django_capture_on_commit_callbacks
):
    publish(client, officer, draft, django_capture_on_commit_callbacks)

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [
        "colleague@partner.test",
        "conflicted@partner.test",
        "member@partner.test",
    ]
    assert not sent_to(other_member.email)
    assert set(OutboundEmail.objects.values_list("kind", "status")) == {
        ("taskforce_pack", OutboundEmail.Status.SENT)
    }


def test_the_pack_links_to_the_session_and_each_dossier_and_its_pdf(
    client, officer, member, draft, django_capture_on_commit_callbacks
):
    publish(client, officer, draft, django_capture_on_commit_callbacks)

    [message] = sent_to(member.email)
    text = whole(message)
    assert "Task force du" in message.subject and "PMI en AQT" in message.subject
    assert draft.date.strftime("%Y") in message.subject
    assert "14h00" in message.body and "Bordeaux, Cité numérique" in message.body
    assert settings.SITE_URL + reverse("taskforce:session_detail", args=[draft.pk]) in text
    for agenda_item in (draft.first, draft.second):
        assert agenda_item.project.title in text
        assert settings.SITE_URL + reverse("taskforce:dossier", args=[agenda_item.pk]) in text
        assert settings.SITE_URL + reverse("taskforce:dossier_pdf", args=[agenda_item.pk]) in text
        assert agenda_item.project.company.name in text
    assert "conflit déclaré" not in text
    for secret in SECRETS:
        assert secret not in text


def test_a_conflicted_dossier_appears_by_title_only_in_that_members_pack(
    client, officer, conflicted_member, draft, django_capture_on_commit_callbacks
):
    publish(client, officer, draft, django_capture_on_commit_callbacks)

    [message] = sent_to(conflicted_member.email)
    text = whole(message)
    conflicted = draft.second
    assert "Peinture sans solvant — conflit déclaré" in message.body
    for url_name in ("taskforce:dossier", "taskforce:dossier_pdf", "taskforce:review"):
        assert reverse(url_name, args=[conflicted.pk]) not in text
    assert conflicted.project.company.name not in text
    # The other dossier is theirs to read.
    assert reverse("taskforce:dossier_pdf", args=[draft.first.pk]) in text
    for secret in SECRETS:
        assert secret not in text


def test_the_links_in_the_pack_open_for_the_member(
    client, officer, member, draft, django_capture_on_commit_callbacks
):
    publish(client, officer, draft, django_capture_on_commit_callbacks)
    [message] = sent_to(member.email)
    pdf_link = settings.SITE_URL + reverse("taskforce:dossier_pdf", args=[draft.first.pk])
    assert pdf_link in message.body
    client.force_login(member)

    response = client.get(pdf_link.removeprefix(settings.SITE_URL))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_pack_is_delivered_only_after_the_commit(
    client, officer, draft, django_capture_on_commit_callbacks
):
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("taskforce:session_publish", args=[draft.pk]))

    assert mail.outbox == []
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).count() == 3
    # Beside the emails, the moves onto the agenda refresh the dashboard's figures at commit.
    assert len([c for c in callbacks if c is not forget_figures]) == 3


def test_the_pack_is_sent_once(client, officer, draft, django_capture_on_commit_callbacks):
    publish(client, officer, draft, django_capture_on_commit_callbacks)
    draft.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        queued_again = emails.dossier_pack_send(session=draft)
    client.post(reverse("taskforce:session_publish", args=[draft.pk]))

    assert queued_again == 3  # found, not created
    assert len(mail.outbox) == 3
    assert OutboundEmail.objects.count() == 3


def test_a_refused_publication_sends_nothing(
    client, officer, draft, django_capture_on_commit_callbacks
):
    draft.second.project.financing_lines.all().delete()
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("taskforce:session_publish", args=[draft.pk]))

    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


def test_a_member_who_refused_other_emails_still_gets_the_pack(
    client, officer, member, draft, django_capture_on_commit_callbacks
):
    Unsubscription.objects.create(email=member.email)

    publish(client, officer, draft, django_capture_on_commit_callbacks)

    assert len(sent_to(member.email)) == 1
    assert "List-Unsubscribe" not in sent_to(member.email)[0].extra_headers


# --- The decision


@pytest.fixture
def contact(item):
    """The person who submitted the project, and another contact of the same company."""
    ContactFactory(company=item.project.company, email="first@entreprise.example")
    submitter = ContactFactory(
        company=item.project.company, first_name="Maïté", email="maite@entreprise.example"
    )
    item.project.submitted_by = submitter
    item.project.save(update_fields=["submitted_by"])
    return submitter


REQUESTS = "Compléter le plan de financement avec le devis définitif"


def decide(client, officer, item, django_capture_on_commit_callbacks, **fields):
    """The chair records the decision at the session, held today with every member there."""
    if item.session.status != Session.Status.HELD:
        data.hold(item.session, present=[seat.user for seat in item.session.session_members.all()])
    if fields.get("outcome") == "deferred":
        fields.setdefault("conditions", REQUESTS)  # a deferral says what it asks
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("taskforce:decision", args=[item.pk]), decision_post(**fields)
        )
    assert response.status_code == 302
    return response


APPROVAL = {
    "outcome": "approved_conditions",
    "conditions": CONDITIONS,
    "rationale": RATIONALE,
    "actions-0-kind": "expertise",
    "actions-0-title": "Audit de la ligne de découpe",
    "actions-0-days": "5",
}


def test_the_company_is_told_the_decision_in_plain_french(
    client, officer, item, contact, django_capture_on_commit_callbacks
):
    decide(client, officer, item, django_capture_on_commit_callbacks, **APPROVAL)

    [message] = sent_to("maite@entreprise.example")
    text = whole(message)
    assert message.subject == (
        "Décision de la task force sur votre projet « Découpe laser connectée » — PMI en AQT"
    )
    assert "Bonjour Maïté," in message.body
    assert "Décision : Accordé sous conditions" in message.body
    assert CONDITIONS in message.body
    assert "Audit de la ligne de découpe" in message.body
    assert "Et maintenant ?" in message.body
    assert "vous contacte dans les prochains jours" in message.body
    # The task force's own motivation and reviews stay inside.
    for secret in (RATIONALE, *SECRETS):
        assert secret not in text
    email = OutboundEmail.objects.get(kind="decision")
    assert email.regarding == item.project
    assert email.status == OutboundEmail.Status.SENT
    assert not sent_to("first@entreprise.example")


def test_the_decision_email_carries_the_companys_secure_link(
    client, officer, item, contact, django_capture_on_commit_callbacks
):
    decide(client, officer, item, django_capture_on_commit_callbacks, outcome="deferred")
    [message] = sent_to(contact.email)
    link = next(word for word in message.body.split() if "/suivi/" in word)
    assert link.startswith(settings.SITE_URL)
    client.logout()

    page = client.get(link.removeprefix(settings.SITE_URL))

    assert page.status_code == 200
    assert "Découpe laser connectée" in page.content.decode()
    assert "reporter sa décision" in message.body
    assert "présenté de nouveau à la task force" in message.body


def test_without_a_submitter_the_companys_first_contact_is_told(
    client, officer, item, django_capture_on_commit_callbacks
):
    ContactFactory(company=item.project.company, email="first@entreprise.example")
    ContactFactory(company=item.project.company, email="second@entreprise.example")

    decide(client, officer, item, django_capture_on_commit_callbacks, outcome="rejected")

    [message] = sent_to("first@entreprise.example")
    assert "n'a pas retenu" in message.body
    assert "d'autres dispositifs" in message.body
    assert not sent_to("second@entreprise.example")


def test_a_company_without_contact_gets_no_email_and_the_decision_stands(
    client, officer, item, django_capture_on_commit_callbacks
):
    decide(client, officer, item, django_capture_on_commit_callbacks, outcome="deferred")

    assert not OutboundEmail.objects.filter(kind="decision").exists()
    assert AgendaItem.objects.get(pk=item.pk).outcome == "deferred"


def test_the_companys_decision_goes_even_to_an_unsubscribed_address(
    client, officer, item, contact, django_capture_on_commit_callbacks
):
    Unsubscription.objects.create(email=contact.email)

    decide(client, officer, item, django_capture_on_commit_callbacks, outcome="deferred")

    [message] = sent_to(contact.email)
    assert "List-Unsubscribe" not in message.extra_headers
    assert "Ne plus recevoir" not in whole(message)


def test_the_decision_is_sent_once(
    client, officer, item, contact, django_capture_on_commit_callbacks
):
    decide(client, officer, item, django_capture_on_commit_callbacks, outcome="deferred")
    item.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        emails.decision_company_send(item=item)
        emails.decision_members_send(item=item)
    again = client.post(reverse("taskforce:decision", args=[item.pk]), decision_post())

    assert again.status_code == 403
    assert len(sent_to(contact.email)) == 1
    assert OutboundEmail.objects.filter(kind="decision").count() == 1


def test_the_session_members_get_the_outcome_but_not_the_conflicted_one(
    client,
    officer,
    member,
    colleague,
    conflicted_member,
    other_member,
    item,
    contact,
    django_capture_on_commit_callbacks,
):
    decide(client, officer, item, django_capture_on_commit_callbacks, **APPROVAL)

    for person in (member, colleague):
        [message] = sent_to(person.email)
        text = whole(message)
        assert "Découpe laser connectée" in message.subject
        assert "Accordé sous conditions" in message.body
        assert settings.SITE_URL + reverse("taskforce:dossier", args=[item.pk]) in text
        # The outcome only.
        for secret in (CONDITIONS, RATIONALE, *SECRETS):
            assert secret not in text
    assert not sent_to(conflicted_member.email)
    assert not sent_to(other_member.email)
    assert not sent_to(officer.email)
    assert OutboundEmail.objects.filter(kind="taskforce_decision").count() == 2


def test_nothing_of_a_conflicted_dossier_reaches_that_member_by_email(
    client, officer, conflicted_member, item, contact, django_capture_on_commit_callbacks
):
    decide(client, officer, item, django_capture_on_commit_callbacks, **APPROVAL)

    for email in OutboundEmail.objects.filter(to=conflicted_member.email):
        assert "Découpe laser connectée" not in email.body_text
    assert not OutboundEmail.objects.filter(to=conflicted_member.email).exists()


def test_a_failed_decision_sends_nothing(
    client, officer, item, contact, django_capture_on_commit_callbacks
):
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        # An approval without any support action is refused.
        client.post(reverse("taskforce:decision", args=[item.pk]), decision_post())

    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


def test_a_member_called_after_publication_gets_the_pack_and_the_others_nothing_more(
    client, officer, member, colleague, other_member, draft, django_capture_on_commit_callbacks
):
    publish(client, officer, draft, django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    mail.outbox.clear()
    members = list(draft.members.values_list("pk", flat=True)) + [other_member.pk]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("taskforce:session_edit", args=[draft.pk]),
            {
                "date": draft.date.isoformat(),
                "starts_at": "14:00",
                "place": draft.place,
                "video_link": "",
                "chair": officer.pk,
                "members": members,
            },
        )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[other_member.email]]
    assert "Découpe laser connectée" in mail.outbox[0].body


def test_editing_a_draft_session_sends_no_pack(
    client, officer, member, draft, django_capture_on_commit_callbacks
):
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("taskforce:session_edit", args=[draft.pk]),
            {
                "date": draft.date.isoformat(),
                "starts_at": "15:00",
                "place": draft.place,
                "video_link": "",
                "chair": officer.pk,
                "members": [member.pk],
            },
        )

    assert mail.outbox == []
