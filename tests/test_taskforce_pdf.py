"""The dossier and the session's minutes as PDF: who may download them and what they say."""

import datetime
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from pmi_aqt.jobs.models import Job
from projects.models import ProjectNote, Resource
from taskforce.models import AgendaItem, Session, SessionMember

from . import test_taskforce_data as data
from .background import fetch_in_background, job_storage, start_job  # noqa: F401 - a fixture
from .test_taskforce_data import (
    OTHERS_COMMENT,
    OTHERS_COMPANY_COMMENT,
    SECRET_DESCRIPTION,
    SECRET_REQUEST,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("job_storage")]

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item = data.session, data.other_session, data.item

STAFF_NOTE = "Note interne : le dirigeant hésite à investir"
RESOURCE_NOTE = "Relancer la Région en douce"
RATIONALE = "Projet structurant pour la filière"
CONDITIONS = "Recruter un technicien méthodes"


def pdf_text(response) -> str:
    """The PDF's text with spaces made plain and lines joined."""
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@pytest.fixture
def internal_notes(item, officer):
    ProjectNote.objects.create(project=item.project, author=officer, text=STAFF_NOTE)
    Resource.objects.create(project=item.project, label="Prêt d'honneur", notes=RESOURCE_NOTE)


def dossier_url(item) -> str:
    return reverse("taskforce:dossier_pdf", args=[item.pk])


def minutes_url(session) -> str:
    return reverse("taskforce:minutes_pdf", args=[session.pk])


def decide(item, officer, *, outcome="approved_conditions"):
    AgendaItem.objects.filter(pk=item.pk).update(
        outcome=outcome,
        conditions=CONDITIONS,
        rationale=RATIONALE,
        decided_at=datetime.datetime(2030, 3, 12, 15, 0, tzinfo=datetime.UTC),
        decided_by=officer,
    )


def hold(session, *, present=(), absent=()):
    SessionMember.objects.filter(session=session, user__in=present).update(attended=True)
    SessionMember.objects.filter(session=session, user__in=absent).update(attended=False)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    session.refresh_from_db()


# --- The dossier


