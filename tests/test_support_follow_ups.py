"""Follow-ups at 3, 6 and 12 months: scheduled on entering support, answers recorded by staff."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from projects import workflow
from projects.models import DecisionOutcome, FollowUp, Stage, SupportAction

from .factories import ProjectFactory, record_decision

pytestmark = pytest.mark.django_db

EDITOR_FIXTURES = ["officer", "manager"]
REFUSED_FIXTURES = ["finance_officer", "member", "company_user", "no_role_user"]


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer, stage=Stage.IN_SUPPORT)


@pytest.fixture
def follow_up(project):
    return FollowUp.objects.create(project=project, months=3, due_on=datetime.date(2026, 4, 15))


def answer_url(follow_up) -> str:
    return reverse("projects:follow_up_answer", args=[follow_up.project_id, follow_up.pk])


def answers(**overrides) -> dict:
    data = {
        "jobs_created": "2",
        "jobs_kept": "15",
        "turnover_effect": "medium",
        "product_launched": "true",
        "satisfaction": "4",
        "comment": "Robot en service depuis février.",
    }
    data.update(overrides)
    return data


def errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def test_entering_support_schedules_the_three_follow_ups(officer):
    project = ProjectFactory(officer=officer, stage=Stage.DECIDED)
    record_decision(project, DecisionOutcome.APPROVED)
    SupportAction.objects.create(project=project, kind="expertise", title="Audit")
    with freeze_time("2026-01-31 10:00:00+01:00"):
        workflow.project_move(project=project, target=Stage.IN_SUPPORT, by=officer)

    assert list(project.follow_ups.values_list("months", "due_on")) == [
        (3, datetime.date(2026, 4, 30)),
        (6, datetime.date(2026, 7, 31)),
        (12, datetime.date(2027, 1, 31)),
    ]


# --- Who may record answers


@pytest.mark.parametrize("fixture_name", EDITOR_FIXTURES)
def test_officers_and_the_manager_record_answers(client, as_user, fixture_name, follow_up):
    as_user(fixture_name)
    assert client.get(answer_url(follow_up)).status_code == 200

    with freeze_time("2026-04-20 11:00:00+02:00"):
        response = client.post(answer_url(follow_up), answers())

    assert response.status_code == 302
    assert response.url == follow_up.project.get_absolute_url() + "#accompagnement"
    follow_up.refresh_from_db()
    assert follow_up.answered_at == datetime.datetime(2026, 4, 20, 9, 0, tzinfo=datetime.UTC)
    assert follow_up.jobs_created == 2
    assert follow_up.jobs_kept == 15
    assert follow_up.turnover_effect == FollowUp.TurnoverEffect.MEDIUM
    assert follow_up.product_launched is True
    assert follow_up.satisfaction == 4
    assert follow_up.comment == "Robot en service depuis février."


@pytest.mark.parametrize("fixture_name", REFUSED_FIXTURES)
def test_other_roles_cannot_record_answers(client, as_user, fixture_name, follow_up):
    as_user(fixture_name)
    assert client.get(answer_url(follow_up)).status_code == 403
    assert client.post(answer_url(follow_up), answers()).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_anonymous_visitor_is_sent_to_login(client, follow_up):
    response = client.post(answer_url(follow_up), answers())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_wrong_method_and_wrong_project(client, officer, follow_up):
    client.force_login(officer)
    assert client.put(answer_url(follow_up)).status_code == 405
    url = reverse("projects:follow_up_answer", args=[ProjectFactory().pk, follow_up.pk])
    assert client.post(url, answers()).status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


# --- What is recorded


def test_partial_answers_are_fine(client, officer, follow_up):
    client.force_login(officer)
    response = client.post(
        answer_url(follow_up),
        answers(jobs_created="", jobs_kept="", turnover_effect="", product_launched="unknown",
                satisfaction="", comment="Rappeler en mai, le dirigeant était absent."),
    )  # fmt: skip
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None
    assert follow_up.jobs_created is None and follow_up.product_launched is None
    assert follow_up.satisfaction is None


def test_correcting_answers_keeps_the_first_answer_date(client, officer, follow_up):
    first = timezone.now() - datetime.timedelta(days=3)
    follow_up.answered_at = first
    follow_up.jobs_created = 1
    follow_up.save()
    client.force_login(officer)
    page = client.get(answer_url(follow_up)).text
    assert 'value="1"' in page

    client.post(answer_url(follow_up), answers(jobs_created="3", product_launched="false"))

    follow_up.refresh_from_db()
    assert follow_up.jobs_created == 3
    assert follow_up.product_launched is False
    assert follow_up.answered_at == first


def test_no_answer_at_all_is_refused(client, officer, follow_up):
    client.force_login(officer)
    empty = answers(
        jobs_created="",
        jobs_kept="",
        turnover_effect="",
        product_launched="unknown",
        satisfaction="",
        comment="   ",
    )
    response = client.post(answer_url(follow_up), empty)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Renseignez au moins une réponse avant d'enregistrer."
    ]
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("jobs_created", "-1", "Le nombre ne peut pas être négatif."),
        ("jobs_created", "deux", "Indiquez un nombre en chiffres, par exemple 2 ou 1,5."),
        ("jobs_created", "2,55", "Un chiffre après la virgule au plus, par exemple 1,5."),
        ("jobs_created", "1e309", "Indiquez un nombre en chiffres, par exemple 2 ou 1,5."),
        ("jobs_created", "NaN", "Indiquez un nombre en chiffres, par exemple 2 ou 1,5."),
        ("jobs_kept", "10001", "Indiquez un nombre d'au plus 10 000."),
        ("jobs_kept", "99999999999999999999", "Indiquez un nombre d'au plus 10 000."),
        ("turnover_effect", "huge", "Choisissez l'une des réponses proposées."),
        ("satisfaction", "6", "Choisissez une note de 1 à 5."),
        ("satisfaction", "0", "Choisissez une note de 1 à 5."),
        ("satisfaction", "cinq", "Choisissez une note de 1 à 5."),
        ("comment", "x" * 5001, "Le commentaire compte 5001 caractères : 5000 au plus."),
    ],
)
def test_bad_answers_are_refused_in_french_keeping_what_was_typed(
    client, officer, follow_up, field, value, message
):
    client.force_login(officer)
    response = client.post(answer_url(follow_up), answers(**{field: value}))
    assert response.status_code == 200
    assert errors(response, field) == [message]
    if field.startswith("jobs"):
        assert f'value="{value}"' in response.text
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_a_nul_character_in_the_comment_is_refused(client, officer, follow_up):
    client.force_login(officer)
    response = client.post(answer_url(follow_up), answers(comment="Bien\x00"))
    assert response.status_code == 200
    assert errors(response, "comment")
