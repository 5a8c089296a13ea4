"""The manager's pages for email texts: who may open them, what the list says, wrong methods
and unknown kinds."""

import dataclasses

import pytest
from django.urls import reverse

from pmi_aqt.mailing import kinds
from pmi_aqt.mailing.models import EmailText
from pmi_aqt.mailing.texts import placeholders_in

pytestmark = pytest.mark.django_db

KIND = "company_link"
OTHERS = ["officer", "finance_officer", "member", "company_user", "no_role_user"]


def post_preview(client):
    return client.post(
        reverse("mailing:text_edit", args=[KIND]),
        {"subject": "Objet", "body": "Bonjour {prenom}", "action": "preview"},
    )


# Each view: how the manager calls it, and what it answers them.
REQUESTS = {
    "list": (lambda c: c.get(reverse("mailing:text_list")), 200),
    "edit": (lambda c: c.get(reverse("mailing:text_edit", args=[KIND])), 200),
    "save": (
        lambda c: c.post(
            reverse("mailing:text_edit", args=[KIND]),
            {"subject": "Objet", "body": "Bonjour {prenom}", "action": "save"},
        ),
        302,
    ),
    "preview": (post_preview, 200),
    "reset": (lambda c: c.post(reverse("mailing:text_reset", args=[KIND])), 302),
    "preview_frame": (
        lambda c: c.get(reverse("mailing:text_preview_html", args=[KIND])),
        200,
    ),
}


@pytest.fixture
def rewritten(manager):
    return EmailText.objects.create(
        kind=KIND, subject="Mon objet", body="Mon texte", updated_by=manager
    )


@pytest.mark.parametrize("view", sorted(REQUESTS))
def test_the_manager_may_use_every_page(client, manager, rewritten, view):
    client.force_login(manager)
    if view == "preview_frame":
        post_preview(client)
    call, status = REQUESTS[view]
    assert call(client).status_code == status


@pytest.mark.parametrize("fixture_name", OTHERS)
@pytest.mark.parametrize("view", sorted(REQUESTS))
def test_other_roles_are_refused_every_page(client, request, rewritten, fixture_name, view):
    client.force_login(request.getfixturevalue(fixture_name))
    call, _status = REQUESTS[view]
    assert call(client).status_code == 403
    text = EmailText.objects.get()
    assert (text.subject, text.body) == ("Mon objet", "Mon texte")


@pytest.mark.parametrize("view", sorted(REQUESTS))
def test_anonymous_visitors_are_sent_to_login(client, rewritten, view):
    call, _status = REQUESTS[view]
    response = call(client)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert EmailText.objects.get().subject == "Mon objet"


def test_a_preview_stored_by_the_manager_is_not_served_to_another_session(client, manager):
    client.force_login(manager)
    post_preview(client)
    client.logout()
    client.force_login(manager)
    assert client.get(reverse("mailing:text_preview_html", args=[KIND])).status_code == 404


def test_wrong_methods_are_refused(client, manager, rewritten):
    client.force_login(manager)
    assert client.get(reverse("mailing:text_reset", args=[KIND])).status_code == 405
    assert client.post(reverse("mailing:text_list")).status_code == 405
    assert client.post(reverse("mailing:text_preview_html", args=[KIND])).status_code == 405
    assert client.put(reverse("mailing:text_edit", args=[KIND])).status_code == 405
    assert EmailText.objects.exists()


@pytest.mark.parametrize("kind", ["inconnu", "decision"])
def test_a_kind_without_an_editable_text_is_not_found(client, manager, monkeypatch, kind):
    # A kind its app registered as not editable: it always goes with its default wording.
    monkeypatch.setitem(
        kinds.REGISTRY, "decision", dataclasses.replace(kinds.get("decision"), editable=False)
    )
    client.force_login(manager)
    assert client.get(reverse("mailing:text_edit", args=[kind])).status_code == 404
    assert client.post(reverse("mailing:text_reset", args=[kind])).status_code == 404
    response = client.post(
        reverse("mailing:text_edit", args=[kind]), {"subject": "a", "body": "b", "action": "save"}
    )
    assert response.status_code == 404
    assert not EmailText.objects.exists()
    listing = client.get(reverse("mailing:text_list")).text
    assert "Texte par défaut (pas encore modifiable)" in listing
    assert reverse("mailing:text_edit", args=["decision"]) not in listing


def test_every_kind_of_email_has_an_editable_text():
    fixed = sorted(kind.code for kind in kinds.registered() if not kind.editable)
    assert not fixed, (
        f"Describe {fixed} as editable in its app's email_kinds.py (placeholders, default "
        "wording, sample values) so the programme manager can rewrite it."
    )
    assert {kind.code for kind in kinds.registered()} >= {
        "intake_confirmation",
        "intake_notification",
        "company_link",
        "document_request",
        "officer_digest",
        "follow_up_survey",
        "intake_draft_saved",
        "intake_draft_reminder",
        "taskforce_pack",
        "taskforce_review_reminder",
        "taskforce_decision",
        "decision",
    }


@pytest.mark.parametrize("code", sorted(kinds.REGISTRY))
def test_each_default_wording_uses_only_its_kind_s_placeholders(code):
    kind = kinds.get(code)
    subject, body = str(kind.subject), str(kind.body)
    allowed_in_subject = {p.name for p in kind.allowed(in_subject=True)}
    assert set(placeholders_in(subject)) <= allowed_in_subject
    assert set(placeholders_in(body)) <= set(kind.by_name)


def test_the_list_says_which_kinds_use_the_default_or_a_rewritten_text(client, manager, rewritten):
    client.force_login(manager)
    response = client.get(reverse("mailing:text_list"))
    html = response.text
    assert "<h1" in html and "Textes des e-mails" in html
    for kind in kinds.registered():
        assert str(kind.label).replace("'", "&#x27;") in html
        link = reverse("mailing:text_edit", args=[kind.code])
        assert (link in html) == kind.editable
    assert html.count("Texte personnalisé") == 1
    assert "modifié le" in html and f"par {manager}" in html
    assert "Texte par défaut" in html


def test_saving_leads_back_to_the_list_with_a_message(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("mailing:text_edit", args=[KIND]),
        {"subject": "Objet", "body": "Bonjour {prenom}", "action": "save"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("mailing:text_list")
    assert "enregistré : les prochains envois l&#x27;utilisent" in response.text
    assert EmailText.objects.get().updated_by == manager


def test_the_edit_form_is_labelled_and_lists_the_placeholders(client, manager):
    client.force_login(manager)
    html = client.get(reverse("mailing:text_edit", args=[KIND])).text
    assert 'for="id_subject"' in html and 'for="id_body"' in html
    assert 'aria-describedby="id_body_helptext"' in html
    assert "Variables disponibles" in html
    assert "{lien}" in html and "Lien personnel et sécurisé" in html
    assert "Revenir au texte par défaut" not in html  # nothing to revert yet
    assert "Bonjour {prenom}," in html  # the starting text, equivalent to the default


def test_the_email_list_links_to_the_texts_for_the_manager_only(client, manager, officer):
    client.force_login(manager)
    assert reverse("mailing:text_list") in client.get(reverse("mailing:list")).text
    client.force_login(officer)
    assert reverse("mailing:text_list") not in client.get(reverse("mailing:list")).text
