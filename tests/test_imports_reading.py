"""Reading a spreadsheet upload into rows, and guessing its columns (pmi_aqt/imports)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pmi_aqt.imports.mapping import ImportField, guess_mapping, normalise_header
from pmi_aqt.imports.reading import ImportFileError, read_table


def upload(content: bytes, name: str = "f.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_rows_keep_the_line_number_people_see_in_their_spreadsheet():
    content = b'Nom;Note\r\n\r\nA;"sur deux\r\nlignes"\r\nB;x\r\n;;\r\nC;y\r\n'
    table = read_table(upload(content))
    assert table.headers == ["Nom", "Note"]
    assert table.rows == [[3, "A", "sur deux\r\nlignes"], [5, "B", "x"], [7, "C", "y"]]


@pytest.mark.parametrize(
    ("content", "separator"),
    [
        ("Nom;Ville\r\nÉtienne;Pau\r\n".encode("utf-8-sig"), "utf-8 with BOM and ;"),
        ("Nom,Ville\nÉtienne,Pau\n".encode(), "utf-8 and ,"),
        ("Nom\tVille\nÉtienne\tPau\n".encode("cp1252"), "windows-1252 and tab"),
    ],
)
def test_encodings_and_separators_are_recognised(content, separator):
    table = read_table(upload(content))
    assert table.headers == ["Nom", "Ville"], separator
    assert table.rows == [[2, "Étienne", "Pau"]]


def test_a_text_quoted_by_the_portals_export_reads_back_as_typed():
    table = read_table(upload(b"Nom;Note\r\nA;'=SOMME(1)\r\nB;'l'atelier\r\n"))
    assert [row[2] for row in table.rows] == ["=SOMME(1)", "'l'atelier"]


def test_excel_cells_read_as_people_typed_them():
    import datetime

    workbook = Workbook()
    workbook.active.append(["SIRET", "Date", "Taux", "Membre", "Vide"])
    workbook.active.append([73282932000074, datetime.date(2026, 3, 1), 1.5, True, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(upload(buffer.getvalue(), "f.xlsx"))
    assert table.rows == [[2, "73282932000074", "01/03/2026", "1,5", "oui"]]


def test_a_file_too_large_is_refused_before_being_read(settings):
    settings.IMPORT_MAX_SIZE_MB = 1
    with pytest.raises(ImportFileError, match="dépasse 1 Mo"):
        read_table(upload(b"a;b\n" * 400_000))


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    with pytest.raises(ImportFileError, match="encodage du fichier n'est pas reconnu"):
        read_table(upload(b"Nom;Ville\r\n\x81\x8d;\x90\r\n"))


FIELDS = [
    ImportField("name", "Raison sociale", ("société", "entreprise")),
    ImportField("siret", "SIRET ou SIREN", ("siret", "siren")),
    ImportField("email", "E-mail du contact", ("e-mail", "email", "courriel")),
]


def test_headers_are_compared_ignoring_case_accents_and_punctuation():
    assert normalise_header("  N° SIRET ") == "n siret"
    assert normalise_header("Téléphone") == "telephone"
    mapping = guess_mapping(["SOCIETE", "N° Siret de l'établissement", "Courriel", "Notes"], FIELDS)
    assert mapping == {"0": "name", "1": "siret", "2": "email"}


def test_a_field_is_guessed_for_one_column_only():
    assert guess_mapping(["Email", "E-mail"], FIELDS) == {"0": "email"}
