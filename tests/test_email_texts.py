"""Email texts rewritten by the programme manager: what the next emails say, and what a text
can never do (run template code, inject HTML, change an email already recorded)."""

import dataclasses

import pytest
from django.conf import settings
from django.urls import reverse

from pmi_aqt.mailing import kinds, services
from pmi_aqt.mailing.models import EmailText, OutboundEmail
from pmi_aqt.mailing.texts import placeholders_in
from pmi_aqt.mailing.unsubscribe import unsubscribe_url
from projects.models import Stage
from projects.services.company import company_link_send

from .factories import ContactFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

EDIT_URL = reverse("mailing:text_edit", args=["company_link"])


@pytest.fixture
def project(company):
    officer = UserFactory(
        email="claire.dupuy@pmi-aqt.test", first_name="Claire", last_name="Dupuy", roles=["officer"]
    )
    contact = ContactFactory(company=company, first_name="Inès", email="ines@forges.example")
    return ProjectFactory(
        company=company,
        submitted_by=contact,
        officer=officer,
        title="Capteurs connectés sur la presse",
        stage=Stage.DIAGNOSIS,
    )


@pytest.fixture
def send_link(django_capture_on_commit_callbacks, manager):
    """Queue (and deliver, after commit) the company link email of a project."""

    def send(project) -> OutboundEmail:
        with django_capture_on_commit_callbacks(execute=True):
            sending = company_link_send(project=project, sent_by=manager)
        sending.email.refresh_from_db()
        return sending.email

    return send


def save_text(client, manager, *, subject: str, body: str, kind="company_link"):
    client.force_login(manager)
    response = client.post(
        reverse("mailing:text_edit", args=[kind]),
        {"subject": subject, "body": body, "action": "save"},
    )
    assert response.status_code == 302, response.text
    return response


# --- The next email of the kind uses the manager's text


def test_the_next_email_of_a_rewritten_kind_uses_the_text_with_its_placeholders_replaced(
    client, manager, project, send_link, mailoutbox
):
    save_text(
        client,
        manager,
        subject="{prenom}, votre suivi « {titre_projet} »",
        body=(
            "Bonjour {prenom},\n\nVotre espace : {lien}\nValable {duree_lien} jours.\n\n"
            "{contact_charge_mission}\n\nL'équipe {programme}"
        ),
    )

    email = send_link(project)

    assert email.subject == "Inès, votre suivi « Capteurs connectés sur la presse »"
    assert email.body_text.startswith("Bonjour Inès,\n\nVotre espace : http")
    assert f"Valable {settings.COMPANY_LINK_MAX_AGE_DAYS} jours." in email.body_text
    assert "Votre chargé·e de mission, Claire Dupuy, reste à votre disposition" in email.body_text
    assert "L'équipe PMI en AQT" in email.body_text
    assert "{" not in email.body_text
    [message] = mailoutbox
    assert message.subject == email.subject
    assert message.body == email.body_text
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    # The shared layout, with the programme's name, around the text made into paragraphs.
    assert "PMI en AQT" in html
    assert "<p>Bonjour Inès,</p>" in html
    link = email.body_text.split("Votre espace : ")[1].split("\n")[0]
    assert f'<a href="{link}"' in html


def test_without_a_rewritten_text_the_default_wording_is_used(project, send_link):
    email = send_link(project)
    assert email.subject == "Suivez votre projet « Capteurs connectés sur la presse » — PMI en AQT"
    assert "Voici votre lien personnel pour suivre votre projet" in email.body_text


def test_a_kind_its_app_made_not_editable_keeps_its_default_wording(
    project, send_link, monkeypatch
):
    EmailText.objects.create(kind="company_link", subject="Ancien objet", body="Ancien texte")
    monkeypatch.setitem(
        kinds.REGISTRY,
        "company_link",
        dataclasses.replace(kinds.get("company_link"), editable=False),
    )
    email = send_link(project)
    assert email.subject == "Suivez votre projet « Capteurs connectés sur la presse » — PMI en AQT"


def test_a_value_that_looks_like_a_placeholder_is_not_replaced_again(
    client, manager, project, send_link
):
    project.title = "Presse {lien} <b>gras</b>"
    project.save()
    save_text(client, manager, subject="Projet {titre_projet}", body="Projet : {titre_projet}")

    email = send_link(project)

    assert email.subject == "Projet Presse {lien} <b>gras</b>"
    assert "Projet : Presse {lien} <b>gras</b>" in email.body_text
    assert "&lt;b&gt;gras&lt;/b&gt;" in email.body_html
    assert "<b>gras</b>" not in email.body_html


