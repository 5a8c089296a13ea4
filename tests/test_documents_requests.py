"""Asking the company for documents: who may, what is recorded, the email sent once."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from pmi_aqt.mailing.models import OutboundEmail
from projects.models import Document, DocumentKind, DocumentRequest

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import ContactFactory, ProjectFactory, UserFactory
from .test_documents_samples import private_storage  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]


@pytest.fixture
def officer_in_charge(db):
    return UserFactory(
        email="claire.dupuy@pmi-aqt.test",
        first_name="Claire",
        last_name="Dupuy",
        roles=["officer"],
    )


@pytest.fixture
def submitter(company):
    return ContactFactory(company=company, first_name="Inès", email="ines@forges.example")


@pytest.fixture
def project(company, submitter, officer_in_charge):
    return ProjectFactory(company=company, submitted_by=submitter, officer=officer_in_charge)


def create_url(project) -> str:
    return reverse("projects:document_request_create", args=[project.pk])


def delete_url(document_request) -> str:
    return reverse(
        "projects:document_request_delete",
        args=[document_request.project_id, document_request.pk],
    )


def request_data(**overrides) -> dict:
    data = {
        "kind": "quote",
        "label": "Devis du robot de soudure",
        "due_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
    }
    data.update(overrides)
    return data


# --- Who may ask


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_ask_the_company_for_a_document(client, as_user, fixture_name, project):
    user = as_user(fixture_name)
    page = client.get(create_url(project))
    assert page.status_code == 200
    assert "ines@forges.example" in page.text

    response = client.post(create_url(project), request_data())

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#documents"
    document_request = project.document_requests.get()
    assert document_request.label == "Devis du robot de soudure"
    assert document_request.requested_by == user
    assert document_request.fulfilled_at is None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "La demande « Devis du robot de soudure » a été envoyée à ines@forges.example."
    ]


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_ask_for_documents(client, as_user, fixture_name, project):
    as_user(fixture_name)
    assert client.get(create_url(project)).status_code == 403
    assert client.post(create_url(project), request_data()).status_code == 403
    assert not DocumentRequest.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client, project):
    response = client.post(create_url(project), request_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not DocumentRequest.objects.exists()


def test_asking_refuses_other_methods(client, officer, project):
    client.force_login(officer)
    assert client.put(create_url(project)).status_code == 405
    assert client.get(reverse("projects:document_request_create", args=[999999])).status_code == 404


# --- The email


def test_the_contact_gets_one_email_with_the_secure_link_after_commit(
    client, officer, project, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(create_url(project), request_data())

    assert len(callbacks) == 1
    document_request = project.document_requests.get()
    email = OutboundEmail.objects.get()
    assert email.key == f"document-request:{document_request.pk}"
    assert email.kind == "document_request"
    assert email.to == "ines@forges.example"
    assert email.regarding == project
    assert email.status == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ines@forges.example"]
    assert message.subject == f"Document demandé pour votre projet « {project.title} » — PMI en AQT"
    assert "Bonjour Inès," in message.body
    assert "Devis du robot de soudure (Devis)" in message.body
    assert "Claire Dupuy" in message.body and "claire.dupuy@pmi-aqt.test" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body
    html = message.alternatives[0].content
    assert "Devis du robot de soudure" in html

    # The link in the email opens the company's page, where the request waits for its file.
    link = re.search(re.escape(settings.SITE_URL) + r"/projets/suivi/\S+/", message.body).group(0)
    client.logout()
    page = client.get(link.removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    assert "Devis du robot de soudure" in page.text


def test_without_a_submitter_the_company_first_contact_is_written_to(
    client, officer, company, django_capture_on_commit_callbacks, mailoutbox
):
    first = ContactFactory(company=company, last_name="Zubiri", email="first@forges.example")
    ContactFactory(company=company, last_name="Arrieta", email="second@forges.example")
    project = ProjectFactory(company=company, submitted_by=None)
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url(project), request_data())

    assert [m.to for m in mailoutbox] == [[first.email]]


def test_a_submitter_of_another_company_is_never_written_to(
    client, officer, company, django_capture_on_commit_callbacks, mailoutbox
):
    own = ContactFactory(company=company, email="own@forges.example")
    stranger = ContactFactory(email="stranger@elsewhere.example")
    project = ProjectFactory(company=company, submitted_by=stranger)
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url(project), request_data())

    assert [m.to for m in mailoutbox] == [[own.email]]


def test_a_company_without_contact_gets_no_request_and_a_french_message(
    client, officer, django_capture_on_commit_callbacks, mailoutbox
):
    project = ProjectFactory()
    client.force_login(officer)
    assert "aucun contact à qui écrire" in client.get(create_url(project)).text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(project), request_data())

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "L'entreprise n'a aucun contact à qui écrire : ajoutez d'abord un contact sur sa fiche."
    ]
    assert "Devis du robot de soudure" in response.text
    assert not DocumentRequest.objects.exists()
    assert mailoutbox == []


# --- What the form refuses


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("label", "   ", "Dites quel document vous demandez."),
        ("kind", "", "Choisissez le type de document."),
        ("kind", "cheque", "Choisissez un type de document de la liste."),
        ("due_on", "31/02/2026", "Saisissez une date valide, par exemple 31/12/2025."),
        ("due_on", "demain", "Saisissez une date valide, par exemple 31/12/2025."),
        ("due_on", "2001-01-01", "La date attendue ne peut pas être déjà passée."),
    ],
)
def test_bad_input_is_refused_in_french_beside_the_field(
    client, officer, project, field, value, message, mailoutbox
):
    client.force_login(officer)
    response = client.post(create_url(project), request_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not DocumentRequest.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_a_request_without_due_date_is_fine(client, officer, project):
    client.force_login(officer)
    assert client.post(create_url(project), request_data(due_on="")).status_code == 302
    assert project.document_requests.get().due_on is None


def test_what_was_typed_is_kept_on_error(client, officer, project):
    client.force_login(officer)
    response = client.post(
        create_url(project), request_data(label="Kbis de moins de 3 mois", due_on="2001-01-01")
    )
    assert 'value="Kbis de moins de 3 mois"' in response.text


# --- Withdrawing a request


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_withdraw_a_request_and_documents_stay(
    client, as_user, fixture_name, project, officer
):
    document_request = DocumentRequest.objects.create(
        project=project, kind=DocumentKind.QUOTE, label="Devis"
    )
    document = Document.objects.create(
        project=project,
        request=document_request,
        kind=DocumentKind.QUOTE,
        file="projects/x/abc",
        original_name="devis.pdf",
        content_type="application/pdf",
        size=10,
    )
    as_user(fixture_name)

    response = client.post(delete_url(document_request))

    assert response.status_code == 302
    assert not DocumentRequest.objects.exists()
    document.refresh_from_db()
    assert document.request is None


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_withdraw_a_request(client, as_user, fixture_name, project):
    document_request = DocumentRequest.objects.create(
        project=project, kind=DocumentKind.QUOTE, label="Devis"
    )
    as_user(fixture_name)
    assert client.post(delete_url(document_request)).status_code == 403
    assert DocumentRequest.objects.exists()


def test_withdrawing_needs_a_post_and_the_right_project(client, officer, project):
    document_request = DocumentRequest.objects.create(
        project=project, kind=DocumentKind.QUOTE, label="Devis"
    )
    client.force_login(officer)
    assert client.get(delete_url(document_request)).status_code == 405
    wrong = reverse(
        "projects:document_request_delete", args=[ProjectFactory().pk, document_request.pk]
    )
    assert client.post(wrong).status_code == 404
    assert DocumentRequest.objects.exists()
