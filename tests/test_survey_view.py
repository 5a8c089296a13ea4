"""The public follow-up survey a company opens with its secure link."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from projects import reminders
from projects.access import company_link_token
from projects.models import FollowUp, ProjectNote, Stage

from .factories import ContactFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SENT_AT = "2026-06-13 07:00:00"

ANSWERS = {
    "jobs_created": "2",
    "jobs_kept": "14",
    "turnover_effect": FollowUp.TurnoverEffect.MEDIUM,
    "product_launched": "oui",
    "satisfaction": "4",
    "comment": "Un accompagnement précieux pour structurer le projet.",
}


@pytest.fixture
def follow_up(db):
    contact = ContactFactory(company__name="Forges de Bayonne")
    project = ProjectFactory(
        company=contact.company,
        submitted_by=contact,
        stage=Stage.IN_SUPPORT,
        title="Capteurs connectés sur la presse",
        description="Description interne du besoin de financement",
        task_force_request="Demande confidentielle à la task force",
        budget=185000,
    )
    ProjectNote.objects.create(project=project, text="Note interne : trésorerie tendue")
    return FollowUp.objects.create(project=project, months=6, due_on=datetime.date(2026, 6, 13))


@pytest.fixture
def url(follow_up):
    with freeze_time(SENT_AT):
        return reverse("projects:survey", args=[reminders.survey_token(follow_up_id=follow_up.pk)])


INTERNAL = (
    "Description interne",
    "Demande confidentielle",
    "trésorerie tendue",
    "185",
)


# --- A valid link


@freeze_time("2026-06-14 10:00:00")
def test_the_link_opens_the_survey_with_the_project_and_company_only(client, url):
    page = client.get(url)
    assert page.status_code == 200
    assert "Capteurs connectés sur la presse" in page.text
    assert "Forges de Bayonne" in page.text
    assert "Questionnaire de suivi à 6 mois" in page.text
    for internal in INTERNAL:
        assert internal not in page.text
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]


@freeze_time("2026-06-14 10:00:00")
def test_the_satisfaction_scale_is_a_labelled_radio_group_in_a_fieldset(client, url):
    page = client.get(url).text
    group = page[page.index('id="div_id_satisfaction"') :]
    group = group[: group.index("</fieldset>")]
    assert "<legend" in group and "satisfait·e de l&#x27;accompagnement" in group
    for value, label in [("1", "Pas du tout satisfait·e"), ("5", "Très satisfait·e")]:
        assert f'value="{value}"' in group and label in group
    assert group.count('type="radio"') == 5


@freeze_time("2026-06-14 10:00:00")
def test_answering_stores_the_answers_on_the_follow_up(client, url, follow_up):
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    assert response.url == url
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None
    assert (follow_up.jobs_created, follow_up.jobs_kept) == (2, 14)
    assert follow_up.turnover_effect == FollowUp.TurnoverEffect.MEDIUM
    assert follow_up.product_launched is True
    assert follow_up.satisfaction == 4
    assert follow_up.comment.startswith("Un accompagnement précieux")
    thanks = client.get(url)
    assert "Merci : vos réponses sont enregistrées." in thanks.text


@freeze_time("2026-06-14 10:00:00")
def test_a_company_answers_without_an_account_and_with_its_csrf_token(url, follow_up):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, ANSWERS).status_code == 403  # no token, no answer
    page = client.get(url)
    token = page.context["csrf_token"]
    assert client.post(url, {**ANSWERS, "csrfmiddlewaretoken": str(token)}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None


@freeze_time("2026-06-14 10:00:00")
def test_zero_jobs_and_no_product_yet_are_valid_answers(client, url, follow_up):
    answers = {**ANSWERS, "jobs_created": "0", "jobs_kept": " 0 ", "product_launched": "non"}
    assert client.post(url, {**answers, "comment": ""}).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.jobs_created, follow_up.jobs_kept) == (0, 0)
    assert follow_up.product_launched is False
    assert follow_up.comment == ""


@freeze_time("2026-06-14 10:00:00")
def test_jobs_in_full_time_equivalents_take_a_decimal_comma(client, url, follow_up):
    answers = {**ANSWERS, "jobs_created": "1,5", "jobs_kept": "12.5"}

    response = client.post(url, answers)

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.jobs_created, follow_up.jobs_kept) == (Decimal("1.5"), Decimal("12.5"))


@freeze_time("2026-06-14 10:00:00")
def test_the_jobs_inputs_are_text_boxes_with_a_decimal_keypad(client, url):
    page = client.get(url).text

    assert 'name="jobs_created"' in page
    assert 'type="number"' not in page
    assert page.count('inputmode="decimal"') == 2


@freeze_time("2026-06-14 10:00:00")
def test_other_methods_are_refused(client, url):
    assert client.put(url, ANSWERS).status_code == 405
    assert client.delete(url).status_code == 405


# --- Already answered


@freeze_time("2026-06-14 10:00:00")
def test_an_answered_survey_says_so_politely_on_opening(client, url):
    client.post(url, ANSWERS)
    page = Client().get(url)  # another browser, no flash message
    assert page.status_code == 200
    assert "Vous avez déjà répondu à ce questionnaire" in page.text
    assert "enregistrées le 14/06/2026" in page.text
    assert "<form" not in page.text.split('id="contenu"')[1]


@freeze_time("2026-06-14 10:00:00")
def test_a_second_submission_is_refused_and_changes_nothing(client, url, follow_up):
    client.post(url, ANSWERS)
    follow_up.refresh_from_db()
    first_answered_at = follow_up.answered_at

    again = client.post(url, {**ANSWERS, "satisfaction": "1", "jobs_created": "40"})

    assert again.status_code == 409
    assert "déjà répondu" in again.text
    follow_up.refresh_from_db()
    assert (follow_up.satisfaction, follow_up.jobs_created) == (4, 2)
    assert follow_up.answered_at == first_answered_at


@freeze_time("2026-06-14 10:00:00")
def test_of_two_racing_submissions_only_the_first_is_recorded(follow_up):
    form_answers = {
        "jobs_created": 1,
        "jobs_kept": 3,
        "turnover_effect": "none",
        "product_launched": False,
        "satisfaction": 5,
        "comment": "",
    }
    stale_copy = FollowUp.objects.get(pk=follow_up.pk)
    assert reminders.follow_up_answer(follow_up=follow_up, answers=form_answers)
    assert not reminders.follow_up_answer(
        follow_up=stale_copy, answers={**form_answers, "satisfaction": 1}
    )
    follow_up.refresh_from_db()
    assert follow_up.satisfaction == 5


# --- Expired, tampered or foreign links


def test_the_link_still_works_on_its_sixtieth_day(client, url):
    with freeze_time("2026-08-12 06:00:00"):
        assert client.get(url).status_code == 200


def test_an_expired_link_shows_a_french_page_and_no_data(client, url, follow_up):
    with freeze_time("2026-08-13 08:00:00"):  # sixty days and an hour after sending
        for response in (client.get(url), client.post(url, ANSWERS)):
            assert response.status_code == 403
            assert "Ce lien a expiré" in response.text
            assert "Capteurs connectés" not in response.text
            assert "Forges de Bayonne" not in response.text
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


@freeze_time("2026-06-14 10:00:00")
@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature altered
        lambda token: "eyJmIjo5OTl9" + token[token.index(":") :],  # another follow-up named
        lambda token: "n-importe-quoi",
    ],
)
def test_a_tampered_link_shows_a_french_page_and_no_data(client, follow_up, tamper):
    with freeze_time(SENT_AT):
        token = reminders.survey_token(follow_up_id=follow_up.pk)
    url = reverse("projects:survey", args=[tamper(token)])
    for response in (client.get(url), client.post(url, ANSWERS)):
        assert response.status_code == 404
        assert "Lien invalide" in response.text
        assert "Capteurs connectés" not in response.text
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


@freeze_time("2026-06-14 10:00:00")
def test_a_company_tracking_link_does_not_open_a_survey(client, follow_up):
    project = follow_up.project
    token = company_link_token(contact_id=project.submitted_by_id, project_id=follow_up.pk)
    assert client.get(reverse("projects:survey", args=[token])).status_code == 404


@freeze_time("2026-06-14 10:00:00")
def test_a_link_signed_with_another_salt_is_refused(client, follow_up):
    token = signing.TimestampSigner(salt="autre-chose").sign_object({"f": follow_up.pk})
    assert client.get(reverse("projects:survey", args=[token])).status_code == 404


@freeze_time("2026-06-14 10:00:00")
def test_a_link_to_a_deleted_follow_up_is_refused(client, url, follow_up):
    follow_up.delete()
    response = client.get(url)
    assert response.status_code == 404
    assert "Lien invalide" in response.text


# --- Bad input


@freeze_time("2026-06-14 10:00:00")
@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("jobs_created", "3\x00", "Indiquez un nombre en chiffres, par exemple 2 ou 1,5."),
        ("jobs_created", "1e309", "Indiquez un nombre en chiffres, par exemple 2 ou 1,5."),
        ("jobs_created", "deux", "Indiquez un nombre en chiffres, par exemple 2 ou 1,5."),
        ("jobs_kept", "-1", "Le nombre ne peut pas être négatif."),
        ("jobs_kept", "99999", "Indiquez un nombre d&#x27;au plus 10 000."),
        ("jobs_kept", "9" * 5000, "Indiquez un nombre d&#x27;au plus 10 000."),
        ("jobs_created", "", "Indiquez un nombre, 0 s&#x27;il n&#x27;y en a pas."),
        ("satisfaction", "6", "Choisissez une note de 1 à 5."),
        ("satisfaction", "0", "Choisissez une note de 1 à 5."),
        ("satisfaction", "", "Choisissez une note de 1 à 5."),
        ("satisfaction", "\x00", "Choisissez une note de 1 à 5."),
        ("turnover_effect", "enorme", "Choisissez l&#x27;une des réponses proposées."),
        ("product_launched", "peut-être", "Répondez par oui ou par non."),
        ("comment", "Très bien\x00", "caractère invisible non autorisé"),
        ("comment", "x" * 5001, "5000 au plus"),
    ],
)
def test_bad_answers_get_a_french_message_and_keep_what_was_typed(
    client, url, follow_up, field, typed, message
):
    response = client.post(url, {**ANSWERS, field: typed})
    assert response.status_code == 200
    assert message in response.text
    assert "une réponse est à corriger" in response.text
    # What was typed comes back, in the wrong field as in the others.
    other_number = "jobs_kept" if field != "jobs_kept" else "jobs_created"
    assert f'value="{ANSWERS[other_number]}"' in response.text
    if field in ("jobs_created", "jobs_kept") and typed.isprintable() and 0 < len(typed) < 100:
        assert f'value="{typed}"' in response.text
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


@freeze_time("2026-06-14 10:00:00")
def test_the_error_summary_links_to_each_question(client, url):
    response = client.post(url, {"jobs_created": "-1", "satisfaction": "6"})
    assert response.status_code == 200
    text = response.text
    assert "5 réponses sont à corriger" in text
    assert 'href="#id_jobs_created"' in text
    assert 'href="#id_satisfaction_0"' in text
    assert 'value="-1"' in text
    assert "<title>Erreur — Questionnaire de suivi" in text


@freeze_time("2026-06-14 10:00:00")
def test_a_satisfaction_already_chosen_stays_checked_after_an_error(client, url):
    response = client.post(url, {**ANSWERS, "jobs_kept": "-4"})
    text = response.text
    checked = text[text.index('value="4"  id="id_satisfaction_3"') - 120 :][:200]
    assert "checked" in checked


def test_the_survey_is_still_open_to_a_late_answer_within_the_link_s_life(client, url):
    with freeze_time(datetime.datetime(2026, 6, 13, 7, tzinfo=datetime.UTC) + timedelta(days=59)):
        assert client.post(url, ANSWERS).status_code == 302