# --- Template code and HTML stay text


INJECTIONS = [
    "{{ settings.SECRET_KEY }}",
    "{% load static %}",
    '{% include "base.html" %}',
    "{% debug %}",
    "{{ link }}",
    "<script>alert('x')</script>",
    '<a href="https://pirate.example">clic</a>',
]


def test_template_code_and_html_in_a_text_are_sent_literally_and_never_run(
    client, manager, project, send_link
):
    body = "Bonjour {prenom},\n\n" + "\n".join(INJECTIONS)
    save_text(client, manager, subject="{{ settings.SECRET_KEY }} {% now 'Y' %}", body=body)

    email = send_link(project)

    assert email.subject == "{{ settings.SECRET_KEY }} {% now 'Y' %}"
    for text in INJECTIONS:
        assert text in email.body_text
    assert settings.SECRET_KEY not in email.body_text + email.body_html + email.subject
    assert "Aller au contenu" not in email.body_html  # base.html was not included
    assert "<script" not in email.body_html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in email.body_html
    # The manager's own tag is shown as text; only its visible address becomes a link.
    assert '<a href="https://pirate.example">clic</a>' not in email.body_html
    assert "&lt;a href=&quot;" in email.body_html
    assert "{% include &quot;base.html&quot; %}" in email.body_html
    assert "{{ settings.SECRET_KEY }}" in email.body_html


def test_the_preview_shows_template_code_literally_too(client, manager):
    client.force_login(manager)
    response = client.post(
        EDIT_URL,
        {
            "subject": "Objet",
            "body": "{{ settings.SECRET_KEY }}\n<script>x</script>",
            "action": "preview",
        },
    )
    assert response.status_code == 200
    assert settings.SECRET_KEY not in response.text
    assert "{{ settings.SECRET_KEY }}" in response.text
    assert "<script>x</script>" not in response.text
    frame = client.get(reverse("mailing:text_preview_html", args=["company_link"]))
    assert settings.SECRET_KEY not in frame.text
    assert "&lt;script&gt;x&lt;/script&gt;" in frame.text
    assert "<script" not in frame.text


# --- The form refuses what it cannot send


def test_an_unknown_placeholder_is_refused_with_the_list_of_allowed_ones(client, manager):
    client.force_login(manager)
    response = client.post(
        EDIT_URL,
        {"subject": "Bonjour {SECRET_KEY}", "body": "Bonjour {nom_complet}", "action": "save"},
    )
    assert response.status_code == 200
    assert "Variable inconnue : {SECRET_KEY}." in response.text
    assert "Variable inconnue : {nom_complet}." in response.text
    assert "Variables possibles pour cet e-mail : {lien}, {prenom}" in response.text
    assert 'value="Bonjour {SECRET_KEY}"' in response.text  # what was typed is kept
    assert not EmailText.objects.exists()


def test_a_multi_line_placeholder_is_refused_in_the_subject(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("mailing:text_edit", args=["officer_digest"]),
        {"subject": "Synthèse {details}", "body": "{details}", "action": "save"},
    )
    assert response.status_code == 200
    assert "La variable {details} tient sur plusieurs lignes" in response.text
    assert not EmailText.objects.exists()


@pytest.mark.parametrize(
    ("subject", "body", "message"),
    [
        ("Objet", "Bonjour\x00 {prenom}", "Le caractère nul n’est pas autorisé."),
        ("Objet\x00", "Bonjour {prenom}", "Le caractère nul n’est pas autorisé."),
        (
            "Objet",
            "Bonjour {prenom} " + "a" * 49_983,
            "Assurez-vous que cette valeur comporte au plus 10000 caractères (actuellement 50000).",
        ),
        (
            "o" * 201,
            "Bonjour {prenom}",
            "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201).",
        ),
        ("   ", "Bonjour {prenom}", "Ce champ est obligatoire."),
        ("Objet", "  \n  ", "Ce champ est obligatoire."),
    ],
)
@pytest.mark.parametrize("action", ["save", "preview"])
def test_bad_input_gets_a_french_message_and_keeps_the_typed_text(
    client, manager, subject, body, message, action
):
    client.force_login(manager)
    response = client.post(EDIT_URL, {"subject": subject, "body": body, "action": action})
    assert response.status_code == 200
    assert message in response.text
    assert "Le formulaire contient des erreurs" in response.text
    assert "Bonjour" in response.text
    if len(body) > 40_000:
        assert "a" * 49_983 in response.text
    assert not EmailText.objects.exists()
    assert "Aperçu, avec des valeurs d'exemple" not in response.text