@pytest.mark.parametrize("role", ["member", "officer", "manager"])
def test_the_dossier_prints_what_its_page_shows(client, request, item, internal_notes, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(dossier_url(item))

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'inline; filename="dossier-decoupe-laser-connectee.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response)
    assert "PMI en AQT" in text
    assert "Découpe laser connectée" in text
    assert item.project.company.name in text
    assert SECRET_DESCRIPTION in text
    assert "Piloter la découpe laser" in text  # a need
    assert "Transformation" in text or "numérique" in text  # its axis
    assert "Prêt d'honneur" in text  # a resource to mobilise
    assert "Région Nouvelle-Aquitaine" in text and "50 000,00 €" in text  # the financing plan
    assert SECRET_REQUEST in text  # what is asked of the task force


@pytest.mark.parametrize("role", ["member", "officer", "manager"])
def test_the_dossier_pdf_never_holds_staff_notes_nor_reviews(
    client, request, item, internal_notes, role
):
    client.force_login(request.getfixturevalue(role))

    text = pdf_text(client.get(dossier_url(item)))

    for secret in (STAFF_NOTE, RESOURCE_NOTE, OTHERS_COMMENT, OTHERS_COMPANY_COMMENT):
        assert secret not in text
    assert "conflicted@partner.test" not in text


def test_the_dossier_pdf_has_the_decision_once_recorded(client, member, officer, item):
    decide(item, officer)
    client.force_login(member)

    text = pdf_text(client.get(dossier_url(item)))

    assert "Accordé sous conditions" in text
    assert CONDITIONS in text and RATIONALE in text


@pytest.mark.parametrize("role", ["conflicted_member", "other_member", "company_user"])
def test_those_who_may_not_read_the_dossier_get_no_pdf(client, request, item, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(dossier_url(item))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert not response.content.startswith(b"%PDF")
    html = response.content.decode()
    for secret in (SECRET_DESCRIPTION, SECRET_REQUEST, OTHERS_COMMENT):
        assert secret not in html


def test_an_anonymous_visitor_is_sent_to_login_from_the_dossier_pdf(client, item):
    response = client.get(dossier_url(item))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_member_of_a_draft_session_gets_no_pdf(client, member):
    draft = data.make_session(members=[member], status=Session.Status.DRAFT)
    draft_item = data.put_on_agenda(draft, title="Pas encore publié")
    client.force_login(member)

    assert client.get(dossier_url(draft_item)).status_code == 403


def test_the_dossier_pdf_refuses_post(client, officer, item):
    client.force_login(officer)

    assert client.post(dossier_url(item)).status_code == 405


def test_the_dossier_pdf_of_an_unknown_item_is_not_found(client, officer):
    client.force_login(officer)

    assert client.get(reverse("taskforce:dossier_pdf", args=[999999])).status_code == 404


def test_the_dossier_page_links_to_its_pdf(client, member, item):
    client.force_login(member)

    page = client.get(reverse("taskforce:dossier", args=[item.pk])).content.decode()
    agenda = client.get(reverse("taskforce:session_detail", args=[item.session_id])).content
    assert dossier_url(item) in page
    assert dossier_url(item) in agenda.decode()


def test_a_conflicted_member_is_not_offered_the_pdf(client, conflicted_member, item):
    client.force_login(conflicted_member)

    agenda = client.get(reverse("taskforce:session_detail", args=[item.session_id]))

    assert dossier_url(item) not in agenda.content.decode()


# --- The minutes


@pytest.fixture
def held(session, item, officer, member, colleague, conflicted_member):
    """The session on 12 March 2030: the member and the colleague came, the other did not."""
    Session.objects.filter(pk=session.pk).update(date=datetime.date(2030, 3, 12))
    decide(item, officer)
    hold(session, present=[member, colleague], absent=[conflicted_member])
    return session


@pytest.mark.parametrize("role", ["officer", "manager"])
def test_staff_print_the_minutes(client, request, held, item, role):
    client.force_login(request.getfixturevalue(role))

    response = fetch_in_background(client, minutes_url(held))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="proces-verbal-task-force-2030-03-12.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response)
    assert "PMI en AQT" in text
    assert "Procès-verbal de la task force du mardi 12 mars 2030" in text
    assert "14h00" in text
    assert "Bordeaux, Cité numérique" in text
    assert "Présents" in text
    present, absent = text.split("Absents ou excusés")
    assert held.session_members.get(user__email="member@partner.test").user.last_name in present
    assert "Découpe laser connectée" in absent
    assert "Accordé sous conditions" in text
    assert CONDITIONS in text and RATIONALE in text
    # The staff's copy says who withdrew from the dossier.
    assert "conflit d'intérêts" in text
    for secret in (SECRET_DESCRIPTION, SECRET_REQUEST, OTHERS_COMMENT, OTHERS_COMPANY_COMMENT):
        assert secret not in text


def test_the_minutes_list_present_and_absent_members(client, officer, held, conflicted_member):
    client.force_login(officer)

    text = pdf_text(fetch_in_background(client, minutes_url(held)))

    present, rest = text.split("Absents ou excusés")
    absent = rest.split("Dossiers examinés")[0]
    assert conflicted_member.last_name in absent
    assert conflicted_member.last_name not in present.split("Présents")[1]


def test_a_member_of_the_session_reads_the_minutes_once_it_is_held(client, member, held):
    client.force_login(member)

    response = fetch_in_background(client, minutes_url(held))

    assert response.status_code == 200
    text = pdf_text(response)
    assert "Accordé sous conditions" in text and RATIONALE in text
    # Who was conflicted is for the staff only.
    assert "N'ont pas pris part" not in text


def test_a_conflicted_member_reads_the_title_only_in_the_minutes(client, conflicted_member, held):
    client.force_login(conflicted_member)

    text = pdf_text(fetch_in_background(client, minutes_url(held)))

    assert "Découpe laser connectée" in text
    assert "Conflit déclaré" in text
    for secret in ("Accordé", CONDITIONS, RATIONALE, SECRET_DESCRIPTION, OTHERS_COMMENT):
        assert secret not in text


@pytest.mark.parametrize("role", ["member", "conflicted_member"])
def test_members_cannot_print_the_minutes_before_the_session_is_held(
    client, request, session, item, role
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(minutes_url(session))

    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")
    assert start_job(client, minutes_url(session)).status_code == 403
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", ["other_member", "company_user"])
def test_outsiders_never_get_the_minutes(client, request, held, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(minutes_url(held))

    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")
    assert RATIONALE not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_login_from_the_minutes(client, held):
    response = client.get(minutes_url(held))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_minutes_are_offered_by_a_get_and_prepared_in_the_background(client, officer, held):
    client.force_login(officer)

    offer = client.get(minutes_url(held))
    assert offer.status_code == 200 and not Job.objects.exists()
    started = start_job(client, minutes_url(held))

    job = Job.objects.get()
    assert started.url == job.get_absolute_url()
    assert (job.kind, job.parameters, job.status) == (
        "taskforce.minutes_pdf",
        {"session": held.pk},
        Job.Status.DONE,
    )
    assert (job.done, job.total) == (2, 2)


def test_the_minutes_say_when_attendance_was_not_taken(client, officer, session, item):
    client.force_login(officer)

    text = pdf_text(fetch_in_background(client, minutes_url(session)))

    assert "Les présences n'ont pas encore été relevées." in text
    assert "Aucune décision enregistrée." in text


def test_the_session_pages_link_to_the_minutes_for_those_who_may_read_them(
    client, officer, member, held
):
    client.force_login(officer)
    staff_page = client.get(reverse("taskforce:session_detail", args=[held.pk])).content.decode()
    client.force_login(member)
    member_page = client.get(reverse("taskforce:session_detail", args=[held.pk])).content.decode()

    assert minutes_url(held) in staff_page
    assert minutes_url(held) in member_page


def test_a_member_is_not_offered_the_minutes_before_the_session(client, member, session, item):
    client.force_login(member)

    page = client.get(reverse("taskforce:session_detail", args=[session.pk])).content.decode()

    assert minutes_url(session) not in page


# --- Taking attendance


def attendance_url(session) -> str:
    return reverse("taskforce:session_attendance", args=[session.pk])


def test_an_officer_ticks_who_is_present_and_the_session_is_held(
    client, officer, session, item, member, colleague, conflicted_member
):
    seats = {seat.user_id: seat.pk for seat in session.session_members.all()}

    with freeze_time(session.date):
        client.force_login(officer)  # that day: a session left idle since would have ended
        form = client.get(attendance_url(session))
        response = client.post(
            attendance_url(session), {"present": [seats[member.pk], seats[colleague.pk]]}
        )

    assert form.status_code == 200
    assert "Membres présents" in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    attended = dict(session.session_members.values_list("user_id", "attended"))
    assert attended == {member.pk: True, colleague.pk: True, conflicted_member.pk: False}
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_attendance_can_be_corrected(client, officer, session, item, member):
    seat = session.session_members.get(user=member)

    with freeze_time(session.date):
        client.force_login(officer)  # that day: a session left idle since would have ended
        client.post(attendance_url(session), {"present": [seat.pk]})
        page = client.get(attendance_url(session)).content.decode()
        client.post(attendance_url(session), {})

    box = next(tag for tag in page.split("<input") if f'value="{seat.pk}"' in tag)
    assert "checked" in box
    seat.refresh_from_db()
    assert seat.attended is False


def test_attendance_is_not_taken_before_the_day_of_the_session(client, officer, session, item):
    client.force_login(officer)

    response = client.get(attendance_url(session))

    assert response.status_code == 403
    session.refresh_from_db()
    assert session.status == Session.Status.PUBLISHED


def test_attendance_of_a_draft_session_is_refused(client, officer, member):
    draft = data.make_session(members=[member], status=Session.Status.DRAFT, days_ahead=0)
    client.force_login(officer)

    assert client.get(attendance_url(draft)).status_code == 403


@pytest.mark.parametrize("role", ["member", "conflicted_member", "other_member", "company_user"])
def test_only_staff_take_attendance(client, request, session, item, role):
    client.force_login(request.getfixturevalue(role))
    seat = session.session_members.first()

    with freeze_time(session.date):
        response = client.post(attendance_url(session), {"present": [seat.pk]})

    assert response.status_code == 403
    assert not session.session_members.filter(attended__isnull=False).exists()


def test_a_seat_of_another_session_cannot_be_ticked(client, officer, session, other_session, item):
    foreign_seat = other_session.session_members.get()

    with freeze_time(session.date):
        client.force_login(officer)  # that day: a session left idle since would have ended
        response = client.post(attendance_url(session), {"present": [foreign_seat.pk]})

    assert response.status_code == 200
    foreign_seat.refresh_from_db()
    assert foreign_seat.attended is None
