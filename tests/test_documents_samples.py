"""What a file really is, told from its content: sample files and the detection itself.

The sample builders and the `private_storage` fixture here are shared by the other document
and company-link tests.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.services.documents import (
    DOCX,
    JPEG,
    ODS,
    ODT,
    PDF,
    PNG,
    PPTX,
    XLSX,
    clean_original_name,
    detect_file_type,
)

# The shared autouse cache fixture needs the database.
pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML_BYTES = b"<!doctype html><script>alert(document.cookie)</script>"


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(*, with_macros: bool = False) -> bytes:
    entries = {
        "[Content_Types].xml": b"<Types/>",
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": b"<w:document/>",
    }
    if with_macros:
        entries["word/vbaProject.bin"] = b"\x00" * 10
    return zip_bytes(entries)


def xlsx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def pptx_bytes() -> bytes:
    return zip_bytes(
        {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<presentation/>"}
    )


def odf_bytes(mimetype: str) -> bytes:
    return zip_bytes({"mimetype": mimetype.encode(), "content.xml": b"<office:document/>"})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def pdf_upload(name: str = "devis.pdf") -> SimpleUploadedFile:
    return upload(name, PDF_BYTES)


@pytest.fixture
def private_storage(settings, tmp_path):
    """Files of the test go to a temporary folder, never to var/private."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


# --- The detection


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (JPEG_BYTES, JPEG),
        (docx_bytes(), DOCX),
        (xlsx_bytes(), XLSX),
        (pptx_bytes(), PPTX),
        (odf_bytes("application/vnd.oasis.opendocument.text"), ODT),
        (odf_bytes("application/vnd.oasis.opendocument.spreadsheet"), ODS),
    ],
)
def test_allowed_types_are_told_by_their_content(content, expected):
    assert detect_file_type(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        EXE_BYTES,
        HTML_BYTES,
        b"",
        b"PK\x03\x04 not really a zip",
        zip_bytes({"readme.txt": b"hello"}),
        zip_bytes({"[Content_Types].xml": b"<Types/>", "other.xml": b"<x/>"}),
        docx_bytes(with_macros=True),
        odf_bytes("application/x-shockwave-flash"),
        zip_bytes({"mimetype": b"x" * 500}),
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"plain text, not accepted",
    ],
)
def test_other_contents_are_not_recognised(content):
    assert detect_file_type(io.BytesIO(content)) is None


def test_detection_leaves_the_file_at_its_start():
    file = io.BytesIO(docx_bytes())
    detect_file_type(file)
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("devis.pdf", "devis.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\moi\\bilan 2024.pdf", "bilan 2024.pdf"),
        ("dev\x00is\r\n.pdf", "devis.pdf"),
        ("", "document"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_original_names_lose_folders_and_control_characters(typed, kept):
    assert clean_original_name(typed) == kept
