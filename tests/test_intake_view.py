"""The public intake form page: /projets/demande/."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from companies.models import Company, Contact
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import Project, Stage

from .factories import NEW_COMPANY_SIRET, CompanyFactory, intake_form_data

pytestmark = pytest.mark.django_db

INTAKE_URL = reverse("projects:intake")
DONE_URL = reverse("projects:intake_done")


def checked_ids(html: str) -> set[str]:
    """The ids of the checkboxes and radio buttons rendered as checked."""
    return {
        re.search(r'id="([^"]+)"', tag).group(1)
        for tag in re.findall(r"<input[^>]*\bchecked\b[^>]*>", html)
    }


def assert_nothing_recorded():
    assert not Project.objects.exists()
    assert not Company.objects.exists()
    assert not Contact.objects.exists()
    assert not OutboundEmail.objects.exists()


# --- Who may open it


def test_it_is_open_to_anonymous_visitors(client):
    response = client.get(INTAKE_URL)

    assert response.status_code == 200
    assert "Déposer une demande d'accompagnement" in response.text
    assert '<form method="post"' in response.text


@pytest.mark.parametrize("fixture_name", ["officer", "company_user", "no_role_user"])
def test_it_is_open_to_logged_in_people_too(client, as_user, fixture_name):
    as_user(fixture_name)

    response = client.get(INTAKE_URL)

    assert response.status_code == 200
    assert 'name="siret"' in response.text


def test_the_thank_you_page_is_public(client):
    response = client.get(DONE_URL)

    assert response.status_code == 200
    assert "Merci, votre demande est bien reçue" in response.text


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_it_refuses_other_methods(client, method):
    assert getattr(client, method)(INTAKE_URL).status_code == 405


def test_the_thank_you_page_only_answers_get(client):
    assert client.post(DONE_URL).status_code == 405


# --- The form page itself


def input_tag(html: str, name: str) -> str:
    """The opening tag of the form control named `name`."""
    return re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_it_groups_the_questions_in_fieldsets_with_legends(client):
    response = client.get(INTAKE_URL)

    for legend in [
        "Votre entreprise",
        "La personne à contacter",
        "Votre projet",
        "Vos données",
        escape("Axes d'intervention concernés"),
        "Quand souhaitez-vous démarrer ?",
    ]:
        assert re.search(rf"<fieldset[^>]*>\s*<legend[^>]*>\s*{re.escape(legend)}", response.text)


def test_every_input_has_a_label_and_the_required_ones_are_marked(client):
    response = client.get(INTAKE_URL)
    html = response.text

    for name in [
        "siret",
        "company_name",
        "address",
        "postcode",
        "city",
        "headcount_band",
        "first_name",
        "last_name",
        "job_title",
        "email",
        "phone",
        "title",
        "description",
        "data_consent",
        "contact_consent",
        "website",
    ]:
        assert f'<label for="id_{name}"' in re.sub(r"<label\s+", "<label ", html), name
    for index in range(6):
        assert f'<label for="id_axes_{index}"' in html
    assert "Les champs marqués d'un astérisque (*) sont obligatoires." in html
    assert " required " in input_tag(html, "siret") + " "
    assert "required" not in input_tag(html, "job_title")
    assert "required" not in input_tag(html, "contact_consent")


@pytest.mark.parametrize(
    ("name", "token"),
    [
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("email", "email"),
        ("phone", "tel"),
        ("company_name", "organization"),
        ("postcode", "postal-code"),
        ("city", "address-level2"),
        ("address", "street-address"),
    ],
)
def test_personal_fields_carry_autocomplete_tokens(client, name, token):
    response = client.get(INTAKE_URL)

    assert f'autocomplete="{token}"' in input_tag(response.text, name)


def test_it_links_to_the_privacy_page_from_the_consent(client):
    response = client.get(INTAKE_URL)

    assert f'<a href="{reverse("privacy")}">Données personnelles</a>' in response.text


def test_the_honeypot_is_hidden_from_people_and_out_of_the_tab_order(client):
    response = client.get(INTAKE_URL)

    assert 'class="honeypot"  aria-hidden="true"' in response.text
    assert 'name="website" tabindex="-1" autocomplete="off"' in response.text
    assert "Laissez ce champ vide" in response.text


def test_there_is_no_error_summary_before_submitting(client):
    response = client.get(INTAKE_URL)

    assert 'role="alert"' not in response.text


# --- Sending it


def test_a_valid_request_creates_the_records_and_redirects_to_the_thanks(client):
    response = client.post(INTAKE_URL, intake_form_data())

    assert response.status_code == 302
    assert response.url == DONE_URL
    project = Project.objects.get()
    assert project.stage == Stage.INTAKE
    assert project.company.siret == NEW_COMPANY_SIRET  # typed with spaces, stored without
    assert project.submitted_by.email == "maite.etcheverry@forges-bayonne.example"
    assert project.axes.count() == 2


def test_the_thanks_greet_the_submitter_once_and_say_what_happens_next(client):
    client.post(INTAKE_URL, intake_form_data())

    response = client.get(DONE_URL)

    assert "Merci Maïté" in response.text
    assert "maite.etcheverry@forges-bayonne.example" in response.text
    assert "10 jours ouvrés" in response.text
    again = client.get(DONE_URL)
    assert "Maïté" not in again.text
    assert "maite.etcheverry" not in again.text


def test_the_thanks_reveal_nothing_on_file_about_a_known_company(client):
    known = CompanyFactory(name="Raison sociale sur la fiche", address="7 impasse Secrète")

    response = client.post(
        INTAKE_URL, intake_form_data(siret=known.siret, company_name="Ce que je tape"), follow=True
    )

    assert Project.objects.get().company == known
    assert "Raison sociale sur la fiche" not in response.text
    assert "7 impasse Secrète" not in response.text
    assert "Merci Maïté" in response.text


def test_another_visitor_sees_nothing_of_someone_elses_request(client, django_user_model):
    from django.test import Client

    client.post(INTAKE_URL, intake_form_data())

    response = Client().get(DONE_URL)

    assert "Maïté" not in response.text
    assert "forges-bayonne" not in response.text


def test_an_email_in_capitals_is_stored_in_lower_case(client):
    client.post(INTAKE_URL, intake_form_data(email="Maite.Etcheverry@Forges-Bayonne.EXAMPLE"))

    assert Contact.objects.get().email == "maite.etcheverry@forges-bayonne.example"


def test_full_width_digits_are_read_as_plain_digits(client):
    full_width = NEW_COMPANY_SIRET.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

    client.post(INTAKE_URL, intake_form_data(siret=full_width, postcode="６４１００"))

    company = Company.objects.get()
    assert (company.siret, company.postcode) == (NEW_COMPANY_SIRET, "64100")


def test_a_postcode_typed_with_a_space_is_accepted(client):
    client.post(INTAKE_URL, intake_form_data(postcode="33 700", city="Mérignac"))

    assert Company.objects.get().postcode == "33700"


# --- Spam defences


def test_a_filled_honeypot_pretends_success_but_records_and_sends_nothing(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INTAKE_URL, intake_form_data(website="https://spam.example"))

    assert response.status_code == 302
    assert response.url == DONE_URL
    assert_nothing_recorded()
    assert mailoutbox == []
    assert "Maïté" not in client.get(DONE_URL).text


def test_a_filled_honeypot_wins_even_over_invalid_data(client):
    response = client.post(INTAKE_URL, {"website": "x", "siret": "1"})

    assert response.status_code == 302
    assert_nothing_recorded()


def test_too_many_requests_from_one_address_get_a_french_429_page(client, settings):
    settings.INTAKE_RATE_LIMIT = "2/h"

    assert client.post(INTAKE_URL, intake_form_data()).status_code == 302
    assert client.post(INTAKE_URL, {"siret": "1"}).status_code == 200
    response = client.post(INTAKE_URL, intake_form_data(email="autre@forges.example"))

    assert response.status_code == 429
    assert "Trop de demandes envoyées" in response.text
    assert '<html lang="fr">' in response.text
    assert Project.objects.count() == 1


def test_the_rate_limit_counts_each_address_separately(client, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"

    client.post(INTAKE_URL, intake_form_data(), REMOTE_ADDR="192.0.2.1")
    response = client.post(
        INTAKE_URL, intake_form_data(email="autre@forges.example"), REMOTE_ADDR="192.0.2.2"
    )

    assert response.status_code == 302
    assert Project.objects.count() == 2


def test_the_rate_limit_does_not_stop_people_reading_the_form(client, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"
    client.post(INTAKE_URL, {"siret": "1"})
    assert client.post(INTAKE_URL, {"siret": "1"}).status_code == 429

    assert client.get(INTAKE_URL).status_code == 200


def test_the_rate_limit_view_from_the_settings_answers_429_in_french(rf, settings):
    from django.utils.module_loading import import_string

    view = import_string(settings.RATELIMIT_VIEW)
    response = view(rf.post(INTAKE_URL))

    assert response.status_code == 429
    assert "Trop de demandes envoyées" in response.content.decode()


# --- Bad input: a French message next to the field, what was typed kept, nothing recorded

VALID_SIRET = NEW_COMPANY_SIRET
WRONG_KEY_SIRET = VALID_SIRET[:-1] + str((int(VALID_SIRET[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siret", WRONG_KEY_SIRET, "sa clé de contrôle ne correspond pas"),
        ("siret", "123 456", "Le SIRET compte exactement 14 chiffres (vous en avez saisi 6)"),
        ("siret", "1e309", "Le SIRET compte exactement 14 chiffres"),
        ("siret", "١٢٣٠٠٠٠٠٢٠٠٠١٤", "Le SIRET ne s&#x27;écrit qu&#x27;avec les chiffres de 0 à 9."),
        ("company_name", "", "Ce champ est obligatoire."),
        ("first_name", "   ", "Ce champ est obligatoire."),
        ("postcode", "75001", "Ce code postal n&#x27;est pas en Aquitaine"),
        ("postcode", "3370", "Le code postal compte 5 chiffres."),
        ("postcode", "1e309", "Le code postal compte 5 chiffres."),
        ("postcode", "٣٣٧٠٠", "Le code postal compte 5 chiffres."),
        ("email", "maite@", "Saisissez une adresse e-mail valide"),
        ("email", "pas une adresse", "Saisissez une adresse e-mail valide"),
        ("phone", "appelez-moi", "Indiquez un numéro de téléphone valide"),
        ("phone", "1e309", "Indiquez un numéro de téléphone valide"),
        ("phone", "٠٥٥٩٠٠٠٠٠٠", "Indiquez un numéro de téléphone valide"),
        ("description", "x" * 50_000, "au plus 5000 caractères (actuellement 50000)"),
        ("title", "t" * 201, "au plus 200 caractères"),
        ("city", "Bay\x00onne", "Le caractère nul n’est pas autorisé."),
        ("headcount_band", "1e309", "Sélectionnez un choix valide. 1e309 n’en fait pas partie."),
        ("timing", "demain", "Sélectionnez un choix valide."),
        ("axes", ["999999"], "Cet axe d&#x27;intervention n&#x27;existe pas"),
        ("axes", ["1e309"], "Cet axe d&#x27;intervention n&#x27;existe pas"),
        ("axes", ["9" * 40], "Cet axe d&#x27;intervention n&#x27;existe pas"),
        ("axes", ["abc\x00"], "Le caractère nul n’est pas autorisé."),
        ("axes", [], "Cochez au moins un axe d&#x27;intervention."),
        ("data_consent", "", "sans votre accord sur l&#x27;utilisation de vos données"),
    ],
)
def test_bad_input_gets_a_french_message_next_to_the_field_and_keeps_what_was_typed(
    client, field, value, message
):
    response = client.post(INTAKE_URL, intake_form_data(**{field: value}))

    assert response.status_code == 200
    html = response.text
    # The message sits in the field's own error block, and again in the summary at the top.
    assert f'id="id_{field}_error"' in html
    field_block = html.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
    assert message in field_block
    summary = html.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert message in summary
    # Everything else the person typed is still there.
    if field != "company_name":
        assert 'value="Forges de Bayonne"' in html
    if field != "email":
        assert 'value="maite.etcheverry@forges-bayonne.example"' in html
    if field != "description":
        assert "Suivre l&#x27;usure des outils en temps réel" in html
    if field in {"siret", "postcode", "email", "phone", "title"} and value.strip():
        assert f'value="{escape(value)}"' in html
    if field != "data_consent":
        assert "id_data_consent" in checked_ids(html)
    assert_nothing_recorded()


def test_a_missing_field_is_marked_invalid_for_assistive_technologies(client):
    response = client.post(INTAKE_URL, intake_form_data(company_name=""))

    assert 'aria-invalid="true" aria-describedby="id_company_name_error"' in response.text


def test_the_error_summary_links_to_each_field_and_the_title_says_error(client):
    response = client.post(INTAKE_URL, intake_form_data(siret="", axes=[], timing=""))

    html = response.text
    assert "<title>Erreur — " in html
    assert 'role="alert"' in html
    assert "3 informations sont à corriger" in html
    assert 'href="#id_siret"' in html
    assert 'href="#id_axes_0"' in html and 'id="id_axes_0"' in html
    assert 'href="#id_timing_0"' in html and 'id="id_timing_0"' in html


def test_an_empty_post_gets_errors_not_a_crash(client):
    response = client.post(INTAKE_URL, {})

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.text
    assert_nothing_recorded()


def test_the_checked_axes_and_timing_stay_checked_after_an_error(client):
    data = intake_form_data(company_name="")

    response = client.post(INTAKE_URL, data)

    assert checked_ids(response.text) == {
        "id_axes_3",  # digital
        "id_axes_4",  # process
        "id_timing_1",  # within 6 months
        "id_data_consent",
    }


def test_html_typed_in_a_field_is_escaped_when_shown_again(client):
    response = client.post(
        INTAKE_URL,
        intake_form_data(title="<script>alert('x')</script>", company_name="<b>Gras</b>", siret=""),
    )

    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "<b>Gras</b>" not in response.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.text
    assert 'value="&lt;b&gt;Gras&lt;/b&gt;"' in response.text
    assert_nothing_recorded()


def test_html_typed_in_a_valid_request_is_stored_as_typed(client):
    client.post(INTAKE_URL, intake_form_data(title="Robot <b>soudeur</b> & co"))

    assert Project.objects.get().title == "Robot <b>soudeur</b> & co"
