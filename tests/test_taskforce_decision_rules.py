"""When and how a decision may be recorded: at the session, on its day or after, with attendance
recorded; or through a written consultation the chair opens explicitly, with its own closing
date. A decision without any review says why. Each email tells what really happened."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone

from pmi_aqt.mailing.models import EmailText, OutboundEmail
from projects.models import Stage
from taskforce import permissions, services
from taskforce.email_kinds import DECISION, TASKFORCE_CONSULTATION, TASKFORCE_DECISION
from taskforce.models import AgendaItem, Review

from . import test_taskforce_data as data
from .test_taskforce_decision import decision_post

pytestmark = pytest.mark.django_db

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item, held_item = (
    data.session,
    data.other_session,
    data.item,
    data.held_item,
)


def today() -> datetime.date:
    return timezone.localdate()


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def whole(message) -> str:
    html = "".join(content for content, _type in getattr(message, "alternatives", []))
    return f"{message.subject}\n{message.body}\n{html}"


def fresh(item) -> AgendaItem:
    return AgendaItem.objects.select_related("session", "project").get(pk=item.pk)


def open_consultation(client, chair, item, closes_on, callbacks):
    client.force_login(chair)
    with callbacks(execute=True):
        return client.post(
            reverse("taskforce:consultation_open", args=[item.pk]),
            {"closes_on": closes_on.isoformat()},
        )


def close_consultation(item, *, on: datetime.date) -> None:
    """The consultation's closing date has passed: `on` was its last day."""
    AgendaItem.objects.filter(pk=item.pk).update(consultation_closes_on=on)


# --- At the session


def test_a_decision_is_refused_before_the_session_date_with_the_reason(client, officer, item):
    client.force_login(officer)
    session_day = item.session.date.strftime("%d/%m/%Y")

    form = client.get(reverse("taskforce:decision", args=[item.pk]))
    post = client.post(reverse("taskforce:decision", args=[item.pk]), decision_post())
    dossier = client.get(reverse("taskforce:dossier", args=[item.pk])).text

    assert form.status_code == post.status_code == 403
    reason = (
        f"La séance a lieu le {session_day} : la décision s&#x27;enregistre ce jour-là ou après"
    )
    assert reason in form.text
    assert reason in dossier  # the chair reads why on the dossier
    assert reverse("taskforce:decision", args=[item.pk]) not in dossier
    assert not fresh(item).is_decided
    with pytest.raises(ValidationError, match="La séance a lieu le"):
        services.decision_record(
            item=item, outcome="rejected", conditions="", rationale="Non", actions=[], by=officer
        )


def test_on_the_session_day_the_decision_waits_for_the_attendance(officer, item):
    # The session is today, published; nobody has recorded who attended.
    item.session.date = today()
    item.session.save(update_fields=["date"])

    decision = permissions.can_decide(officer, fresh(item))

    assert not decision
    assert decision.reason == "Relevez d'abord les présences : la décision se prend en séance."


def test_a_session_nobody_attended_cannot_decide(officer, item):
    data.hold(item.session, present=[])

    decision = permissions.can_decide(officer, fresh(item))

    assert not decision
    assert "Aucun membre n'était présent" in decision.reason
    assert "consultation écrite" in decision.reason


def test_a_held_session_decides_on_its_day_or_after(officer, manager, member, item):
    data.hold(item.session, present=[member], day=today() - datetime.timedelta(days=3))

    assert permissions.can_decide(officer, fresh(item))
    assert permissions.can_decide(manager, fresh(item))


@pytest.mark.parametrize("role", ["other_officer", "member", "finance_officer"])
def test_only_the_chair_or_the_manager_records_it_even_once_held(request, held_item, role):
    decision = permissions.can_decide(request.getfixturevalue(role), fresh(held_item))

    assert not decision
    assert decision.reason == (
        "Seule la présidence de séance ou la direction du programme enregistre la décision."
    )


# --- Through a written consultation


