"""The members' workspace lists what is left to review from SQL: the same dossiers as the
permission functions would keep, at a fixed number of queries, whatever the member's history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from taskforce import permissions
from taskforce.models import AgendaItem, Review, Session
from taskforce.views import PAST_SESSIONS_SHOWN

from . import test_taskforce_data as data

colleague = data.colleague

pytestmark = pytest.mark.django_db

URL = reverse("taskforce:workspace")


def what_the_permissions_keep(user) -> list[int]:
    """The workspace's list as the permission functions say it, item by item."""
    user = type(user).objects.get(pk=user.pk)  # fresh facts
    items = AgendaItem.objects.select_related("session").order_by("session__date", "position", "id")
    return [
        item.pk
        for item in items
        if permissions.can_review(user, item) and not permissions.has_submitted_review(user, item)
    ]


def test_the_sql_list_is_the_permissions_list(client, member, colleague, officer):
    published = data.make_session(members=[member, colleague], days_ahead=5)
    held = data.make_session(members=[member], status=Session.Status.HELD, days_ahead=-3)
    closed = data.make_session(members=[member], status=Session.Status.CLOSED, days_ahead=-30)
    draft = data.make_session(members=[member], status=Session.Status.DRAFT, days_ahead=20)
    not_mine = data.make_session(members=[colleague], days_ahead=8)

    to_do = data.put_on_agenda(published, title="À examiner", officer=officer, position=1)
    submitted = data.put_on_agenda(published, title="Déjà transmis", officer=officer, position=2)
    data.submit_review(submitted, member)
    drafted = data.put_on_agenda(published, title="Brouillon en cours", officer=officer, position=3)
    Review.objects.create(agenda_item=drafted, member=member, status=Review.Status.DRAFT)
    conflicted = data.put_on_agenda(published, title="En conflit", officer=officer, position=4)
    data.conflict(conflicted, member)
    held_open = data.put_on_agenda(held, title="Séance tenue, non décidé", officer=officer)
    held_decided = data.put_on_agenda(held, title="Décidé", officer=officer, position=2)
    AgendaItem.objects.filter(pk=held_decided.pk).update(
        outcome="approved", decided_at=timezone.now()
    )
    data.put_on_agenda(closed, title="Séance close", officer=officer)
    data.put_on_agenda(draft, title="Ordre du jour en préparation", officer=officer)
    data.put_on_agenda(not_mine, title="Pas ma séance", officer=officer)
    client.force_login(member)

    response = client.get(URL)

    shown = [item.pk for item in response.context["to_review"]]
    assert shown == what_the_permissions_keep(member)
    assert set(shown) == {to_do.pk, drafted.pk, held_open.pk}
    html = response.text
    for title in ("Déjà transmis", "En conflit", "Décidé", "Pas ma séance"):
        assert title not in html


def test_the_workspace_costs_the_same_for_a_long_history(client, member, colleague, officer):
    def sessions_and_dossiers(count: int, days_from: int) -> None:
        for n in range(count):
            session = data.make_session(
                members=[member, colleague],
                status=Session.Status.HELD if days_from + n < 0 else Session.Status.PUBLISHED,
                days_ahead=days_from + n,
            )
            for position in range(1, 4):
                item = data.put_on_agenda(session, officer=officer, position=position)
                if position == 2:
                    data.submit_review(item, member)
                if position == 3:
                    data.conflict(item, member)

    client.force_login(member)
    sessions_and_dossiers(1, days_from=-40)
    sessions_and_dossiers(1, days_from=5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    sessions_and_dossiers(PAST_SESSIONS_SHOWN + 3, days_from=-100)
    sessions_and_dossiers(4, days_from=10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    assert len(many) == len(few)
    # Only the latest past sessions are listed; the coming ones all are.
    assert len(response.context["past"]) == PAST_SESSIONS_SHOWN
    assert len(response.context["coming"]) == 5
    assert [item.pk for item in response.context["to_review"]] == what_the_permissions_keep(member)
