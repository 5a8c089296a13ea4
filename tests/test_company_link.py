"""The company's page behind its secure link: what it shows, what it never shows, who it
refuses, the uploads through it, and the staff sending the link."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from pmi_aqt.mailing.models import OutboundEmail
from projects.access import company_link_token
from projects.models import (
    Document,
    DocumentKind,
    DocumentRequest,
    FinancingLine,
    ProjectNote,
    Stage,
)
from projects.services.documents import detect_file_type, document_store

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import (
    CompanyFactory,
    ContactFactory,
    ProjectFactory,
    UserFactory,
    record_decision,
)
from .test_documents_samples import (
    EXE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    pdf_upload,
    private_storage,  # noqa: F401 - a fixture
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]

INVALID = "Lien invalide ou expiré"


@pytest.fixture
def officer_in_charge(db):
    return UserFactory(
        email="claire.dupuy@pmi-aqt.test",
        first_name="Claire",
        last_name="Dupuy",
        roles=["officer"],
    )


@pytest.fixture
def contact(company):
    return ContactFactory(company=company, first_name="Inès", last_name="Laborde")


@pytest.fixture
def project(company, contact, officer_in_charge):
    return ProjectFactory(
        company=company,
        submitted_by=contact,
        officer=officer_in_charge,
        title="Capteurs connectés sur la presse",
        stage=Stage.DIAGNOSIS,
    )


@pytest.fixture
def document_request(project):
    return DocumentRequest.objects.create(
        project=project,
        kind=DocumentKind.QUOTE,
        label="Devis du robot de soudure",
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )


def link(contact, project) -> str:
    token = company_link_token(contact_id=contact.pk, project_id=project.pk)
    return reverse("projects:company_view", args=[token])


def token_of(contact, project) -> str:
    return company_link_token(contact_id=contact.pk, project_id=project.pk)


def upload_url(contact, project, document_request) -> str:
    return reverse(
        "projects:company_upload", args=[token_of(contact, project), document_request.pk]
    )


def send_url(project) -> str:
    return reverse("projects:send_company_link", args=[project.pk])


def assert_invalid_page(response) -> None:
    assert response.status_code in (403, 404)
    assert INVALID in response.text
    assert "Capteurs connectés" not in response.text
    assert "Claire Dupuy" not in response.text


# --- What the page shows


def test_the_contact_sees_the_project_stage_officer_and_requests(
    client, contact, project, document_request
):
    token = token_of(contact, project)
    response = client.get(reverse("projects:company_view", args=[token]))

    assert response.status_code == 200
    html = response.text
    assert "Capteurs connectés sur la presse" in html
    assert "Votre dossier est en préparation avec votre chargé·e de mission" in html
    assert "Claire Dupuy" in html
    assert 'href="mailto:claire.dupuy@pmi-aqt.test"' in html
    assert "Devis du robot de soudure" in html
    assert reverse("projects:company_upload", args=[token, document_request.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        (Stage.INTAKE, "Votre demande a été reçue"),
        (Stage.QUALIFIED, "Votre dossier est en préparation avec votre chargé·e de mission"),
        (Stage.DIAGNOSIS, "Votre dossier est en préparation avec votre chargé·e de mission"),
        (Stage.DOSSIER_READY, "Votre dossier sera présenté à la task force"),
        (Stage.ON_AGENDA, "Votre dossier sera présenté à la task force"),
        (Stage.DECIDED, "Décision rendue"),
        (Stage.IN_SUPPORT, "Accompagnement en cours"),
        (Stage.COMPLETED, "Projet clos"),
        (Stage.ABANDONED, "Projet clos"),
    ],
)
def test_each_stage_is_told_in_plain_words(client, contact, project, stage, words):
    project.stage = stage
    project.save()
    html = client.get(link(contact, project)).text
    assert f'<p class="lead mb-1" data-company-step>{words}</p>' in html
    assert 'aria-current="step"' in html
    # Never the internal name of the stage.
    assert f">{Stage(stage).label}<" not in html


def test_a_project_without_officer_says_one_will_come(client, contact, project):
    project.officer = None
    project.save()
    html = client.get(link(contact, project)).text
    assert "Un·e chargé·e de mission vous sera attribué·e prochainement" in html


def test_the_page_never_shows_internal_data(client, contact, project, officer_in_charge):
    project.budget = Decimal("777777")
    project.task_force_request = "DEMANDE-A-LA-TASK-FORCE"
    project.description = "DESCRIPTION-INTERNE"
    project.save()
    record_decision(project, "rejected")
    ProjectNote.objects.create(project=project, author=officer_in_charge, text="NOTE-SECRETE")
    FinancingLine.objects.create(
        project=project, source_label="BANQUE-SECRETE", kind="loan", amount_asked=123456
    )
    other = ProjectFactory(title="PROJET-D-UNE-AUTRE-ENTREPRISE")
    ContactFactory(company=other.company, last_name="AUTRE-CONTACT")
    staff_document = document_store(
        project=project,
        file=pdf_upload("analyse-interne.pdf"),
        file_type=detect_file_type(pdf_upload()),
        kind=DocumentKind.OTHER,
        uploaded_by=officer_in_charge,
    )

    html = client.get(link(contact, project)).text

    for secret in (
        "777",
        "123",
        "NOTE-SECRETE",
        "BANQUE-SECRETE",
        "DEMANDE-A-LA-TASK-FORCE",
        "DESCRIPTION-INTERNE",
        "Refusé",
        "PROJET-D-UNE-AUTRE-ENTREPRISE",
        "AUTRE-CONTACT",
        "analyse-interne.pdf",
        project.company.siret,
    ):
        assert secret not in html, secret
    assert str(staff_document.pk) not in re.findall(r"documents/(\d+)/", html)


# --- Links that open nothing


def test_an_expired_link_is_refused(client, contact, project):
    issued = timezone.now()
    with freeze_time(issued):
        url = link(contact, project)
    with freeze_time(issued + datetime.timedelta(days=settings.COMPANY_LINK_MAX_AGE_DAYS - 1)):
        assert client.get(url).status_code == 200
    with freeze_time(issued + datetime.timedelta(days=settings.COMPANY_LINK_MAX_AGE_DAYS, hours=1)):
        assert_invalid_page(client.get(url))


def test_a_tampered_link_is_refused(client, contact, project):
    token = token_of(contact, project)
    other_project = ProjectFactory(company=project.company)
    forged_payload = token_of(contact, other_project).split(":")[0]
    tampered = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        forged_payload + token[token.index(":") :],
        token.split(":")[0],
        "nimporte-quoi",
        "x" * 5000,
    ]
    for bad in tampered:
        response = client.get(reverse("projects:company_view", args=[bad]))
        assert_invalid_page(response)


def test_a_link_naming_a_project_of_another_company_is_refused(client, contact, project):
    foreign_project = ProjectFactory(title="Projet d'un concurrent")
    response = client.get(link(contact, foreign_project))
    assert_invalid_page(response)
    assert "Projet d&#x27;un concurrent" not in response.text


def test_a_link_naming_a_contact_of_another_company_is_refused(client, project):
    stranger = ContactFactory(company=CompanyFactory())
    assert_invalid_page(client.get(link(stranger, project)))


def test_a_link_for_a_deleted_contact_or_project_is_refused(client, contact, project):
    url = link(contact, project)
    contact.delete()
    assert_invalid_page(client.get(url))
    assert_invalid_page(
        client.get(
            reverse(
                "projects:company_view", args=[company_link_token(contact_id=1, project_id=999999)]
            )
        )
    )


def test_the_page_only_answers_get(client, contact, project):
    assert client.post(link(contact, project)).status_code == 405


def test_logged_in_people_get_the_same_answer_as_anyone(client, member, contact, project):
    client.force_login(member)
    assert client.get(link(contact, project)).status_code == 200
    assert_invalid_page(client.get(reverse("projects:company_view", args=["faux"])))


# --- Uploading through the link


def test_the_contact_uploads_a_requested_document(client, contact, project, document_request):
    token = token_of(contact, project)
    response = client.post(
        reverse("projects:company_upload", args=[token, document_request.pk]),
        {f"demande-{document_request.pk}-file": pdf_upload("Devis signé.pdf")},
    )

    assert response.status_code == 302
    assert response.url == reverse("projects:company_view", args=[token])
    document = project.documents.get()
    assert document.uploaded_by_contact == contact
    assert document.uploaded_by is None
    assert document.request == document_request
    assert document.kind == DocumentKind.QUOTE
    assert document.original_name == "Devis signé.pdf"
    assert document.content_type == "application/pdf"
    document_request.refresh_from_db()
    assert document_request.fulfilled_at is not None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Merci : « Devis signé.pdf » a bien été reçu pour « Devis du robot de soudure »."
    ]
    # The request no longer waits; the document is listed among those sent.
    html = client.get(response.url).text
    assert "Le programme ne vous demande aucun document pour l'instant." in html
    assert "Devis signé.pdf" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("devis.pdf", EXE_BYTES, "ne correspond pas à un fichier .pdf"),
        ("devis.pdf", PNG_BYTES, "le nom doit se terminer par .png"),
        ("devis.pdf", b"", "Le fichier est vide : choisissez un autre fichier."),
        ("setup.exe", EXE_BYTES, "Ce type de fichier n&#x27;est pas accepté."),
    ],
)
def test_uploads_through_the_link_are_checked_the_same_way(
    client, contact, project, document_request, name, content, message
):
    response = client.post(
        upload_url(contact, project, document_request),
        {f"demande-{document_request.pk}-file": upload(name, content)},
    )
    assert response.status_code == 200
    assert message in response.text
    assert "<title>Erreur — Suivi de votre projet" in response.text
    assert "Votre fichier pour « Devis du robot de soudure »" in response.text
    assert not Document.objects.exists()
    document_request.refresh_from_db()
    assert document_request.fulfilled_at is None


def test_a_too_big_upload_through_the_link_is_refused(
    client, contact, project, document_request, settings
):
    settings.DOCUMENT_MAX_SIZE_MB = 1
    response = client.post(
        upload_url(contact, project, document_request),
        {f"demande-{document_request.pk}-file": upload("x.pdf", PDF_BYTES + b"0" * 1024 * 1024)},
    )
    assert "Le fichier dépasse 1 Mo" in response.text
    assert not Document.objects.exists()


def test_an_upload_without_file_is_refused(client, contact, project, document_request):
    response = client.post(upload_url(contact, project, document_request), {})
    assert response.status_code == 200
    assert "Choisissez le fichier à déposer." in response.text


def test_an_upload_with_a_bad_link_stores_nothing(client, contact, project, document_request):
    url = reverse("projects:company_upload", args=["faux:jeton", document_request.pk])
    response = client.post(url, {f"demande-{document_request.pk}-file": pdf_upload()})
    assert_invalid_page(response)
    foreign_project = ProjectFactory()
    url = reverse(
        "projects:company_upload", args=[token_of(contact, foreign_project), document_request.pk]
    )
    assert_invalid_page(client.post(url, {f"demande-{document_request.pk}-file": pdf_upload()}))
    assert not Document.objects.exists()


def test_a_request_of_another_project_cannot_be_answered_through_the_link(client, contact, project):
    other_project = ProjectFactory(company=project.company)
    foreign_request = DocumentRequest.objects.create(
        project=other_project, kind=DocumentKind.QUOTE, label="Devis"
    )
    url = upload_url(contact, project, foreign_request)
    response = client.post(url, {f"demande-{foreign_request.pk}-file": pdf_upload()})
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_a_fulfilled_request_takes_no_more_files(client, contact, project, document_request):
    document_request.fulfilled_at = timezone.now()
    document_request.save()
    response = client.post(
        upload_url(contact, project, document_request),
        {f"demande-{document_request.pk}-file": pdf_upload()},
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_uploading_needs_a_post(client, contact, project, document_request):
    assert client.get(upload_url(contact, project, document_request)).status_code == 405


# --- Downloading through the link


def company_document(contact, project, name="devis.pdf") -> Document:
    file = pdf_upload(name)
    return document_store(
        project=project,
        file=file,
        file_type=detect_file_type(file),
        kind=DocumentKind.QUOTE,
        uploaded_by_contact=contact,
    )


def download_with_link(document, token) -> str:
    return reverse("projects:document_download", args=[document.project_id, document.pk]) + (
        f"?lien={token}"
    )


def test_the_contact_downloads_what_the_company_sent(client, contact, project):
    document = company_document(contact, project)
    token = token_of(contact, project)
    html = client.get(reverse("projects:company_view", args=[token])).text
    url = download_with_link(document, token)
    assert url.replace("&", "&amp;") in html or url in html

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_colleague_link_opens_the_company_documents_too(client, contact, project):
    document = company_document(contact, project)
    colleague = ContactFactory(company=project.company)
    assert client.get(download_with_link(document, token_of(colleague, project))).status_code == 200


def test_the_link_never_opens_the_team_documents(client, contact, project, officer):
    file = pdf_upload("analyse.pdf")
    document = document_store(
        project=project,
        file=file,
        file_type=detect_file_type(file),
        kind=DocumentKind.OTHER,
        uploaded_by=officer,
    )
    assert client.get(download_with_link(document, token_of(contact, project))).status_code == 403


def test_a_link_for_another_project_opens_no_document(client, contact, project):
    document = company_document(contact, project)
    sibling = ProjectFactory(company=project.company)
    foreign = ProjectFactory()
    for token in (
        token_of(contact, sibling),
        token_of(contact, foreign),
        "faux",
        token_of(contact, project)[:-2] + "xx",
    ):
        assert client.get(download_with_link(document, token)).status_code == 403


def test_an_expired_link_opens_no_document(client, contact, project):
    document = company_document(contact, project)
    issued = timezone.now()
    with freeze_time(issued):
        token = token_of(contact, project)
    with freeze_time(issued + datetime.timedelta(days=settings.COMPANY_LINK_MAX_AGE_DAYS + 1)):
        assert client.get(download_with_link(document, token)).status_code == 403


def test_the_stored_file_stays_private(contact, project, private_storage):  # noqa: F811
    document = company_document(contact, project)
    assert Path(document.file.path).is_relative_to(private_storage)


# --- Sending the link


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_send_the_link_once_after_commit(
    client,
    as_user,
    fixture_name,
    contact,
    project,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    as_user(fixture_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(project))

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#documents"
    email = OutboundEmail.objects.get()
    today = timezone.localdate().isoformat()
    assert email.key == f"company-link:{project.pk}:{contact.pk}:{today}"
    assert email.kind == "company_link"
    assert email.status == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [contact.email]
    assert (
        message.subject == "Suivez votre projet « Capteurs connectés sur la presse » — PMI en AQT"
    )
    assert "Bonjour Inès," in message.body
    assert f"valable {settings.COMPANY_LINK_MAX_AGE_DAYS} jours" in message.body
    assert "Claire Dupuy" in message.body
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Le lien de suivi a été envoyé à Inès Laborde ({contact.email})."
    ]
    # The email's link opens the page.
    url = re.search(re.escape(settings.SITE_URL) + r"(/projets/suivi/\S+/)", message.body).group(1)
    client.logout()
    assert "Capteurs connectés sur la presse" in client.get(url).text


def test_sending_twice_the_same_day_sends_one_email_and_the_next_day_another(
    client, officer, contact, project, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(officer)
    with freeze_time("2026-03-02 09:00:00+01:00"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(send_url(project))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(send_url(project))
        assert len(mailoutbox) == 1
        assert [str(m) for m in get_messages(response.wsgi_request)][-1:] == [
            f"Le lien de suivi a déjà été envoyé aujourd'hui à {contact.email} : "
            "il pourra être renvoyé demain."
        ]
    with (
        freeze_time("2026-03-03 09:00:00+01:00"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(send_url(project))
    assert len(mailoutbox) == 2
    assert OutboundEmail.objects.count() == 2


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_send_the_link(client, as_user, fixture_name, contact, project):
    as_user(fixture_name)
    assert client.post(send_url(project)).status_code == 403
    assert not OutboundEmail.objects.exists()


def test_anonymous_visitor_cannot_send_the_link(client, contact, project):
    response = client.post(send_url(project))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not OutboundEmail.objects.exists()


def test_sending_needs_a_post_and_a_known_project(client, officer, contact, project):
    client.force_login(officer)
    assert client.get(send_url(project)).status_code == 405
    assert client.post(reverse("projects:send_company_link", args=[999999])).status_code == 404
    assert not OutboundEmail.objects.exists()


def test_a_company_without_contact_gets_no_email_and_a_french_message(
    client, officer, django_capture_on_commit_callbacks, mailoutbox
):
    project = ProjectFactory()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(project))
    assert response.status_code == 302
    assert mailoutbox == []
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "L'entreprise n'a aucun contact à qui écrire : ajoutez d'abord un contact sur sa fiche."
    ]