def test_the_chair_opens_a_written_consultation_and_the_members_who_may_answer_are_told(
    client,
    officer,
    member,
    colleague,
    conflicted_member,
    other_member,
    item,
    django_capture_on_commit_callbacks,
):
    closes_on = today() + datetime.timedelta(days=7)

    response = open_consultation(
        client, officer, item, closes_on, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    item = fresh(item)
    assert item.is_written_consultation
    assert item.consultation_closes_on == closes_on
    assert item.consultation_opened_by == officer
    # The member who has not answered yet; not the colleague (already submitted), not the
    # conflicted member, not a member of another session.
    [message] = sent_to(member.email)
    text = whole(message)
    assert "Consultation écrite sur « Découpe laser connectée »" in message.subject
    assert format_date(closes_on, "j F Y") in message.subject
    assert "par consultation écrite, sans se réunir" in message.body
    assert reverse("taskforce:review", args=[item.pk]) in text
    for secret in (data.SECRET_DESCRIPTION, data.SECRET_REQUEST, data.OTHERS_COMMENT):
        assert secret not in text
    for person in (colleague, conflicted_member, other_member, officer):
        assert not sent_to(person.email)
    email = OutboundEmail.objects.get(kind=TASKFORCE_CONSULTATION.code)
    assert email.regarding == item.project
    # Opened once.
    again = client.get(reverse("taskforce:consultation_open", args=[item.pk]))
    assert again.status_code == 403
    assert "Une consultation écrite est déjà ouverte sur ce dossier" in again.text


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "La date de clôture ne peut pas être passée."),
        (91, "Une consultation écrite dure au plus 90 jours."),
    ],
)
def test_a_consultation_needs_a_closing_date_from_today_to_three_months(
    client, officer, item, days, message, django_capture_on_commit_callbacks
):
    closes_on = today() + datetime.timedelta(days=days)

    response = open_consultation(
        client, officer, item, closes_on, django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert message in response.text
    assert not fresh(item).is_written_consultation
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["other_officer", "member", "colleague", "finance_officer"])
def test_only_the_chair_or_the_manager_opens_a_consultation(client, request, item, role):
    client.force_login(request.getfixturevalue(role))
    closes_on = (today() + datetime.timedelta(days=7)).isoformat()

    get = client.get(reverse("taskforce:consultation_open", args=[item.pk]))
    post = client.post(
        reverse("taskforce:consultation_open", args=[item.pk]), {"closes_on": closes_on}
    )

    assert get.status_code == post.status_code == 403
    assert not fresh(item).is_written_consultation


def test_a_written_consultation_is_decided_after_its_closing_date_even_before_the_session(
    client, officer, member, item, django_capture_on_commit_callbacks
):
    closes_on = today() + datetime.timedelta(days=5)
    open_consultation(client, officer, item, closes_on, django_capture_on_commit_callbacks)

    waiting = permissions.can_decide(officer, fresh(item))
    close_consultation(item, on=today() - datetime.timedelta(days=1))
    closed = permissions.can_decide(officer, fresh(item))

    assert not waiting
    assert waiting.reason == (
        f"La consultation écrite est ouverte jusqu'au {closes_on:%d/%m/%Y} : la décision "
        "s'enregistre après cette date, ou dès que tous les membres ont répondu."
    )
    assert closed
    assert item.session.date > today()  # the session has not even been held
    # Members may no longer answer.
    reviewing = permissions.can_review(member, fresh(item))
    assert not reviewing and reviewing.reason == "La consultation écrite sur ce dossier est close."
    client.force_login(member)
    assert "Découpe laser connectée" not in client.get(reverse("taskforce:workspace")).text


def test_a_written_consultation_ends_early_once_every_member_answered(
    client, officer, member, item, django_capture_on_commit_callbacks
):
    open_consultation(
        client,
        officer,
        item,
        today() + datetime.timedelta(days=10),
        django_capture_on_commit_callbacks,
    )
    assert not permissions.can_decide(officer, fresh(item))

    # The colleague had answered; the member answers; the conflicted member does not count.
    data.submit_review(item, member)

    assert permissions.can_decide(officer, fresh(item))


def test_opening_a_consultation_leaves_the_session_path_for_that_dossier(
    client, officer, member, held_item, django_capture_on_commit_callbacks
):
    assert permissions.can_decide(officer, fresh(held_item))

    open_consultation(
        client,
        officer,
        held_item,
        today() + datetime.timedelta(days=4),
        django_capture_on_commit_callbacks,
    )

    assert not permissions.can_decide(officer, fresh(held_item))


# --- A decision without any review


@pytest.fixture
def unreviewed(held_item):
    Review.objects.filter(agenda_item=held_item).delete()
    return held_item


def test_a_decision_without_any_submitted_review_needs_a_stated_reason(client, officer, unreviewed):
    client.force_login(officer)
    url = reverse("taskforce:decision", args=[unreviewed.pk])

    form = client.get(url).text
    refused = client.post(url, decision_post(outcome="rejected"))

    assert "Aucun avis n'a été transmis sur ce dossier : la décision doit dire pourquoi" in form
    assert "Pourquoi décider sans aucun avis transmis" in form
    assert refused.status_code == 200
    assert (
        "Aucun avis n&#x27;a été transmis sur ce dossier : indiquez pourquoi la task force "
        "décide sans avis." in refused.text
    )
    assert not fresh(unreviewed).is_decided

    accepted = client.post(
        url,
        decision_post(
            outcome="rejected", no_review_reason="Les membres ont débattu en séance, sans écrit"
        ),
    )

    assert accepted.status_code == 302
    decided = fresh(unreviewed)
    assert decided.is_decided
    assert decided.no_review_reason == "Les membres ont débattu en séance, sans écrit"
    dossier = client.get(reverse("taskforce:dossier", args=[unreviewed.pk])).text
    assert "Décidé sans avis transmis, parce que :" in dossier


