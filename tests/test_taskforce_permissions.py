"""The permission matrix: every task-force page against every role, refusals checked as closely
as access (status code and that nothing of the dossier, nor any review, is in the HTML)."""

import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from taskforce import permissions
from taskforce.models import Session

from . import test_taskforce_data as data
from .test_taskforce_data import (
    OTHERS_COMMENT,
    OTHERS_COMPANY_COMMENT,
    SECRET_DESCRIPTION,
    SECRET_REQUEST,
)

# The shared task-force fixtures.
colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item = data.session, data.other_session, data.item

pytestmark = pytest.mark.django_db

SECRETS = (SECRET_DESCRIPTION, SECRET_REQUEST, OTHERS_COMMENT, OTHERS_COMPANY_COMMENT)
ROLES = [
    "anonymous",
    "company_user",
    "member",
    "other_member",
    "conflicted_member",
    "officer",
    "manager",
]

# page name → (url builder, method, {role: expected status}); 302 for anonymous means login.
OK, DENIED, LOGIN = 200, 403, 302
STAFF_ONLY = {
    "anonymous": LOGIN,
    "company_user": DENIED,
    "member": DENIED,
    "other_member": DENIED,
    "conflicted_member": DENIED,
    "officer": OK,
    "manager": OK,
}
PAGES = {
    "workspace": (
        lambda s, i: reverse("taskforce:workspace"),
        {
            **STAFF_ONLY,
            "member": OK,
            "other_member": OK,
            "conflicted_member": OK,
            "officer": DENIED,
        },
    ),
    "session_list": (lambda s, i: reverse("taskforce:session_list"), STAFF_ONLY),
    "session_create": (lambda s, i: reverse("taskforce:session_create"), STAFF_ONLY),
    "session_edit": (lambda s, i: reverse("taskforce:session_edit", args=[s.pk]), STAFF_ONLY),
    "session_aggregate": (
        lambda s, i: reverse("taskforce:session_aggregate", args=[s.pk]),
        STAFF_ONLY,
    ),
    "agenda_item_add": (
        lambda s, i: reverse("taskforce:agenda_item_add", args=[s.pk]),
        STAFF_ONLY,
    ),
    "agenda_item_edit": (
        lambda s, i: reverse("taskforce:agenda_item_edit", args=[i.pk]),
        STAFF_ONLY,
    ),
    "session_detail": (
        lambda s, i: reverse("taskforce:session_detail", args=[s.pk]),
        {**STAFF_ONLY, "member": OK, "conflicted_member": OK},
    ),
    "dossier": (
        lambda s, i: reverse("taskforce:dossier", args=[i.pk]),
        {**STAFF_ONLY, "member": OK},
    ),
    "conflict_declare": (
        lambda s, i: reverse("taskforce:conflict_declare", args=[i.pk]),
        {**STAFF_ONLY, "member": OK},
    ),
    "review": (
        lambda s, i: reverse("taskforce:review", args=[i.pk]),
        {**STAFF_ONLY, "member": OK, "officer": DENIED, "manager": DENIED},
    ),
    "dossier_pdf": (
        lambda s, i: reverse("taskforce:dossier_pdf", args=[i.pk]),
        {**STAFF_ONLY, "member": OK},
    ),
    # The session is published, not yet held: members do not read its minutes yet.
    "minutes_pdf": (lambda s, i: reverse("taskforce:minutes_pdf", args=[s.pk]), STAFF_ONLY),
    # Ten days before the session: nobody takes attendance yet (see the test on the day).
    "session_attendance": (
        lambda s, i: reverse("taskforce:session_attendance", args=[s.pk]),
        {**STAFF_ONLY, "officer": DENIED, "manager": DENIED},
    ),
}
# Pages that show the dossier's content (description, request) to those allowed.
CONTENT_PAGES = {"dossier", "dossier_pdf"}
# Who may see the dossier's content (description, request) on a page that shows it.
CONTENT_READERS = {"member", "officer", "manager"}
# Who may read the colleague's submitted review: staff only (the member has not submitted yet).
REVIEW_READERS = {"officer", "manager"}


def readable(response) -> str:
    """The text a person reads in the response: the HTML, or the PDF's extracted text."""
    if response.get("Content-Type") == "application/pdf":
        reader = PdfReader(io.BytesIO(response.content))
        text = "\n".join(page.extract_text() for page in reader.pages)
        return " ".join(text.replace("\xa0", " ").split())
    return response.content.decode()


