"""Calls for applications in the officer's digest: a call that opened since the last digest,
or closes within two weeks, is listed when its scheme fits one of the officer's open projects
(the suggestions' axes and eligibility rules), once a day."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from pmi_aqt.accounts.models import Role
from pmi_aqt.mailing.models import OutboundEmail
from projects import reminders
from projects.models import Resource, SchemeCall, Stage
from projects.services.directory import suggestion_dismiss

from .factories import CompanyFactory, ProjectFactory, UserFactory
from .test_matching import scheme
from .test_reminders_digest import TODAY, TUESDAY, days_ago

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def open_project(officer, title="Four à induction", axes=("process",), **company):
    return ProjectFactory(
        officer=officer,
        title=title,
        company=CompanyFactory(**company),
        stage=Stage.QUALIFIED,
        stage_changed_at=days_ago(1),
        axis_codes=list(axes),
    )


def with_call(name, opens_on, closes_on, recurs=False, **fields):
    created = scheme(name, **fields)
    SchemeCall.objects.create(
        scheme=created, opens_on=opens_on, closes_on=closes_on, recurs_yearly=recurs
    )
    return created


def calls_of(officer) -> list:
    digest = next(d for d in reminders.officer_digests_collect(today=TODAY) if d.officer == officer)
    return digest.fitting_calls


@freeze_time(TUESDAY)
def test_calls_just_opened_or_closing_soon_that_fit_an_open_project_are_listed(officer):
    open_project(officer, title="Four à induction")
    with_call("Ouvert aujourd'hui", TODAY, TODAY + 60 * DAY)
    with_call("Clôture proche", TODAY - 30 * DAY, TODAY + 5 * DAY)
    with_call("Ouvert hier", TODAY - DAY, TODAY + 60 * DAY)  # in yesterday's digest
    with_call("Clôture lointaine", TODAY - 30 * DAY, TODAY + 40 * DAY)
    with_call("Clos", TODAY - 60 * DAY, TODAY - DAY)
    with_call("Annuel", datetime.date(2020, 3, 10), datetime.date(2020, 4, 30), recurs=True)

    lines = calls_of(officer)

    assert [line.title for line in lines] == [
        "Annuel — ADI Nouvelle-Aquitaine",
        "Ouvert aujourd'hui — ADI Nouvelle-Aquitaine",
        "Clôture proche — ADI Nouvelle-Aquitaine",
    ]
    assert [line.opened for line in lines] == [True, True, False]
    assert lines[2].days == 5 and lines[2].detail == "Four à induction"
    assert "/projets/annuaire/dispositifs/" in lines[2].url


@freeze_time(TUESDAY)
def test_a_call_is_not_listed_for_projects_it_does_not_fit(officer, manager):
    open_project(officer, title="Projet girondin", department="33", headcount_band="10-49")
    closed = open_project(officer, title="Projet abandonné")
    closed.stage = Stage.ABANDONED
    closed.save()
    with_call("Landes seulement", TODAY, TODAY + 60 * DAY, departments=["40"])
    with_call("Grandes entreprises", TODAY, TODAY + 60 * DAY, headcount_bands=["500+"])
    with_call("Autre axe", TODAY, TODAY + 60 * DAY, axes=("digital",))
    with_call("Filière bois", TODAY, TODAY + 60 * DAY, trades="bois, menuiserie")
    retained = with_call("Déjà retenu", TODAY, TODAY + 60 * DAY)
    dismissed = with_call("Écarté", TODAY, TODAY + 60 * DAY)
    project = open_project(officer, title="Projet suivi")
    Resource.objects.create(project=project, scheme=retained)
    suggestion_dismiss(project=project, scheme=dismissed, reason="Hors sujet", by=manager)

    titles = {line.title.split(" — ")[0]: line.detail for line in calls_of(officer)}

    assert titles == {"Déjà retenu": "Projet girondin", "Écarté": "Projet girondin"}


@freeze_time(TUESDAY)
def test_each_officer_reads_the_calls_for_their_own_projects(officer, other_officer):
    open_project(officer, title="Le mien")
    open_project(other_officer, title="Le sien", axes=("digital",))
    with_call("Pour le procédé", TODAY, TODAY + 60 * DAY)

    assert [line.detail for line in calls_of(officer)] == ["Le mien"]
    assert calls_of(other_officer) == []


@freeze_time(TUESDAY)
def test_a_fitting_call_alone_sends_the_digest_once_a_day(
    officer, django_capture_on_commit_callbacks
):
    open_project(officer, title="Four à induction")
    with_call("Diagnostic énergie", TODAY - 30 * DAY, TODAY + 3 * DAY)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.officer_digests_send(today=TODAY) == 1
        assert reminders.officer_digests_send(today=TODAY) == 0

    email = OutboundEmail.objects.get(kind="officer_digest")
    assert "APPEL À CANDIDATURES POUR VOS DOSSIERS (1)" in email.body_text
    assert "Diagnostic énergie — ADI Nouvelle-Aquitaine" in email.body_text
    assert "clôture le 13/03/2026, dans 3 jours — pour Four à induction" in email.body_text


@freeze_time(TUESDAY)
def test_the_calls_take_a_fixed_number_of_queries(officer):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            reminders.officer_digests_collect(today=TODAY)
        return len(captured)

    open_project(officer)
    with_call("Appel 0", TODAY, TODAY + 60 * DAY)
    few = count()
    for index in range(1, 8):
        open_project(officer, title=f"Projet {index}")
        open_project(UserFactory(roles=[Role.OFFICER]), title=f"Autre projet {index}")
        with_call(f"Appel {index}", TODAY - 20 * DAY, TODAY + index * DAY)
    assert count() == few
    assert len(calls_of(officer)) == 8
