"""Project documents: what a file really is, storing and removing files, asking for them.

A file's type is read from its first bytes (and, for Office and OpenDocument files, from the
zip archive's own table of contents), never from its name; the name must then agree with what
the content is. Files live in the private storage (settings.STORAGES["default"]) under a random
name, and are only ever served by the download view after a permission check.
"""

import logging
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_aqt.mailing.services import email_queue

from ..email_kinds import DOCUMENT_REQUEST
from ..models import Document, DocumentKind, DocumentRequest, Project
from .company import company_email_context, project_contact

logger = logging.getLogger(__name__)

# --- What a file is


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str  # Shown in messages: translatable.
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", _("PDF"), (".pdf",))
PNG = FileType("image/png", _("PNG"), (".png",))
JPEG = FileType("image/jpeg", _("JPEG"), (".jpg", ".jpeg"))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _("Word (docx)"),
    (".docx",),
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    _("Excel (xlsx)"),
    (".xlsx",),
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    _("PowerPoint (pptx)"),
    (".pptx",),
)
ODT = FileType("application/vnd.oasis.opendocument.text", _("OpenDocument texte (odt)"), (".odt",))
ODS = FileType(
    "application/vnd.oasis.opendocument.spreadsheet", _("OpenDocument tableur (ods)"), (".ods",)
)
ODP = FileType(
    "application/vnd.oasis.opendocument.presentation",
    _("OpenDocument présentation (odp)"),
    (".odp",),
)
ALLOWED_TYPES = (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, ODP)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZIP_SIGNATURE = b"PK\x03\x04"
OOXML_MAIN_PARTS = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}
ODF_MIMETYPES = {file_type.content_type: file_type for file_type in (ODT, ODS, ODP)}
# A zip with more entries than any office document has is not one (nor worth opening).
MAX_ZIP_ENTRIES = 5000


def detect_file_type(file: IO[bytes]) -> FileType | None:
    """The allowed type this content is, or None. Reads the file; leaves it at its start."""
    try:
        file.seek(0)
        head = file.read(8)
        if head.startswith(b"%PDF-"):
            return PDF
        if head == PNG_SIGNATURE:
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(ZIP_SIGNATURE):
            return _office_type(file)
        return None
    finally:
        file.seek(0)


def _office_type(file: IO[bytes]) -> FileType | None:
    """An Office Open XML or OpenDocument file, told by the archive's entries, not its name.

    Only the archive's directory and the tiny ODF "mimetype" entry are read: nothing is
    decompressed that could be a zip bomb.
    """
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                mimetype = archive.read(info).decode("ascii", errors="replace").strip()
                return ODF_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                # Macro-enabled documents (docm, xlsm...) carry a VBA project: refused.
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return None
                return next(
                    (kind for part, kind in OOXML_MAIN_PARTS.items() if part in names), None
                )
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            KeyError, NotImplementedError, RuntimeError):  # fmt: skip
        return None


def clean_original_name(name: str) -> str:
    """The name to show and to offer on download: no folders, no control characters."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        suffix = PurePath(name).suffix[:20]
        name = name[: 255 - len(suffix)] + suffix
    return name or "document"


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower()


# --- Writes


def document_store(
    *,
    project: Project,
    file,
    file_type: FileType,
    kind: str,
    request: DocumentRequest | None = None,
    uploaded_by=None,
    uploaded_by_contact=None,
) -> Document:
    """Keep an uploaded file for a project; a file answering a request fulfils it."""
    if request is not None and request.project_id != project.pk:
        raise ValueError("A document can only answer a request of its own project.")
    document = Document(
        project=project,
        request=request,
        kind=kind,
        original_name=clean_original_name(file.name),
        content_type=file_type.content_type,
        size=file.size,
        uploaded_by=uploaded_by,
        uploaded_by_contact=uploaded_by_contact,
        uploaded_at=timezone.now(),
    )
    # The stored name is random (see document_path); the original name is only a column.
    document.file.save("document", file, save=False)
    try:
        with transaction.atomic():
            document.save()
            if request is not None:
                DocumentRequest.objects.filter(pk=request.pk, fulfilled_at__isnull=True).update(
                    fulfilled_at=document.uploaded_at
                )
    except Exception:
        _remove_file(document.file.storage, document.file.name)
        raise
    return document


def document_delete(*, document: Document) -> None:
    """Remove a document and, once that is committed, its file."""
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: _remove_file(storage, name))


def _remove_file(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not remove the file %s of a deleted document", name, exc_info=True)


@transaction.atomic
def document_request_create(
    *, project: Project, kind: str, label: str, due_on: date | None, requested_by
) -> DocumentRequest | None:
    """Ask the company for a document and email its contact the secure link.

    None (and nothing recorded) when the company has no contact to write to.
    """
    contact = project_contact(project)
    if contact is None:
        return None
    document_request = DocumentRequest.objects.create(
        project=project,
        kind=kind,
        label=label,
        due_on=due_on,
        requested_by=requested_by,
    )
    email_queue(
        key=f"document-request:{document_request.pk}",
        kind=DOCUMENT_REQUEST.code,
        to=contact.email,
        context={
            **company_email_context(project=project, contact=contact),
            "label": label,
            "kind_label": DocumentKind(kind).label,
            "due_on": due_on,
        },
        regarding=project,
    )
    return document_request