@pytest.fixture
def login(client, request):
    def as_role(role: str):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return as_role


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_page_access_matrix(login, session, item, page, role):
    build_url, expected = PAGES[page]
    client = login(role)

    response = client.get(build_url(session, item))

    assert response.status_code == expected[role], (page, role)
    if expected[role] == LOGIN:
        assert reverse("accounts:login") in response["Location"]
    if expected[role] != OK:
        assert not response.content.startswith(b"%PDF"), (page, role)
    html = readable(response)
    for secret in (SECRET_DESCRIPTION, SECRET_REQUEST):
        if not (role in CONTENT_READERS and page in CONTENT_PAGES):
            assert secret not in html, (page, role, secret)
    for secret in (OTHERS_COMMENT, OTHERS_COMPANY_COMMENT):
        if not (role in REVIEW_READERS and page == "dossier"):
            assert secret not in html, (page, role, secret)


@pytest.mark.parametrize("page", ["dossier", "dossier_pdf"])
@pytest.mark.parametrize("role", ROLES)
def test_dossier_content_and_reviews_reach_only_those_allowed(login, item, role, page):
    html = readable(login(role).get(reverse(f"taskforce:{page}", args=[item.pk])))
    if page == "dossier_pdf":
        # The printed dossier holds no review at all: reviews stay on the page.
        assert OTHERS_COMMENT not in html and OTHERS_COMPANY_COMMENT not in html
        assert (SECRET_DESCRIPTION in html) is (role in CONTENT_READERS)
        return

    assert (SECRET_DESCRIPTION in html) is (role in CONTENT_READERS)
    assert (SECRET_REQUEST in html) is (role in CONTENT_READERS)
    assert (OTHERS_COMMENT in html) is (role in REVIEW_READERS)
    assert (OTHERS_COMPANY_COMMENT in html) is (role in REVIEW_READERS)


def test_a_conflicted_member_sees_the_title_and_the_conflict_only(login, item):
    client = login("conflicted_member")

    dossier = client.get(reverse("taskforce:dossier", args=[item.pk]))
    agenda = client.get(reverse("taskforce:session_detail", args=[item.session.pk]))

    assert dossier.status_code == 403
    for response in (dossier, agenda):
        html = response.content.decode()
        assert "Découpe laser connectée" in html
        assert "Vous avez déclaré un conflit d'intérêts" in html
        assert reverse("taskforce:review", args=[item.pk]) not in html
        assert reverse("taskforce:dossier", args=[item.pk]) not in html
        for secret in SECRETS:
            assert secret not in html
        assert "4/5" not in html


def test_staff_see_who_is_conflicted(login, item):
    html = login("officer").get(reverse("taskforce:dossier", args=[item.pk])).content.decode()

    assert "conflicted@partner.test" in html or str(item.conflicts.get().member) in html


@pytest.mark.parametrize("role", ["member", "other_member", "conflicted_member", "company_user"])
def test_only_staff_publish_an_agenda(login, session, item, role):
    response = login(role).post(reverse("taskforce:session_publish", args=[session.pk]))

    assert response.status_code == 403


@pytest.mark.parametrize("role", ["member", "conflicted_member", "other_member"])
def test_members_cannot_remove_a_dossier_from_the_agenda(login, item, role):
    response = login(role).post(reverse("taskforce:agenda_item_remove", args=[item.pk]))

    assert response.status_code == 403
    assert type(item).objects.filter(pk=item.pk).exists()


def test_the_rights_functions_say_why_they_refuse(item, member, other_member, conflicted_member):
    refused = permissions.can_view_dossier(other_member, item)
    conflicted = permissions.can_view_dossier(conflicted_member, item)

    assert not refused and "ne siégez pas" in refused.reason
    assert not conflicted and conflicted.title_only
    assert "conflit" in conflicted.reason
    assert permissions.can_view_dossier(member, item)


def test_a_member_cannot_see_a_draft_session_they_are_called_to(client, member, officer):
    from .test_taskforce_data import make_session

    draft = make_session(members=[member], status="draft")
    client.force_login(member)

    assert client.get(reverse("taskforce:session_detail", args=[draft.pk])).status_code == 403
    assert "Séance du" not in client.get(reverse("taskforce:workspace")).content.decode()


# Once the session is held, its members read the minutes; nobody else outside the staff.
HELD_MINUTES = {
    **STAFF_ONLY,
    "member": OK,
    "conflicted_member": OK,
}


@pytest.mark.parametrize("role", ROLES)
def test_minutes_of_a_held_session_matrix(login, session, item, role):
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    client = login(role)

    response = client.get(reverse("taskforce:minutes_pdf", args=[session.pk]))

    assert response.status_code == HELD_MINUTES[role], role
    text = readable(response)
    for secret in (SECRET_DESCRIPTION, SECRET_REQUEST, OTHERS_COMMENT, OTHERS_COMPANY_COMMENT):
        assert secret not in text, (role, secret)


@pytest.mark.parametrize("role", ROLES)
def test_attendance_on_the_day_of_the_session_matrix(login, session, item, role):
    with freeze_time(session.date):
        client = login(role)  # that day: a session left idle since would have ended
        response = client.get(reverse("taskforce:session_attendance", args=[session.pk]))

    assert response.status_code == STAFF_ONLY[role], role