def test_the_service_refuses_a_decision_without_review_and_without_reason(officer, unreviewed):
    with pytest.raises(ValidationError, match="indiquez pourquoi"):
        services.decision_record(
            item=unreviewed,
            outcome="rejected",
            conditions="",
            rationale="Non",
            actions=[],
            by=officer,
        )
    assert fresh(unreviewed).project.stage == Stage.ON_AGENDA


def test_a_draft_review_does_not_count_as_a_review(client, officer, member, unreviewed):
    Review.objects.create(agenda_item=unreviewed, member=member, recommendation="approve")
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:decision", args=[unreviewed.pk]), decision_post(outcome="rejected")
    )

    assert response.status_code == 200
    assert "indiquez pourquoi la task force décide sans avis" in response.text


# --- What each email says


@pytest.fixture
def contact(item):
    from .factories import ContactFactory

    submitter = ContactFactory(company=item.project.company, email="maite@entreprise.example")
    item.project.submitted_by = submitter
    item.project.save(update_fields=["submitted_by"])
    return submitter


def decide_through_the_pages(client, officer, item, callbacks, **fields):
    client.force_login(officer)
    with callbacks(execute=True):
        response = client.post(
            reverse("taskforce:decision", args=[item.pk]), decision_post(**fields)
        )
    assert response.status_code == 302


APPROVAL = {
    "outcome": "approved",
    "actions-0-kind": "expertise",
    "actions-0-title": "Audit de la ligne de découpe",
}


@pytest.mark.parametrize("rewritten", [False, True], ids=["default", "rewritten_by_manager"])
def test_a_session_decision_says_the_real_date_of_the_session(
    client, officer, member, colleague, item, contact, rewritten, django_capture_on_commit_callbacks
):
    if rewritten:
        for kind in (DECISION, TASKFORCE_DECISION):
            EmailText.objects.create(kind=kind.code, subject=str(kind.subject), body=str(kind.body))
    held_on = today() - datetime.timedelta(days=2)
    data.hold(item.session, present=[member, colleague], day=held_on)

    decide_through_the_pages(client, officer, item, django_capture_on_commit_callbacks, **APPROVAL)

    [company] = sent_to(contact.email)
    assert f"réunie le {format_date(held_on, 'j F Y')}, la task force" in company.body
    assert "Consultée par écrit" not in whole(company)
    [to_member] = sent_to(member.email)
    assert f"La task force du {format_date(held_on, 'l j F Y')} a rendu sa décision" in (
        to_member.body
    )


@pytest.mark.parametrize("rewritten", [False, True], ids=["default", "rewritten_by_manager"])
@pytest.mark.parametrize(
    ("outcome", "sentence"),
    [
        (
            "approved",
            "Bonne nouvelle : consultée par écrit, la task force du programme a décidé le",
        ),
        ("deferred", "Consultée par écrit, la task force du programme a souhaité le"),
        ("rejected", "de ne pas retenir d'accompagnement par le programme"),
    ],
)
def test_a_written_consultations_decision_never_says_the_task_force_met(
    client,
    officer,
    member,
    item,
    contact,
    outcome,
    sentence,
    rewritten,
    django_capture_on_commit_callbacks,
):
    if rewritten:
        for kind in (DECISION, TASKFORCE_DECISION):
            EmailText.objects.create(kind=kind.code, subject=str(kind.subject), body=str(kind.body))
    open_consultation(
        client,
        officer,
        item,
        today() + datetime.timedelta(days=3),
        django_capture_on_commit_callbacks,
    )
    close_consultation(item, on=today() - datetime.timedelta(days=1))
    mail.outbox.clear()
    fields = dict(APPROVAL) if outcome == "approved" else {"outcome": outcome}
    if outcome == "deferred":
        fields["conditions"] = "Compléter le plan de financement"

    decide_through_the_pages(client, officer, item, django_capture_on_commit_callbacks, **fields)

    decided_on = format_date(today(), "j F Y")
    [company] = sent_to(contact.email)
    assert "réunie" not in whole(company).lower()
    assert sentence in company.body
    assert decided_on in company.body
    [to_member] = sent_to(member.email)
    assert "Consultée par écrit, la task force a rendu le" in to_member.body
    assert format_date(today(), "l j F Y") in to_member.body
    assert format_date(item.session.date, "j F Y") not in whole(to_member)
