"""Importing a prospect list (companies and their contacts) from CSV or Excel: the columns, the
preview, the errors per line, duplicates skipped or merged, nothing written before the
confirmation and then all or nothing, the record of each import, who may."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from companies.models import Company, Contact
from pmi_aqt.imports.models import ImportRun

from .factories import CompanyFactory, ContactFactory, make_siret

pytestmark = pytest.mark.django_db

UPLOAD = reverse("companies:import_upload")
COLUMNS = reverse("companies:import_columns")
PREVIEW = reverse("companies:import_preview")
CANCEL = reverse("companies:import_cancel")

HEADER = [
    "Société",
    "N° SIRET",
    "Code postal",
    "Ville",
    "NAF",
    "Effectif",
    "Prénom",
    "Nom",
    "Email",
]
SIRET_A = make_siret(90001)
SIRET_B = make_siret(90002)
# A SIRET whose last digit is wrong: the Luhn key does not match.
BAD_SIRET = make_siret(90003)[:-1] + str((int(make_siret(90003)[-1]) + 1) % 10)


def csv_file(rows, *, header=HEADER, separator=";", encoding="utf-8-sig", name="prospects.csv"):
    lines = [separator.join(header)] + [separator.join(row) for row in rows]
    return SimpleUploadedFile(name, "\r\n".join(lines).encode(encoding), "text/csv")


def xlsx_file(rows, *, header=HEADER, name="prospects.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def row(siret=SIRET_A, name="Forges de l'Isle", first="Claire", last="Dupuy", email=None):
    email = email if email is not None else f"{first.lower()}@{siret}.example"
    return [name, siret, "24400", "Mussidan", "2562B", "35", first, last, email]


def confirm(client):
    """Confirm the waiting import; its Celery task runs at the commit (eagerly in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(PREVIEW)


def upload(client, file, duplicates="skip"):
    response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 302, response.context["form"].errors
    run = ImportRun.objects.get(status=ImportRun.Status.PENDING)
    data = {f"column_{index}": key for index, key in run.mapping.items()}
    data["duplicates"] = duplicates
    response = client.post(COLUMNS, data)
    assert response.status_code == 302, response.context["form"].errors
    return client.get(PREVIEW)


# --- Reading the file and guessing the columns


def test_the_columns_are_guessed_from_the_headers_ignoring_case_and_accents(client, officer):
    client.force_login(officer)
    client.post(UPLOAD, {"file": csv_file([row()])})
    run = ImportRun.objects.get()
    assert run.mapping == {
        "0": "name",
        "1": "siret",
        "2": "postcode",
        "3": "city",
        "4": "naf_code",
        "5": "headcount_band",
        "6": "first_name",
        "7": "last_name",
        "8": "email",
    }
    page = client.get(COLUMNS)
    assert "Exemples : Forges de l&#x27;Isle" in page.text
    assert "« prospects.csv » : 1 ligne à importer." in page.text


def test_the_files_text_is_shown_escaped(client, officer):
    client.force_login(officer)
    file = csv_file([row(name="<b>Forges</b>")], header=["<i>Société</i>", *HEADER[1:]])
    client.post(UPLOAD, {"file": file})
    page = client.get(COLUMNS)
    assert "<b>Forges" not in page.text
    assert "<i>Société" not in page.text
    assert "&lt;b&gt;Forges&lt;/b&gt;" in page.text


def test_a_column_may_be_given_to_another_field_or_left_out(client, officer):
    client.force_login(officer)
    client.post(UPLOAD, {"file": csv_file([row()])})
    data = {f"column_{i}": key for i, key in ImportRun.objects.get().mapping.items()}
    data.update(column_5="", duplicates="skip")
    client.post(COLUMNS, data)
    confirm(client)
    assert Company.objects.get().headcount_band == ""


def test_a_field_chosen_twice_or_a_required_one_missing_is_refused_in_french(client, officer):
    client.force_login(officer)
    client.post(UPLOAD, {"file": csv_file([row()])})
    data = {f"column_{i}": key for i, key in ImportRun.objects.get().mapping.items()}
    data.update(column_3="name", column_1="", duplicates="skip")
    response = client.post(COLUMNS, data)
    assert response.status_code == 200
    assert "« Raison sociale » est déjà rempli par la colonne « Société »" in response.text
    assert "Choisissez la colonne de : SIRET ou SIREN." in response.text


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("vide.csv", b""), "Le fichier soumis est vide."),
        (SimpleUploadedFile("blanc.csv", b" \r\n;;\r\n"), "Le fichier est vide."),
        (SimpleUploadedFile("t.csv", "Société;SIRET\r\n".encode()), "aucune ligne à importer"),
        (SimpleUploadedFile("vieux.xls", b"\xd0\xcf\x11\xe0abc"), "anciens (.xls)"),
        (SimpleUploadedFile("abime.xlsx", b"PK\x03\x04pas un zip"), "illisible ou endommagé"),
        (SimpleUploadedFile("image.png", b"\x89PNG\x00\x00\x00"), "ni un CSV ni un classeur"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_clear_message(client, officer, file, message):
    client.force_login(officer)
    response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 200
    assert message in response.text
    assert not ImportRun.objects.exists()


def test_a_file_with_too_many_rows_is_refused(client, officer, settings):
    settings.IMPORT_MAX_ROWS = 2
    client.force_login(officer)
    response = client.post(UPLOAD, {"file": csv_file([row(), row(SIRET_B), row(SIRET_B)])})
    assert "Le fichier dépasse 2 lignes" in response.text
    assert not ImportRun.objects.exists()


def test_windows_1252_with_commas_and_utf8_with_semicolons_both_read(client, officer):
    client.force_login(officer)
    upload(client, csv_file([row(name="Usinage Périgord")], separator=",", encoding="cp1252"))
    confirm(client)
    assert Company.objects.get().name == "Usinage Périgord"


def test_an_excel_file_imports_like_a_csv(client, officer):
    client.force_login(officer)
    excel_row = row()
    excel_row[1] = int(SIRET_A)  # Excel keeps a SIRET typed as a number
    excel_row[5] = 12
    preview = upload(client, xlsx_file([excel_row]))
    assert preview.context["plan"].created == 1
    confirm(client)
    company = Company.objects.get()
    assert (company.siret, company.headcount_band, company.department) == (SIRET_A, "10-49", "24")


# --- The preview: nothing written, counts, errors per line


def test_the_preview_writes_nothing_and_counts_new_duplicate_and_wrong_rows(client, officer):
    CompanyFactory(siret=SIRET_B)
    client.force_login(officer)
    preview = upload(client, csv_file([row(), row(SIRET_B), row(BAD_SIRET)]))
    plan = preview.context["plan"]
    assert (plan.created, plan.skipped, plan.error_count) == (1, 1, 1)
    assert Company.objects.count() == 1
    assert "Nouvelle entreprise" in preview.text
    assert "Déjà connue : ignorée" in preview.text


def test_errors_are_listed_per_line_in_french_and_nothing_is_written(client, officer):
    client.force_login(officer)
    rows = [
        row(),
        row(BAD_SIRET),
        row(SIRET_B, name=""),
        ["Chaudronnerie", make_siret(90004), "75001", "Paris", "25", "beaucoup", "A", "B", "x"],
    ]
    preview = upload(client, csv_file(rows))
    text = preview.text
    assert "ligne 3 : SIRET ou SIREN : Ce SIRET n&#x27;est pas valide : sa clé de contrôle" in text
    assert "ligne 4 : Raison sociale : Ce champ ne peut pas être vide." in text
    assert (
        "ligne 5 : Code postal : 75001 n&#x27;est pas dans l&#x27;un des cinq départements" in text
    )
    assert "ligne 5 : Effectif : « beaucoup » n&#x27;est ni une tranche connue" in text
    assert "ligne 5 : Code NAF/APE : Le code NAF/APE s&#x27;écrit 4 chiffres" in text
    assert "ligne 5 : Adresse e-mail du contact : Saisissez une adresse de courriel valide." in text
    assert "ligne 5 : Département" not in text  # the postcode's error says it already
    assert "Confirmer et importer" not in text
    # Confirming anyway (a forged POST) writes nothing and keeps the import waiting, saying why.
    confirm(client)
    assert not Company.objects.exists()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.PENDING
    assert run.problem.startswith("Rien n'a été importé : 3 lignes ne passent plus")
    assert "Rien n&#x27;a été importé" in client.get(PREVIEW).text
    assert "Rien n&#x27;a été importé" in client.get(UPLOAD).text


def test_a_siren_alone_cannot_create_a_company(client, officer):
    client.force_login(officer)
    preview = upload(client, csv_file([row(SIRET_A[:9])]))
    assert "le SIRET complet (14 chiffres) est nécessaire pour la créer" in preview.text


# --- Confirming


def test_confirming_writes_companies_and_contacts_and_records_the_import(client, officer):
    client.force_login(officer)
    rows = [row(), row(first="Marc", last="Laval"), row(SIRET_B, name="Aéro Adour")]
    upload(client, csv_file(rows, name="salon-2026.csv"))
    response = confirm(client)
    assert response.status_code == 302
    company = Company.objects.get(siret=SIRET_A)
    assert (company.department, company.naf_code, company.headcount_band) == (
        "24",
        "25.62B",
        "10-49",
    )
    assert sorted(company.contacts.values_list("first_name", flat=True)) == ["Claire", "Marc"]
    assert Company.objects.count() == 2
    run = ImportRun.objects.get()
    assert (run.status, run.file_name, run.created_by) == ("done", "salon-2026.csv", officer)
    assert (run.row_count, run.created_count, run.skipped_count) == (3, 2, 0)
    assert run.summary == "3 contacts ajoutés"
    assert run.rows == []
    history = client.get(UPLOAD)
    assert "L&#x27;import de « salon-2026.csv » est lancé" in history.text
    assert history.context["page_obj"].object_list[0] == run


def test_confirming_twice_writes_once(client, officer):
    client.force_login(officer)
    upload(client, csv_file([row()]))
    confirm(client)
    confirm(client)
    assert Company.objects.count() == 1
    assert Contact.objects.count() == 1


def test_duplicates_skipped_leave_the_known_company_untouched(client, officer):
    known = CompanyFactory(siret=SIRET_A, naf_code="", website="")
    client.force_login(officer)
    upload(client, csv_file([row()]), duplicates="skip")
    confirm(client)
    known.refresh_from_db()
    assert known.naf_code == ""
    assert not known.contacts.exists()
    assert ImportRun.objects.get().skipped_count == 1


def test_duplicates_merged_fill_empty_fields_and_add_new_contacts_only(client, officer):
    known = CompanyFactory(siret=SIRET_A, name="Forges de l'Isle SA", naf_code="", city="Mussidan")
    ContactFactory(company=known, email="claire@forges.example")
    client.force_login(officer)
    rows = [
        row(email="CLAIRE@forges.example"),  # the same person, already known
        row(first="Marc", email="marc@forges.example"),
    ]
    preview = upload(client, csv_file(rows), duplicates="merge")
    assert "Déjà connue : complétée" in preview.text
    confirm(client)
    known.refresh_from_db()
    assert known.name == "Forges de l'Isle SA"  # filled fields keep their value
    assert known.naf_code == "25.62B"  # empty ones are filled
    assert sorted(known.contacts.values_list("email", flat=True)) == [
        "claire@forges.example",
        "marc@forges.example",
    ]
    run = ImportRun.objects.get()
    assert (run.created_count, run.updated_count) == (0, 1)
    assert run.summary == "1 contact ajouté, 1 contact déjà connu ignoré"


def test_the_confirming_task_run_twice_writes_once(client, officer):
    from pmi_aqt.imports.services import import_run_confirm

    client.force_login(officer)
    upload(client, csv_file([row()]))
    with TestCase.captureOnCommitCallbacks(execute=False):
        client.post(PREVIEW)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.RUNNING
    page = client.get(UPLOAD)
    assert "est en cours" in page.text
    assert import_run_confirm(run_id=run.pk) == "done"
    assert import_run_confirm(run_id=run.pk) == "done"
    assert Company.objects.count() == 1


def test_a_confirmation_lost_with_its_worker_can_be_made_again(client, officer):
    from pmi_aqt.imports.services import import_run_confirm

    client.force_login(officer)
    upload(client, csv_file([row()]))
    with TestCase.captureOnCommitCallbacks(execute=False):
        client.post(PREVIEW)  # its task never runs
    ImportRun.objects.update(confirmed_at=timezone.now() - datetime.timedelta(minutes=20))
    assert "L&#x27;import s&#x27;est interrompu" in client.get(UPLOAD).text
    run = ImportRun.objects.get()
    assert import_run_confirm(run_id=run.pk) == "pending"  # a late task writes nothing
    assert not Company.objects.exists()
    confirm(client)
    assert Company.objects.count() == 1


def test_a_company_written_by_someone_else_after_the_preview_is_seen_at_confirmation(
    client, officer
):
    client.force_login(officer)
    upload(client, csv_file([row()]), duplicates="skip")
    CompanyFactory(siret=SIRET_A)  # between the preview and the confirmation
    confirm(client)
    assert Company.objects.count() == 1
    assert ImportRun.objects.get().skipped_count == 1


def test_a_new_file_replaces_the_waiting_one_and_cancelling_drops_it(client, officer):
    client.force_login(officer)
    client.post(UPLOAD, {"file": csv_file([row()])})
    client.post(UPLOAD, {"file": csv_file([row(), row(SIRET_B)])})
    assert ImportRun.objects.get().row_count == 2
    client.post(CANCEL)
    assert not ImportRun.objects.exists()
    assert client.get(PREVIEW).status_code == 302


def test_files_never_confirmed_are_dropped_after_a_week(client, officer, manager):
    client.force_login(manager)
    client.post(UPLOAD, {"file": csv_file([row()])})
    ImportRun.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    client.force_login(officer)
    client.post(UPLOAD, {"file": csv_file([row()])})
    assert list(ImportRun.objects.values_list("created_by", flat=True)) == [officer.pk]


def test_one_persons_waiting_import_is_not_anothers(client, officer, manager):
    client.force_login(officer)
    client.post(UPLOAD, {"file": csv_file([row()])})
    client.force_login(manager)
    assert client.get(PREVIEW).status_code == 302
    confirm(client)
    assert not Company.objects.exists()


# --- Who may


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_officers_and_the_manager_may_import_prospects(client, as_user, fixture_name):
    as_user(fixture_name)
    assert client.get(UPLOAD).status_code == 200
    assert UPLOAD in client.get(reverse("companies:list")).text


@pytest.mark.parametrize("fixture_name", ["finance_officer", "member", "company_user"])
def test_other_roles_may_not_import_prospects(client, as_user, fixture_name):
    as_user(fixture_name)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": csv_file([row()])}).status_code == 403
    assert not ImportRun.objects.exists()


def test_the_finance_officer_sees_no_import_link(client, finance_officer):
    client.force_login(finance_officer)
    assert UPLOAD not in client.get(reverse("companies:list")).text


def test_the_history_reads_a_fixed_number_of_queries(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    for count in (1, 6):
        while ImportRun.objects.count() < count:
            ImportRun.objects.create(
                kind="prospects", created_by=officer, file_name="f.csv", status="done"
            )
        with django_assert_max_num_queries(12):
            client.get(UPLOAD)


def test_the_sample_file_of_the_docs_imports_without_error(client, officer):
    client.force_login(officer)
    with open("docs/samples/prospects.csv", "rb") as sample:
        file = SimpleUploadedFile("prospects.csv", sample.read())
    preview = upload(client, file)
    plan = preview.context["plan"]
    assert plan.errors == []
    assert (plan.created, plan.extra_counts) == (4, ["4 contacts ajoutés"])
    confirm(client)
    bergerac = Company.objects.get(name="Chaudronnerie du Bergeracois")
    assert bergerac.contacts.count() == 2
    assert bergerac.website == "https://www.chaudronnerie-bergerac.example"
    assert Company.objects.get(name="Usinage de l'Adour").headcount_band == "10-49"


def test_the_history_keeps_what_the_import_created_and_completed_and_who_did_it(client, officer):
    from auditlog.models import LogEntry

    from pmi_aqt.audit.display import entries_for_company

    known = CompanyFactory(siret=SIRET_B, naf_code="")
    client.force_login(officer)
    upload(client, csv_file([row(), row(SIRET_B)]), duplicates="merge")
    confirm(client)
    created = Company.objects.get(siret=SIRET_A)
    creation = LogEntry.objects.get_for_object(created).get()
    assert (creation.action, creation.actor) == (LogEntry.Action.CREATE, officer)
    update = LogEntry.objects.get_for_object(known).get(action=LogEntry.Action.UPDATE)
    assert update.changes["naf_code"] == ["", "25.62B"]
    # Shown on each company's page, contacts included.
    assert len(entries_for_company(created.pk, 10)) == 2
    assert len(entries_for_company(known.pk, 10)) >= 2


def test_the_import_bench_runs_and_keeps_nothing():
    from django.core.management import call_command

    output = io.StringIO()
    call_command("bench_imports", rows=40, stdout=output)
    assert "CSV, duplicates skipped" in output.getvalue()
    assert "16 created, 0 merged, 4 skipped" in output.getvalue()
    assert "16 created, 4 merged, 0 skipped" in output.getvalue()
    assert not Company.objects.exists()
    assert not ImportRun.objects.exists()