# --- Preview, revert, history


def test_the_preview_renders_subject_text_and_html_with_sample_values_without_saving(
    client, manager
):
    client.force_login(manager)
    response = client.post(
        EDIT_URL,
        {"subject": "Pour {prenom}", "body": "Bonjour {prenom},\n\n{lien}", "action": "preview"},
    )
    assert response.status_code == 200
    assert not EmailText.objects.exists()
    assert "Aperçu, avec des valeurs d'exemple (non enregistré)" in response.text
    assert "Pour Claire" in response.text
    assert "Bonjour Claire," in response.text
    assert 'value="Pour {prenom}"' in response.text  # the form keeps the text being written
    frame_url = reverse("mailing:text_preview_html", args=["company_link"])
    assert f'src="{frame_url}?v=' in response.text
    assert "<iframe" in response.text and " sandbox " in response.text

    frame = client.get(frame_url)
    assert frame.status_code == 200
    assert "<p>Bonjour Claire,</p>" in frame.text
    assert "PMI en AQT" in frame.text
    policy = frame["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in frame["Cache-Control"]


def test_the_preview_frame_of_another_kind_or_without_a_preview_is_not_found(client, manager):
    client.force_login(manager)
    frame_url = reverse("mailing:text_preview_html", args=["company_link"])
    assert client.get(frame_url).status_code == 404
    client.post(EDIT_URL, {"subject": "Objet", "body": "Texte", "action": "preview"})
    other = reverse("mailing:text_preview_html", args=["follow_up_survey"])
    assert client.get(other).status_code == 404


def test_the_edit_page_keeps_its_own_strict_policy(client, manager):
    client.force_login(manager)
    response = client.get(EDIT_URL)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_reverting_deletes_the_text_and_the_next_email_uses_the_default_again(
    client, manager, project, send_link
):
    save_text(client, manager, subject="Mon objet {prenom}", body="Mon texte")
    assert EmailText.objects.get().updated_by == manager

    response = client.post(reverse("mailing:text_reset", args=["company_link"]))

    assert response.status_code == 302
    assert response.url == EDIT_URL
    assert not EmailText.objects.exists()
    page = client.get(EDIT_URL)
    assert "L&#x27;e-mail « Lien de suivi envoyé à l&#x27;entreprise » reprend son texte" in (
        page.text
    )
    assert "part aujourd'hui avec le texte par défaut" in page.text
    email = send_link(project)
    assert email.subject.startswith("Suivez votre projet")


def test_reverting_a_kind_that_was_not_rewritten_changes_nothing(client, manager):
    client.force_login(manager)
    response = client.post(reverse("mailing:text_reset", args=["company_link"]), follow=True)
    assert "Cet e-mail utilisait déjà le texte par défaut." in response.text


def test_emails_already_recorded_are_not_changed_by_a_later_edit(
    client, manager, project, send_link
):
    before = send_link(project)
    subject, body_text, body_html = before.subject, before.body_text, before.body_html

    save_text(client, manager, subject="Nouveau {prenom}", body="Nouveau texte")

    before.refresh_from_db()
    assert (before.subject, before.body_text, before.body_html) == (subject, body_text, body_html)
    # Queuing the same email again (same key) still returns the first record, unchanged.
    again = send_link(project)
    assert again.pk == before.pk and again.subject == subject
    after = services.email_queue(
        key="company-link:other",
        kind="company_link",
        to="ines@forges.example",
        context={"first_name": "Inès"},
    )
    assert after.subject == "Nouveau Inès"


def test_editing_again_updates_the_same_text(client, manager):
    save_text(client, manager, subject="Premier", body="Un")
    save_text(client, manager, subject="Second", body="Deux")
    text = EmailText.objects.get()
    assert (text.subject, text.body) == ("Second", "Deux")
    page = client.get(EDIT_URL)
    assert 'value="Second"' in page.text
    assert "Revenir au texte par défaut" in page.text


# --- Non-essential kinds keep their unsubscribe link and headers


def test_a_rewritten_non_essential_email_keeps_the_unsubscribe_link_and_headers(
    client, manager, django_capture_on_commit_callbacks, mailoutbox
):
    save_text(
        client,
        manager,
        kind="intake_notification",
        subject="Demande : {titre_projet}",
        body="Nouvelle demande de {entreprise}.\n\n{lien}",
    )
    address = "accueil@uimm-aquitaine.example"
    with django_capture_on_commit_callbacks(execute=True):
        email = services.email_queue(
            key="n:1",
            kind="intake_notification",
            to=address,
            context={
                "project": ProjectFactory.build(title="Presse"),
                "company": ProjectFactory.build().company,
                "company_url": "https://portail.example/entreprises/1/",
            },
        )
    link = unsubscribe_url(address)
    assert email.subject == "Demande : Presse"
    assert email.body_text.rstrip().endswith(link)
    assert link in email.body_html
    assert mailoutbox[0].extra_headers["List-Unsubscribe"] == f"<{link}>"


def test_an_unsubscribed_address_gets_no_rewritten_non_essential_email(
    client, manager, django_capture_on_commit_callbacks, mailoutbox
):
    save_text(
        client,
        manager,
        kind="officer_digest",
        subject="Synthèse du {date}",
        body="{details}",
    )
    services.unsubscribe(address="officer@pmi-aqt.test")
    with django_capture_on_commit_callbacks(execute=True):
        email = services.email_queue(
            key="digest:1",
            kind="officer_digest",
            to="officer@pmi-aqt.test",
            context={"first_name": "Julien", "overdue_steps": []},
        )
    assert email.status == OutboundEmail.Status.SUPPRESSED
    assert mailoutbox == []


# --- Every editable kind works end to end with its sample values


@pytest.mark.parametrize("kind", sorted(kinds.REGISTRY))
def test_each_editable_kind_previews_its_starting_text_with_every_placeholder_filled(
    client, manager, kind
):
    spec = kinds.get(kind)
    client.force_login(manager)
    url = reverse("mailing:text_edit", args=[kind])
    page = client.get(url)
    assert page.status_code == 200
    assert "Texte envoyé aujourd'hui" in page.text  # the default, with sample values
    for placeholder in spec.placeholders:
        assert placeholder.token in page.text

    response = client.post(
        url,
        {"subject": str(spec.subject), "body": str(spec.body), "action": "preview"},
    )
    assert response.status_code == 200
    assert "Aperçu, avec des valeurs d'exemple" in response.text
    preview = services.email_text_preview(kind=kind, subject=str(spec.subject), body=str(spec.body))
    used = placeholders_in(str(spec.subject) + str(spec.body))
    assert used and not placeholders_in(preview.subject + preview.body_text)
    assert "PMI en AQT" in preview.body_html


# --- Blocks written for each outcome of a decision


def decision_email(outcome: str, **context) -> OutboundEmail:
    spec = kinds.get("decision")
    EmailText.objects.create(kind=spec.code, subject=str(spec.subject), body=str(spec.body))
    return services.email_queue(
        key=f"decision:{outcome}",
        kind=spec.code,
        to="ines@forges.example",
        context={
            "first_name": "Inès",
            "project_title": "Presse",
            "link": "https://portail.example/suivi/x/",
            "link_days": 30,
            "outcome": outcome,
            "outcome_label": outcome,
            "approved": outcome.startswith("approved"),
            "conditions": "",
            "actions": [],
            **context,
        },
    )


def test_a_rewritten_decision_says_the_right_sentences_for_a_refusal():
    email = decision_email("rejected")
    assert "n'a pas retenu d'accompagnement par le programme" in email.body_text
    assert "vous orienter vers d'autres dispositifs" in email.body_text
    assert "Les conditions" not in email.body_text
    assert "L'accompagnement accordé" not in email.body_text
    assert "\n\n\n" not in email.body_text  # the empty blocks leave no hole
    assert "chargé·e de mission, " not in email.body_text  # no officer: no sentence


def test_a_rewritten_decision_lists_what_a_deferral_asks():
    email = decision_email("deferred", conditions="Compléter le plan de financement.")
    assert "reporter sa décision sur votre projet « Presse »" in email.body_text
    assert "Ce que la task force demande :\nCompléter le plan de financement." in email.body_text
    assert "il sera ensuite présenté de nouveau à la task force" in email.body_text
