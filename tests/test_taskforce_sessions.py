"""Building a session and its agenda, publishing it, and the members' workspace counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Stage, StageChange
from taskforce.models import AgendaItem, Session
from taskforce.permissions import visible_sessions

from . import test_taskforce_data as data
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item = data.session, data.other_session, data.item


def test_an_officer_creates_a_session_with_its_members(client, officer, member, colleague):
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:session_create"),
        {
            "date": "2030-03-12",
            "starts_at": "14:00",
            "place": "Bordeaux",
            "video_link": "",
            "chair": officer.pk,
            "members": [member.pk, colleague.pk],
        },
    )

    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert session.status == Session.Status.DRAFT
    assert set(session.members.all()) == {member, colleague}


def test_a_session_needs_a_place_or_a_video_link(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:session_create"), {"date": "2030-03-12", "starts_at": "14:00"}
    )

    assert response.status_code == 200
    assert "Indiquez un lieu ou un lien de visioconférence." in response.text
    assert not Session.objects.exists()


def test_the_agenda_offers_only_ready_dossiers(client, officer, member):
    draft = data.make_session(members=[member], status=Session.Status.DRAFT)
    ready = data.complete_dossier(ProjectFactory(title="Prêt à passer"))
    ProjectFactory(title="Encore en diagnostic", stage=Stage.DIAGNOSIS)
    client.force_login(officer)

    # The form suggests the dossiers as one types (thousands may be ready at once).
    search = reverse("taskforce:agenda_candidates", args=[draft.pk])
    offered = client.get(search, {"q": "Prêt"}).json()["results"]
    not_offered = client.get(search, {"q": "Encore"}).json()["results"]
    response = client.post(
        reverse("taskforce:agenda_item_add", args=[draft.pk]),
        {"project": ready.pk, "presenter": officer.pk, "starts_at": "14:30"},
    )

    assert offered == [f"{ready.pk} — Prêt à passer ({ready.company.name})"]
    assert not_offered == []
    assert response.status_code == 302
    added = AgendaItem.objects.get(session=draft)
    assert (added.project, added.presenter, added.position) == (ready, officer, 1)
    assert added.starts_at == datetime.time(14, 30)


def test_publishing_puts_every_dossier_on_the_agenda_and_records_the_move(client, officer, member):
    draft = data.make_session(members=[member], status=Session.Status.DRAFT)
    first = data.put_on_agenda(draft, stage=Stage.DOSSIER_READY, position=1)
    second = data.put_on_agenda(draft, stage=Stage.DOSSIER_READY, position=2)
    client.force_login(officer)

    response = client.post(reverse("taskforce:session_publish", args=[draft.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Session.Status.PUBLISHED
    assert draft.published_at is not None
    for agenda_item in (first, second):
        agenda_item.project.refresh_from_db()
        assert agenda_item.project.stage == Stage.ON_AGENDA
        change = StageChange.objects.get(project=agenda_item.project)
        assert (change.from_stage, change.to_stage, change.changed_by) == (
            Stage.DOSSIER_READY,
            Stage.ON_AGENDA,
            officer,
        )


def test_publishing_refuses_an_incomplete_dossier_and_moves_nothing(client, officer, member):
    draft = data.make_session(members=[member], status=Session.Status.DRAFT)
    complete = data.put_on_agenda(draft, stage=Stage.DOSSIER_READY, position=1)
    incomplete = data.put_on_agenda(draft, stage=Stage.DOSSIER_READY, position=2)
    incomplete.project.financing_lines.all().delete()
    client.force_login(officer)

    response = client.post(reverse("taskforce:session_publish", args=[draft.pk]), follow=True)

    assert "plan de financement" in response.text
    draft.refresh_from_db()
    complete.project.refresh_from_db()
    assert draft.status == Session.Status.DRAFT
    assert complete.project.stage == Stage.DOSSIER_READY
    assert not StageChange.objects.exists()


def test_publish_is_post_only(client, officer, session):
    client.force_login(officer)

    assert client.get(reverse("taskforce:session_publish", args=[session.pk])).status_code == 405


def test_the_to_do_count_leaves_out_conflicted_and_submitted_dossiers(
    client, member, conflicted_member, officer, session, item
):
    second = data.put_on_agenda(session, title="Second dossier", position=2)
    third = data.put_on_agenda(session, title="Troisième dossier", position=3)
    data.conflict(third, member)
    client.force_login(conflicted_member)
    conflicted_html = client.get(reverse("taskforce:workspace")).text
    data.submit_review(second, member)
    client.force_login(member)

    html = client.get(reverse("taskforce:workspace")).text

    assert "1 à faire" in html  # the first dossier only: second reviewed, third conflicted
    assert "Découpe laser connectée" in html
    # The conflicted member: two dossiers to review, not the one they are conflicted on.
    assert "2 à faire" in conflicted_html
    assert reverse("taskforce:review", args=[item.pk]) not in conflicted_html


def test_a_member_of_another_session_sees_none_of_this_one(client, other_member, item):
    client.force_login(other_member)

    html = client.get(reverse("taskforce:workspace")).text

    assert visible_sessions(other_member).count() == 1
    assert "0 à faire" in html
    assert "Découpe laser connectée" not in html
    assert reverse("taskforce:session_detail", args=[item.session.pk]) not in html


def test_a_member_called_to_no_session_sees_zero_sessions(client, member, item):
    lonely = data.make_member("lonely@partner.test")
    client.force_login(lonely)

    html = client.get(reverse("taskforce:workspace")).text

    assert visible_sessions(lonely).count() == 0
    assert "0 à faire" in html
    assert "Séance du" not in html


@pytest.mark.parametrize("role", ["officer", "manager"])
def test_staff_reach_the_sessions_from_the_navigation(client, request, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse("taskforce:session_list")

    elsewhere = client.get(reverse("projects:list")).content.decode()
    here = client.get(url).content.decode()

    assert f'href="{url}">Séances task force</a>' in elsewhere
    assert f'href="{url}" aria-current="page">Séances task force</a>' in here


@pytest.mark.parametrize("role", ["finance_officer", "member", "company_user"])
def test_others_are_not_offered_the_sessions_in_the_navigation(client, request, role):
    client.force_login(request.getfixturevalue(role))

    html = client.get(reverse("home"), follow=True).content.decode()

    assert "<nav" in html

    assert reverse("taskforce:session_list") not in html


@pytest.mark.parametrize("name", ["dossier", "dossier_pdf", "agenda_item_edit", "conflict_declare"])
def test_agenda_links_built_once_per_page_are_the_reversed_urls(name):
    from taskforce.views import _url_for_each

    url_for = _url_for_each(f"taskforce:{name}")

    for pk in (1, 75, 987654321, 12345678901):
        assert url_for(pk) == reverse(f"taskforce:{name}", args=[pk])


def test_the_session_list_is_paginated_with_its_counts_at_a_fixed_number_of_queries(
    client, manager, officer, monkeypatch
):
    from taskforce import views

    monkeypatch.setattr(views, "SESSIONS_PER_PAGE", 3)
    client.force_login(manager)
    for days in range(10, 13):
        data.make_session(days_ahead=days)
    client.get(reverse("taskforce:session_list"))  # what is loaded once per process
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("taskforce:session_list"))
    few = len(few)
    newest = data.make_session(days_ahead=40, members=[data.make_member("m1@partner.test")])
    data.put_on_agenda(newest, officer=officer, position=1)
    data.put_on_agenda(newest, officer=officer, position=2)
    for days in range(13, 18):
        data.make_session(days_ahead=days)

    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("taskforce:session_list"))
    # Read before the next request: each request empties the connection's log of queries.
    assert len(many) == few > 0
    second = client.get(reverse("taskforce:session_list"), {"page": 2})

    page = response.context["page_obj"]
    assert page[0].pk == newest.pk
    assert (page[0].item_count, page[0].member_count) == (2, 1)
    assert page.paginator.num_pages == 3
    assert "Page 1 sur 3" in response.text
    assert "page 2 sur 3" in second.text


def test_a_deep_page_of_sessions_lists_them_in_order_and_counts_only_its_own(
    client, manager, officer, monkeypatch
):
    from taskforce import views

    monkeypatch.setattr(views, "SESSIONS_PER_PAGE", 2)
    client.force_login(manager)
    sessions = [data.make_session(days_ahead=days) for days in range(10, 17)]
    oldest = sessions[0]
    data.put_on_agenda(oldest, officer=officer, position=1)
    oldest.session_members.create(user=data.make_member("m2@partner.test"))

    with CaptureQueriesContext(connection) as queries:
        last = client.get(reverse("taskforce:session_list"), {"page": 4})
    # The counts are subqueries of the page's own rows only (pk IN the page's ids).
    listing = next(query["sql"] for query in queries if "taskforce_agendaitem" in query["sql"])
    third = client.get(reverse("taskforce:session_list"), {"page": 3})

    newest_first = [session.pk for session in reversed(sessions)]
    assert [session.pk for session in last.context["page_obj"]] == newest_first[6:]
    assert [session.pk for session in third.context["page_obj"]] == newest_first[4:6]
    shown = last.context["page_obj"][0]
    assert (shown.item_count, shown.member_count) == (1, 1)
    assert "taskforce_agendaitem" not in listing[listing.index("IN (SELECT") :]
