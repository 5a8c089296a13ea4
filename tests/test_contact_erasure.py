"""A contact's or a user's erasure: afterwards, nothing in the database, the outbox or the
private files names them; the statistics keep their rows."""

import json
from pathlib import Path

import pytest
from auditlog.context import set_actor
from django.db import connection
from django.urls import reverse

from companies.models import Contact, Interaction
from pmi_aqt.accounts.models import CalendarFeed
from pmi_aqt.mailing.models import OutboundEmail, Unsubscription
from pmi_aqt.mailing.services import email_queue
from projects.models import Document, DocumentKind, IntakeDraft, Project
from projects.services.documents import detect_file_type, document_store

from .factories import ContactFactory, InteractionFactory, ProjectFactory, UserFactory
from .test_documents_samples import PDF_BYTES, upload

pytestmark = pytest.mark.django_db

NAME = "Héloïse Dubreuil"
EMAIL = "heloise.dubreuil@atelier-dubreuil.example"
PHONE = "05 56 12 34 99"


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def person(officer, private_storage):
    """The contact, named wherever the portal may keep a name."""
    account = UserFactory(email=EMAIL, first_name="Héloïse", last_name="Dubreuil")
    contact = ContactFactory(
        first_name="Héloïse", last_name="Dubreuil", email=EMAIL, phone=PHONE, user=account
    )
    project = ProjectFactory(
        company=contact.company,
        officer=officer,
        submitted_by=contact,
        description=f"Demande déposée par {NAME} ({EMAIL}).",
    )
    with set_actor(officer):
        contact.job_title = "Directrice"
        contact.save()
        InteractionFactory(
            company=contact.company,
            contact=contact,
            officer=officer,
            notes=f"Appel avec {NAME}, joignable au {PHONE}.",
        )
        project.notes.create(author=officer, text=f"{NAME} relance pour le devis.")
    email_queue(
        key="erasure:company-link",
        kind="company_link",
        to=EMAIL,
        context={
            "first_name": "Héloïse",
            "project_title": project.title,
            "link": "https://pmi.example/l/x",
            "link_days": 30,
        },
        regarding=project,
    )
    Unsubscription.objects.create(email=EMAIL)
    IntakeDraft.objects.create(email=EMAIL, data={"contact": {"name": NAME, "email": EMAIL}})
    # Their own upload names them inside (a signed form, say).
    file = upload("statuts.pdf", PDF_BYTES + f"\n% {NAME} {EMAIL}\n".encode())
    document = document_store(
        project=project,
        file=file,
        file_type=detect_file_type(file),
        kind=DocumentKind.OTHER,
        uploaded_by_contact=contact,
    )
    return contact, project, document


def _forms(text: str) -> set[str]:
    """A text as the database may store it: plain, and escaped inside JSON."""
    return {text.lower(), json.dumps(text)[1:-1].lower()}


def rows_naming(*texts: str) -> list[str]:
    """Every text column of every table that contains one of `texts` (any case)."""
    needles = set().union(*(_forms(text) for text in texts))
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", errors="replace")
                    if isinstance(value, str) and any(n in value.lower() for n in needles):
                        found.append(f"{table}.{column}: {value[:120]}")
    return found


def files_naming(root: Path, *texts: str) -> list[str]:
    needles = [text.encode() for text in texts]
    return [
        str(path)
        for path in root.rglob("*")
        if path.is_file() and any(n in path.read_bytes() for n in needles)
    ]


def test_the_fixture_names_the_person_everywhere_the_scan_looks(person, private_storage):
    found = rows_naming(NAME, EMAIL)
    tables = {row.split(".")[0] for row in found}
    assert {
        "companies_contact",
        "companies_interaction",
        "projects_project",
        "projects_projectnote",
        "mailing_outboundemail",
        "auditlog_logentry",
        "projects_intakedraft",
        "accounts_user",
    } <= tables
    assert files_naming(private_storage, NAME, EMAIL)


def test_after_erasure_nothing_names_the_contact(client, officer, person, private_storage):
    contact, project, document = person
    stored_file = Path(document.file.path)
    client.force_login(officer)

    response = client.post(
        reverse("projects:contact_anonymise", args=[contact.company_id, contact.pk])
    )

    assert response.status_code == 302
    assert rows_naming(NAME, EMAIL, PHONE) == []
    assert files_naming(private_storage, NAME, EMAIL) == []
    assert not stored_file.exists()
    assert not Document.objects.filter(pk=document.pk).exists()
    # What the statistics count stays: the contact, the project, the exchange, the email.
    contact.refresh_from_db()
    assert contact.company_id == project.company_id
    assert Project.objects.get(pk=project.pk).submitted_by_id == contact.pk
    assert Interaction.objects.filter(contact=contact).count() == 1
    email = OutboundEmail.objects.get(key="erasure:company-link")
    assert email.kind == "company_link" and "effacé" in email.body_text
    assert not Unsubscription.objects.exists()
    assert not contact.user.is_active and not contact.user.has_usable_password()
    # The erasure is in the company's history, by whom, without the erased values.
    page = client.get(reverse("companies:detail", args=[contact.company_id])).text
    assert "données personnelles effacées" in page
    assert NAME not in page and EMAIL not in page


