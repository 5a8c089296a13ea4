"""Save the intake form half-way, get a link by email, come back and send it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from freezegun import freeze_time

from companies.models import Company, Contact
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import IntakeDraft, Project, Stage
from projects.services.intake_drafts import intake_drafts_purge

from .factories import NEW_COMPANY_SIRET, intake_form_data

pytestmark = pytest.mark.django_db

INTAKE_URL = reverse("projects:intake")
SAVED_URL = reverse("projects:intake_draft_saved")
DONE_URL = reverse("projects:intake_done")
EMAIL = "maite.etcheverry@forges-bayonne.example"
# Tuesday 10 March 2026, 14:00 in Paris.
SAVE_TIME = "2026-03-10 13:00:00"


def draft_data(**overrides) -> dict:
    return intake_form_data(action="draft", **overrides)


def resume_path(email: OutboundEmail) -> str:
    """The link in the email, as a path: tests follow it as the person would."""
    link = re.search(
        r"http://127\.0\.0\.1:8000(/projets/demande/reprendre/[^/\s]+/)", email.body_text
    )
    assert link, email.body_text
    return link.group(1)


@pytest.fixture
def save(client, django_capture_on_commit_callbacks):
    """Save the form as a draft from the blank page; returns the response."""

    def post(url=INTAKE_URL, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, draft_data(**overrides))

    return post


@pytest.fixture
def saved_link(save) -> str:
    """A draft saved with the usual values, and the path of the link emailed for it."""
    save()
    return resume_path(OutboundEmail.objects.get(kind="intake_draft_saved"))


def assert_no_draft_recorded():
    assert not IntakeDraft.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert not Project.objects.exists()


# --- Saving


@freeze_time(SAVE_TIME)
def test_saving_keeps_what_was_typed_and_sends_nothing_to_the_programme(save):
    response = save()

    assert response.status_code == 302
    assert response.url == SAVED_URL
    draft = IntakeDraft.objects.get()
    assert draft.email == EMAIL
    assert draft.data["company_name"] == "Forges de Bayonne"
    assert draft.data["siret"] == intake_form_data()["siret"]  # as typed, spaces included
    assert draft.data["description"].startswith("Suivre l'usure des outils")
    assert len(draft.data["axes"]) == 2
    assert draft.data["timing"] == "6m"
    assert draft.data["data_consent"] is True
    assert "website" not in draft.data
    assert (draft.created_at, draft.updated_at) == (timezone.now(), timezone.now())
    assert draft.completed_at is None and draft.reminded_at is None
    assert not Project.objects.exists()
    assert not Company.objects.exists()
    assert not Contact.objects.exists()


@freeze_time(SAVE_TIME)
def test_saving_emails_the_link_to_finish_at_once_and_only_by_email(save, client, mailoutbox):
    save()

    assert [m.to for m in mailoutbox] == [[EMAIL]]
    email = OutboundEmail.objects.get()
    assert email.kind == "intake_draft_saved"
    assert email.is_essential  # the person asked for it: an unsubscription does not stop it
    draft = IntakeDraft.objects.get()
    assert draft.token in mailoutbox[0].body
    assert "Capteurs connectés sur la presse" in mailoutbox[0].body
    assert "9 avril 2026" in mailoutbox[0].body  # 30 days after saving
    html = mailoutbox[0].alternatives[0].content
    assert f'href="http://127.0.0.1:8000/projets/demande/reprendre/{draft.token}/"' in html
    page = client.get(SAVED_URL)
    assert draft.token not in page.text


def test_the_saved_page_says_so_in_french_once_and_names_the_address(save, client):
    save()

    response = client.get(SAVED_URL)

    assert response.status_code == 200
    assert "Votre demande est enregistrée — un lien pour la reprendre vous est envoyé" in (
        response.text
    )
    assert f"<strong>{EMAIL}</strong>" in response.text
    assert "pas encore envoyée" in response.text
    assert EMAIL not in client.get(SAVED_URL).text


def test_the_saved_page_only_answers_get(client):
    assert client.post(SAVED_URL).status_code == 405


def test_an_unsubscribed_address_still_gets_the_link_it_asked_for(save, mailoutbox):
    from pmi_aqt.mailing.services import unsubscribe

    unsubscribe(address=EMAIL)

    save()

    assert len(mailoutbox) == 1


def test_the_email_alone_is_enough_to_save(save):
    response = save(
        **{name: "" for name in intake_form_data() if name not in {"email", "axes"}}, axes=[]
    )

    assert response.status_code == 302
    draft = IntakeDraft.objects.get()
    assert draft.data == {
        "email": EMAIL,
        "axes": [],
        "data_consent": False,
        "contact_consent": False,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("siret", "123"),
        ("postcode", "75001"),
        ("phone", "appelez-moi"),
        ("company_name", ""),
        ("data_consent", ""),
    ],
)
def test_the_checks_of_the_request_wait_until_it_is_sent(save, field, value):
    response = save(**{field: value})

    assert response.status_code == 302
    draft = IntakeDraft.objects.get()
    assert draft.data.get(field, "") in (value, False)


def test_without_an_email_nothing_is_saved_and_a_french_message_says_why(save):
    response = save(email="")

    assert response.status_code == 200
    html = response.text
    field_block = html.split('id="id_email_error"', 1)[1].split("</div>", 1)[0]
    assert "Indiquez votre adresse e-mail : nous y envoyons le lien" in field_block
    assert "Votre demande n'est pas encore enregistrée : une information est à corriger." in html
    assert 'value="Forges de Bayonne"' in html
    assert_no_draft_recorded()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "maite@", "Saisissez une adresse e-mail valide"),
        ("email", "x" * 300 + "@forges.example", "au plus 254 caractères"),
        ("email", "maite\x00@forges.example", "Le caractère nul n’est pas autorisé."),
        ("title", "t" * 201, "au plus 200 caractères"),
        ("description", "x" * 50_000, "au plus 5000 caractères (actuellement 50000)"),
        ("city", "Bay\x00onne", "Le caractère nul n’est pas autorisé."),
        ("siret", "1" * 31, "au plus 30 caractères"),
        ("headcount_band", "1e309", "Sélectionnez un choix valide."),
        ("timing", "demain", "Sélectionnez un choix valide."),
        ("axes", ["1e309"], "Cet axe d&#x27;intervention n&#x27;existe pas"),
        ("axes", ["999999"], "Cet axe d&#x27;intervention n&#x27;existe pas"),
        ("axes", ["abc\x00"], "Le caractère nul n’est pas autorisé."),
    ],
)
def test_unsafe_input_is_refused_with_a_french_message_and_the_rest_kept(
    save, field, value, message
):
    response = save(**{field: value})

    assert response.status_code == 200
    html = response.text
    field_block = html.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
    assert message in field_block
    if field != "company_name":
        assert 'value="Forges de Bayonne"' in html
    if field != "description":
        assert "Suivre l&#x27;usure des outils en temps réel" in html
    if field == "title":
        assert f'value="{escape(value)}"' in html
    assert_no_draft_recorded()


def test_an_empty_post_to_save_gets_errors_not_a_crash(client):
    response = client.post(INTAKE_URL, {"action": "draft"})

    assert response.status_code == 200
    assert "Indiquez votre adresse e-mail" in response.text
    assert_no_draft_recorded()


def test_the_page_shown_again_still_marks_what_the_request_will_need(save):
    response = save(email="")

    tag = re.search(r'<input[^>]*name="siret"[^>]*>', response.text).group(0)
    assert " required" in tag


def test_the_form_offers_both_buttons_and_says_what_saving_needs(client):
    html = client.get(INTAKE_URL).text

    assert '<button type="submit" name="action" value="submit"' in html
    assert 'value="draft"' in html and "Enregistrer et finir plus tard" in html
    assert 'aria-describedby="aide-enregistrement"' in html
    assert 'id="aide-enregistrement"' in html
    # Enter in a field sends the request: the send button comes first.
    assert html.index('value="submit"') < html.index('value="draft"')


def test_a_request_sent_without_the_action_field_is_still_sent(client):
    data = intake_form_data()

    response = client.post(INTAKE_URL, data)

    assert response.url == DONE_URL
    assert Project.objects.count() == 1
    assert not IntakeDraft.objects.exists()


# --- Spam defences, shared with sending


def test_a_filled_honeypot_pretends_the_draft_is_saved_but_keeps_and_sends_nothing(
    save, client, mailoutbox
):
    response = save(website="https://spam.example")

    assert response.status_code == 302
    assert response.url == SAVED_URL
    assert_no_draft_recorded()
    assert mailoutbox == []
    assert EMAIL not in client.get(SAVED_URL).text


def test_saving_counts_against_the_same_limit_as_sending(client, settings, save):
    settings.INTAKE_RATE_LIMIT = "2/h"

    assert client.post(INTAKE_URL, intake_form_data()).status_code == 302
    assert save().status_code == 302
    response = save(email="autre@forges.example")

    assert response.status_code == 429
    assert "Trop de demandes envoyées" in response.text
    assert IntakeDraft.objects.count() == 1


def test_the_resume_link_shares_that_limit(client, settings, save):
    settings.INTAKE_RATE_LIMIT = "2/h"
    assert save().status_code == 302
    saved_link = resume_path(OutboundEmail.objects.get())

    assert save(url=saved_link).status_code == 302
    response = client.post(saved_link, intake_form_data())

    assert response.status_code == 429
    assert not Project.objects.exists()
    assert client.get(saved_link).status_code == 200  # reading is never limited


# --- Coming back through the link


def test_the_emailed_link_opens_the_form_filled_with_what_was_saved(client, saved_link):
    response = client.get(saved_link)

    assert response.status_code == 200
    html = response.text
    assert "Reprendre votre demande d'accompagnement" in html
    assert 'value="Forges de Bayonne"' in html
    assert f'value="{EMAIL}"' in html
    assert f'value="{intake_form_data()["siret"]}"' in html
    assert "Suivre l&#x27;usure des outils en temps réel" in html
    checked = {
        re.search(r'id="([^"]+)"', tag).group(1)
        for tag in re.findall(r"<input[^>]*\bchecked\b[^>]*>", html)
    }
    assert checked == {"id_axes_3", "id_axes_4", "id_timing_1", "id_data_consent"}
    assert f'action="{saved_link}"' in html
    assert 'role="alert"' not in html  # nothing to correct yet


def test_the_resume_page_is_kept_out_of_caches_and_search_engines(client, saved_link):
    response = client.get(saved_link)

    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_resume_link_refuses_other_methods(client, saved_link, method):
    assert getattr(client, method)(saved_link).status_code == 405


def test_sending_from_the_link_creates_the_request_and_closes_the_draft(
    client, saved_link, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(saved_link, intake_form_data(action="submit"))

    assert response.status_code == 302
    assert response.url == DONE_URL
    project = Project.objects.get()
    assert project.stage == Stage.INTAKE
    assert project.company.siret == NEW_COMPANY_SIRET
    draft = IntakeDraft.objects.get()
    assert draft.completed_at is not None
    assert draft.project == project
    assert draft.data == {}  # the project holds it now
    assert OutboundEmail.objects.regarding(project).filter(kind="intake_confirmation").exists()
    assert "Merci Maïté" in client.get(DONE_URL).text


def test_what_is_changed_before_sending_is_what_is_sent(client, saved_link):
    client.post(saved_link, intake_form_data(title="Un autre titre"))

    assert Project.objects.get().title == "Un autre titre"


def test_a_request_with_errors_from_the_link_keeps_the_draft_open(client, saved_link):
    response = client.post(saved_link, intake_form_data(siret="123"))

    assert response.status_code == 200
    assert "Votre demande n'est pas encore envoyée" in response.text
    assert f'action="{saved_link}"' in response.text
    assert not Project.objects.exists()
    assert IntakeDraft.objects.get().completed_at is None


def test_once_sent_the_link_shows_no_data_and_sends_nothing_twice(client, saved_link):
    client.post(saved_link, intake_form_data())

    page = client.get(saved_link)
    again = client.post(saved_link, intake_form_data())

    assert page.status_code == 200
    assert "Cette demande est déjà envoyée" in page.text
    assert "Forges de Bayonne" not in page.text
    assert EMAIL not in page.text
    assert again.status_code == 409
    assert Project.objects.count() == 1


def test_saving_again_from_the_link_updates_the_same_draft_without_a_new_email(
    saved_link, save, mailoutbox
):
    first = IntakeDraft.objects.get()
    mailoutbox.clear()

    with freeze_time(timezone.now() + timedelta(days=3)):
        response = save(url=saved_link, title="Titre précisé")

    assert response.url == SAVED_URL
    draft = IntakeDraft.objects.get()
    assert draft.pk == first.pk and draft.token == first.token
    assert draft.data["title"] == "Titre précisé"
    assert draft.updated_at > first.updated_at
    assert mailoutbox == []


def test_saving_again_to_a_new_address_sends_the_link_there(saved_link, save, mailoutbox):
    mailoutbox.clear()

    save(url=saved_link, email="nouvelle@forges.example")

    assert IntakeDraft.objects.get().email == "nouvelle@forges.example"
    assert [m.to for m in mailoutbox] == [["nouvelle@forges.example"]]
    assert saved_link in mailoutbox[0].body


def test_a_filled_honeypot_on_the_link_pretends_success_and_sends_nothing(client, saved_link):
    response = client.post(saved_link, intake_form_data(website="https://spam.example"))

    assert response.url == DONE_URL
    assert not Project.objects.exists()
    assert IntakeDraft.objects.get().completed_at is None


# --- Links that do not open anything


def test_after_thirty_days_untouched_the_link_has_expired_and_shows_no_data(client, saved_link):
    with freeze_time(timezone.now() + timedelta(days=30)):
        page = client.get(saved_link)
        sent = client.post(saved_link, intake_form_data())

    assert page.status_code == 410
    assert "Ce lien a expiré" in page.text
    assert '<html lang="fr">' in page.text
    assert "Forges de Bayonne" not in page.text
    assert EMAIL not in page.text
    assert sent.status_code == 410
    assert not Project.objects.exists()


def test_each_save_gives_the_link_thirty_more_days(client, saved_link, save):
    with freeze_time(timezone.now() + timedelta(days=20)):
        save(url=saved_link)

    with freeze_time(timezone.now() + timedelta(days=45)):
        assert client.get(saved_link).status_code == 200


def test_a_link_one_day_short_of_thirty_still_opens(client, saved_link):
    with freeze_time(timezone.now() + timedelta(days=29, hours=23)):
        assert client.get(saved_link).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda path: path[:-2] + ("A" if path[-2] != "A" else "B") + "/",
        lambda path: path.replace("/reprendre/", "/reprendre/x"),
        lambda path: "/projets/demande/reprendre/abc/",
        lambda path: "/projets/demande/reprendre/" + "a" * 500 + "/",
        lambda path: "/projets/demande/reprendre/%00" + "a" * 43 + "/",
    ],
)
def test_an_altered_link_is_refused_in_french_and_shows_no_data(client, saved_link, tamper):
    response = client.get(tamper(saved_link))

    assert response.status_code == 404
    assert "Lien invalide" in response.text
    assert "Forges de Bayonne" not in response.text


def test_an_expired_draft_is_deleted_and_its_link_then_names_nothing(client, saved_link):
    with freeze_time(timezone.now() + timedelta(days=31)):
        assert intake_drafts_purge() == 1
        response = client.get(saved_link)

    assert not IntakeDraft.objects.exists()
    assert response.status_code == 404


def test_the_purge_keeps_drafts_still_alive(saved_link):
    with freeze_time(timezone.now() + timedelta(days=29)):
        assert intake_drafts_purge() == 0

    assert IntakeDraft.objects.count() == 1
