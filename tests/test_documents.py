"""Project documents: uploads checked on content, private storage, downloads, deletion."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

from projects.models import Document, DocumentKind, DocumentRequest
from projects.views.documents import documents_context

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import ContactFactory, ProjectFactory
from .test_documents_samples import (
    EXE_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    docx_bytes,
    odf_bytes,
    pdf_upload,
    private_storage,  # noqa: F401 - a fixture
    upload,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer)


def upload_url(project) -> str:
    return reverse("projects:document_upload", args=[project.pk])


def download_url(document) -> str:
    return reverse("projects:document_download", args=[document.project_id, document.pk])


def delete_url(document) -> str:
    return reverse("projects:document_delete", args=[document.project_id, document.pk])


def post_file(client, project, file, **data):
    return client.post(upload_url(project), {"file": file, "kind": "quote", **data})


def file_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


def stored_document(project, user, name="devis.pdf", content=PDF_BYTES) -> Document:
    from projects.services.documents import detect_file_type, document_store

    file = upload(name, content)
    return document_store(
        project=project,
        file=file,
        file_type=detect_file_type(file),
        kind=DocumentKind.QUOTE,
        uploaded_by=user,
    )


# --- Uploading: who may


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_upload_a_document(client, as_user, fixture_name, project, private_storage):  # noqa: F811
    user = as_user(fixture_name)
    assert client.get(upload_url(project)).status_code == 200

    response = post_file(client, project, pdf_upload("Devis robot.pdf"))

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#documents"
    document = project.documents.get()
    assert document.original_name == "Devis robot.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF_BYTES)
    assert document.kind == DocumentKind.QUOTE
    assert document.uploaded_by == user
    assert document.uploaded_by_contact is None
    # In the private storage, under a random name that owes nothing to the uploader's.
    path = Path(document.file.path)
    assert path.is_relative_to(private_storage)
    assert "Devis" not in document.file.name and not document.file.name.endswith(".pdf")
    assert path.read_bytes() == PDF_BYTES


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_upload(client, as_user, fixture_name, project):
    as_user(fixture_name)
    assert client.get(upload_url(project)).status_code == 403
    assert post_file(client, project, pdf_upload()).status_code == 403
    assert not project.documents.exists()


def test_anonymous_visitor_is_sent_to_login_to_upload(client, project):
    response = post_file(client, project, pdf_upload())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Document.objects.exists()


def test_upload_to_an_unknown_project_is_a_404(client, officer):
    client.force_login(officer)
    url = reverse("projects:document_upload", args=[999999])
    assert client.post(url, {"file": pdf_upload(), "kind": "quote"}).status_code == 404


def test_upload_refuses_other_methods(client, officer, project):
    client.force_login(officer)
    assert client.put(upload_url(project)).status_code == 405


# --- Uploading: what is accepted and what is refused


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.png", PNG_BYTES, "image/png"),
        ("photo.JPG", JPEG_BYTES, "image/jpeg"),
        ("photo.jpeg", JPEG_BYTES, "image/jpeg"),
        (
            "plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "note.odt",
            odf_bytes("application/vnd.oasis.opendocument.text"),
            "application/vnd.oasis.opendocument.text",
        ),
    ],
)
def test_allowed_formats_are_kept_with_the_type_read_from_their_content(
    client, officer, project, name, content, content_type
):
    client.force_login(officer)
    response = post_file(client, project, upload(name, content))
    assert response.status_code == 302
    assert project.documents.get().content_type == content_type


def test_an_exe_renamed_pdf_is_refused(client, officer, project, private_storage):  # noqa: F811
    client.force_login(officer)
    response = post_file(client, project, upload("devis.pdf", EXE_BYTES))
    assert response.status_code == 200
    assert file_errors(response) == [
        "Le contenu de « devis.pdf » ne correspond pas à un fichier .pdf (il a peut-être été "
        "renommé). Formats acceptés : PDF, image PNG ou JPEG, Word, Excel ou PowerPoint "
        "(docx, xlsx, pptx), OpenDocument (odt, ods, odp)."
    ]
    assert not project.documents.exists()
    assert not any(private_storage.rglob("*")) if private_storage.exists() else True


def test_html_disguised_as_a_pdf_is_refused(client, officer, project):
    client.force_login(officer)
    response = post_file(client, project, upload("rapport.pdf", HTML_BYTES))
    assert "ne correspond pas à un fichier .pdf" in file_errors(response)[0]
    assert not project.documents.exists()


def test_an_image_named_pdf_is_refused_because_the_name_lies(client, officer, project):
    client.force_login(officer)
    response = post_file(client, project, upload("bilan.pdf", PNG_BYTES))
    assert file_errors(response) == [
        "Le nom « bilan.pdf » ne correspond pas à son contenu, qui est un fichier PNG : "
        "le nom doit se terminer par .png."
    ]
    assert not project.documents.exists()


def test_a_pdf_named_exe_is_refused(client, officer, project):
    client.force_login(officer)
    response = post_file(client, project, upload("devis.exe", PDF_BYTES))
    assert "le nom doit se terminer par .pdf" in file_errors(response)[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", EXE_BYTES),
        ("page.html", HTML_BYTES),
        ("notes.txt", b"Just text"),
        ("archive.zip", zip_bytes({"a.txt": b"a"})),
        ("macro.docx", docx_bytes(with_macros=True)),
    ],
)
def test_types_outside_the_allow_list_are_refused(client, officer, project, name, content):
    client.force_login(officer)
    response = post_file(client, project, upload(name, content))
    assert response.status_code == 200
    assert file_errors(response)
    assert not project.documents.exists()


def test_a_file_over_the_size_limit_is_refused(client, officer, project, settings):
    settings.DOCUMENT_MAX_SIZE_MB = 1
    client.force_login(officer)
    too_big = PDF_BYTES + b"0" * (1024 * 1024)
    response = post_file(client, project, upload("gros.pdf", too_big))
    assert file_errors(response) == ["Le fichier dépasse 1 Mo, la taille maximale acceptée."]
    assert not project.documents.exists()


def test_the_default_size_limit_is_ten_megabytes(client, officer, project):
    assert django_settings.DOCUMENT_MAX_SIZE_MB == 10
    client.force_login(officer)
    too_big = PDF_BYTES + b"0" * (10 * 1024 * 1024)
    response = post_file(client, project, upload("gros.pdf", too_big))
    assert file_errors(response) == ["Le fichier dépasse 10 Mo, la taille maximale acceptée."]


def test_an_empty_file_is_refused(client, officer, project):
    client.force_login(officer)
    response = post_file(client, project, upload("vide.pdf", b""))
    assert file_errors(response) == ["Le fichier est vide : choisissez un autre fichier."]


def test_no_file_at_all_is_refused(client, officer, project):
    client.force_login(officer)
    response = client.post(upload_url(project), {"kind": "quote"})
    assert file_errors(response) == ["Choisissez le fichier à déposer."]


def test_a_text_instead_of_a_file_is_refused(client, officer, project):
    client.force_login(officer)
    response = client.post(upload_url(project), {"kind": "quote", "file": "devis.pdf"})
    assert response.status_code == 200
    assert file_errors(response)
    assert not project.documents.exists()


def test_a_kind_is_needed_unless_the_file_answers_a_request(client, officer, project):
    client.force_login(officer)
    response = client.post(upload_url(project), {"file": pdf_upload(), "kind": ""})
    assert response.context["form"].errors["kind"] == ["Choisissez le type de document."]
    response = client.post(upload_url(project), {"file": pdf_upload(), "kind": "bribe"})
    assert response.context["form"].errors["kind"] == [
        "Choisissez un type de document de la liste."
    ]
    assert not project.documents.exists()


def test_an_upload_answering_a_request_fulfils_it(client, officer, project):
    document_request = DocumentRequest.objects.create(
        project=project, kind=DocumentKind.BUSINESS_PLAN, label="Plan d'affaires à 3 ans"
    )
    client.force_login(officer)
    page = client.get(upload_url(project) + f"?demande={document_request.pk}")
    assert f'<option value="{document_request.pk}" selected>' in page.text

    response = client.post(
        upload_url(project), {"file": pdf_upload(), "kind": "", "request": document_request.pk}
    )

    assert response.status_code == 302
    document = project.documents.get()
    assert document.request == document_request
    assert document.kind == DocumentKind.BUSINESS_PLAN
    document_request.refresh_from_db()
    assert document_request.fulfilled_at == document.uploaded_at


@pytest.mark.parametrize("wanted", ["abc", "99999999999999999999999", "-1", ""])
def test_an_odd_request_in_the_address_is_ignored(client, officer, project, wanted):
    client.force_login(officer)
    response = client.get(upload_url(project) + f"?demande={wanted}")
    assert response.status_code == 200


def test_a_request_of_another_project_cannot_be_answered(client, officer, project):
    foreign = DocumentRequest.objects.create(
        project=ProjectFactory(), kind=DocumentKind.QUOTE, label="Devis"
    )
    client.force_login(officer)
    response = post_file(client, project, pdf_upload(), request=foreign.pk)
    assert response.context["form"].errors["request"] == [
        "Choisissez une demande en attente de ce projet."
    ]
    foreign.refresh_from_db()
    assert foreign.fulfilled_at is None


# --- Downloading


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_download_with_the_original_name_as_an_attachment(
    client, as_user, fixture_name, project, officer
):
    document = stored_document(project, officer, name="Devis « final ».pdf")
    as_user(fixture_name)

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Devis%20%C2%AB%20final%20%C2%BB.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_download(client, as_user, fixture_name, project, officer):
    document = stored_document(project, officer)
    as_user(fixture_name)
    assert client.get(download_url(document)).status_code == 403


def test_anonymous_visitor_is_sent_to_login_to_download(client, project, officer):
    document = stored_document(project, officer)
    response = client.get(download_url(document))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_refusals_do_not_tell_which_documents_exist(client, member):
    url = reverse("projects:document_download", args=[999999, 999999])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_huge_ids_in_the_address_are_a_404(client, officer):
    client.force_login(officer)
    huge = 10**25
    assert client.get(reverse("projects:document_download", args=[huge, huge])).status_code == 404
    assert client.get(reverse("projects:document_upload", args=[huge])).status_code == 404


def test_the_company_contact_with_an_account_cannot_download_either(client, company_user, officer):
    # Even for their own company's project: accounts do not open documents, only the link.
    project = ProjectFactory(company=company_user.company_contact.company, officer=officer)
    document = stored_document(project, officer)
    client.force_login(company_user)
    assert client.get(download_url(document)).status_code == 403


def test_a_document_through_another_project_address_is_a_404(client, officer, project):
    document = stored_document(project, officer)
    other = ProjectFactory()
    client.force_login(officer)
    url = reverse("projects:document_download", args=[other.pk, document.pk])
    assert client.get(url).status_code == 404


def test_download_needs_a_get(client, officer, project):
    document = stored_document(project, officer)
    client.force_login(officer)
    assert client.post(download_url(document)).status_code == 405


def test_a_file_missing_from_the_storage_is_a_404_not_a_500(client, officer, project):
    document = stored_document(project, officer)
    Path(document.file.path).unlink()
    client.force_login(officer)
    assert client.get(download_url(document)).status_code == 404


def test_files_are_never_under_a_public_path(project, officer):
    import pmi_aqt.settings as configured

    location = Path(configured.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    public = [Path(p).resolve() for p in configured.STATICFILES_DIRS]
    public.append(Path(configured.STATIC_ROOT).resolve())
    assert not any(location.is_relative_to(folder) for folder in public)
    assert not getattr(configured, "MEDIA_URL", "")
    # No address serves the stored files themselves.
    document = stored_document(project, officer)
    for url in (f"/{document.file.name}", f"/media/{document.file.name}"):
        with pytest.raises(Resolver404):
            resolve(url)


# --- Deleting


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_delete_a_document_and_its_file(
    client, as_user, fixture_name, project, officer, django_capture_on_commit_callbacks
):
    document = stored_document(project, officer)
    path = Path(document.file.path)
    as_user(fixture_name)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(document))

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#documents"
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not path.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Le document « devis.pdf » a été supprimé."
    ]


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_delete(client, as_user, fixture_name, project, officer):
    document = stored_document(project, officer)
    as_user(fixture_name)
    assert client.post(delete_url(document)).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_anonymous_visitor_cannot_delete(client, project, officer):
    document = stored_document(project, officer)
    response = client.post(delete_url(document))
    assert response.status_code == 302
    assert Document.objects.filter(pk=document.pk).exists()


def test_delete_needs_a_post(client, officer, project):
    document = stored_document(project, officer)
    client.force_login(officer)
    assert client.get(delete_url(document)).status_code == 405
    assert Document.objects.filter(pk=document.pk).exists()


def test_delete_through_another_project_is_a_404(client, officer, project):
    document = stored_document(project, officer)
    client.force_login(officer)
    url = reverse("projects:document_delete", args=[ProjectFactory().pk, document.pk])
    assert client.post(url).status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


# --- The section on the project page


def section_html(project, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = {"project": project, "user": user, "request": request}
    context.update(documents_context(project, user))
    return render_to_string("projects/partials/documents.html", context, request=request)


def test_the_section_lists_documents_requests_and_the_company_link(project, officer):
    contact = ContactFactory(company=project.company, first_name="Inès", last_name="Laborde")
    document = stored_document(project, officer, name="Plan.pdf")
    DocumentRequest.objects.create(project=project, kind=DocumentKind.QUOTE, label="Devis presse")

    html = section_html(project, officer)

    assert '<section aria-labelledby="documents"' in html
    assert 'id="documents">Documents</h2>' in html
    assert download_url(document) in html
    assert delete_url(document) in html
    assert "Devis presse" in html and "En attente" in html
    assert reverse("projects:send_company_link", args=[project.pk]) in html
    assert f"Inès Laborde ({contact.email})" in html
    assert 'scope="col"' in html and "<caption" in html


def test_people_who_may_not_manage_documents_see_no_buttons_nor_links(project, officer, member):
    document = stored_document(project, officer)
    html = section_html(project, member)
    assert download_url(document) not in html
    assert delete_url(document) not in html
    assert reverse("projects:document_upload", args=[project.pk]) not in html
    assert reverse("projects:send_company_link", args=[project.pk]) not in html


def test_the_section_takes_a_fixed_number_of_queries(project, officer, django_assert_num_queries):
    ContactFactory(company=project.company)
    officer.roles  # noqa: B018 - read once per request, like the project page does.
    stored_document(project, officer)
    DocumentRequest.objects.create(project=project, kind=DocumentKind.QUOTE, label="Devis 0")
    with django_assert_num_queries(4):
        section_html(project, officer)

    for index in range(6):
        stored_document(project, officer, name=f"piece-{index}.pdf")
        DocumentRequest.objects.create(
            project=project,
            kind=DocumentKind.QUOTE,
            label=f"Devis {index + 1}",
            requested_by=officer,
        )
    with django_assert_num_queries(4):
        section_html(project, officer)


def test_the_project_page_shows_the_documents_section(client, officer, project):
    ContactFactory(company=project.company)
    client.force_login(officer)

    response = client.post(
        upload_url(project), {"file": pdf_upload(), "kind": "quote"}, follow=True
    )

    assert "Le document « devis.pdf » a été ajouté." in response.text
    document = project.documents.get()
    assert '<section aria-labelledby="documents"' in response.text
    assert download_url(document) in response.text
    assert reverse("projects:send_company_link", args=[project.pk]) in response.text