def test_a_contact_can_be_deleted_and_nothing_names_them(client, manager, person):
    contact, _project, _document = person
    client.force_login(manager)
    response = client.post(
        reverse("projects:contact_delete", args=[contact.company_id, contact.pk])
    )
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert rows_naming(NAME, EMAIL) == []


def test_erasing_one_contact_leaves_others_alone(client, officer, person):
    contact, _project, _document = person
    colleague = ContactFactory(company=contact.company, first_name="Marc", last_name="Dubreuil")
    client.force_login(officer)
    client.post(reverse("projects:contact_anonymise", args=[contact.company_id, contact.pk]))
    colleague.refresh_from_db()
    assert colleague.full_name == "Marc Dubreuil"


def test_an_officer_who_does_not_follow_the_company_may_not_erase(client, person):
    contact, _project, _document = person
    stranger = UserFactory(roles=["officer"])
    client.force_login(stranger)
    response = client.post(
        reverse("projects:contact_anonymise", args=[contact.company_id, contact.pk])
    )
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.full_name == NAME


# --- A user's account (someone of the team or the task force who left)

STAFF_NAME = "Bérénice Lagarde"
STAFF_EMAIL = "berenice.lagarde@pmi-aqt.example"
STAFF_PHONE = "06 11 22 33 44"


@pytest.fixture
def colleague(manager, private_storage):
    """An officer who left, named wherever the portal keeps a team member's name."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pmi_aqt.accounts.services import calendar_feed_renew

    person = UserFactory(
        email=STAFF_EMAIL,
        first_name="Bérénice",
        last_name="Lagarde",
        phone=STAFF_PHONE,
        roles=["officer"],
    )
    with set_actor(manager):
        person.last_name = "Lagarde"  # the account's own history names them
        person.save()
    project = ProjectFactory(officer=person, description=f"Suivi par {STAFF_NAME}.")
    with set_actor(person):  # what they wrote is signed with their address
        InteractionFactory(
            company=project.company,
            officer=person,
            notes=f"Visite faite avec {STAFF_NAME} ({STAFF_PHONE}).",
        )
        project.notes.create(author=person, text="Devis reçu.")
    email_queue(
        key="erasure:staff-email",
        kind="company_link",
        to=STAFF_EMAIL,
        context={
            "first_name": "Bérénice",
            "project_title": project.title,
            "link": "https://pmi.example/l/y",
            "link_days": 30,
        },
        recipient_user=person,
    )
    TOTPDevice.objects.create(user=person, name="téléphone", confirmed=True)
    StaticDevice.objects.create(user=person, name="codes de secours", confirmed=True)
    calendar_feed_renew(user=person)
    return person, project


def test_the_fixture_names_the_colleague_where_the_scan_looks(colleague):
    tables = {row.split(".")[0] for row in rows_naming(STAFF_NAME, STAFF_EMAIL)}
    assert {
        "accounts_user",
        "auditlog_logentry",
        "companies_interaction",
        "projects_project",
        "mailing_outboundemail",
    } <= tables


def test_after_a_users_erasure_nothing_names_them_and_their_work_stays(
    client, manager, colleague, private_storage
):
    person, project = colleague
    client.force_login(manager)

    response = client.post(reverse("projects:user_anonymise", args=[person.pk]))

    assert response.status_code == 302
    assert rows_naming(STAFF_NAME, STAFF_EMAIL, STAFF_PHONE) == []
    assert files_naming(private_storage, STAFF_NAME, STAFF_EMAIL) == []
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert not person.groups.exists()
    assert not person.totpdevice_set.exists() and not person.staticdevice_set.exists()
    assert not CalendarFeed.objects.filter(user=person).exists()
    # The programme's record keeps its rows, signed by the closed account.
    assert Project.objects.get(pk=project.pk).officer_id == person.pk
    assert Interaction.objects.filter(officer=person).count() == 1
    email = OutboundEmail.objects.get(key="erasure:staff-email")
    assert "effacé" in email.body_text
    # The erasure is in the history, by the manager.
    page = client.get(reverse("audit:log"), {"person": manager.pk}).text
    assert "données personnelles effacées" in page


def test_a_company_contacts_account_takes_its_contact_with_it(client, manager, person):
    contact, _project, document = person
    client.force_login(manager)
    client.post(reverse("projects:user_anonymise", args=[contact.user_id]))
    assert rows_naming(NAME, EMAIL, PHONE) == []
    assert not Document.objects.filter(pk=document.pk).exists()


def test_the_manager_may_not_erase_their_own_account(client, manager):
    client.force_login(manager)
    response = client.post(reverse("projects:user_anonymise", args=[manager.pk]))
    assert response.status_code == 403
    manager.refresh_from_db()
    assert manager.is_active


def test_the_managers_page_offers_to_erase_a_colleague(client, manager, colleague):
    person, _project = colleague
    client.force_login(manager)
    page = client.get(reverse("accounts:security_policy")).text
    assert reverse("projects:user_anonymise", args=[person.pk]) in page
    assert reverse("projects:user_anonymise", args=[manager.pk]) not in page
