"""The rows that name a stored file: documents (some answering the company's requests, which
are written here too) and finished background exports. Each row's file is really written, in
the default storage under `FILES_FOLDER`, the generator's own folder that a reset removes.
"""

import datetime as dt
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from companies.background import COMPANIES_CSV
from pmi_aqt.jobs.models import Job
from projects.background import PROJECTS_CSV, REPORT_PDF
from projects.models import Document, DocumentRequest, Project
from projects.models.documents import DocumentKind

from .base import GeneratorBase
from .tables import SURNAMES

# Every file the generator writes is under this folder of the default storage, and only there.
FILES_FOLDER = "bench-generated"

# The smallest valid PDF (one empty page): what the documents and the report exports hold.
SAMPLE_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n"
    b"%%EOF\n"
)

# Exports a manager or an officer asks for: (kind, title, file name, content type).
EXPORTS = (
    (PROJECTS_CSV, "Export des projets (CSV)", "projets.csv", "text/csv"),
    (COMPANIES_CSV, "Export des entreprises (CSV)", "entreprises.csv", "text/csv"),
    (REPORT_PDF, "Rapport d'activité annuel (PDF)", "rapport.pdf", "application/pdf"),
)

# A request in this many is still open (the company's page offers to answer it).
OPEN_REQUEST_EVERY = 3


def files_count(scale: float) -> int:
    """Documents, and as many requests: a few at any scale."""
    return max(3, round(2_000 * scale))


def jobs_count(scale: float) -> int:
    return max(3, round(500 * scale))


class FileSteps(GeneratorBase):
    """Writes the requests, the documents and the exports; needs the people and the projects."""

    def _store(self, name: str, content: bytes) -> str:
        path = f"{FILES_FOLDER}/{name}"
        default_storage.delete(path)  # left by a run whose rows were removed without a reset
        return default_storage.save(path, ContentFile(content))

    def documents(self) -> None:
        started = time.perf_counter()
        projects = list(Project.objects.order_by("pk").values_list("pk", "company_id", "officer"))
        count = files_count(self.scale)
        chosen = sorted(self.rng.sample(projects, min(count, len(projects))))
        kinds = [kind for kind in DocumentKind.values if kind != DocumentKind.OTHER]
        requests = self._writer(
            DocumentRequest,
            ["project", "kind", "label", "requested_by", "requested_at", "due_on", "fulfilled_at"],
        )
        documents = self._writer(
            Document,
            [
                "project",
                "request",
                "kind",
                "file",
                "original_name",
                "content_type",
                "size",
                "uploaded_by",
                "uploaded_by_contact",
                "uploaded_at",
            ],
        )
        for n, (project, company, officer) in enumerate(chosen):
            officer = officer or self.rng.choice(self.officers)
            kind = self.rng.choice(kinds)
            label = DocumentKind(kind).label
            requested = self._moment(300, 20)
            request = self._id(DocumentRequest)
            answered = n % OPEN_REQUEST_EVERY != 0
            received = requested + dt.timedelta(days=self.rng.randint(1, 15))
            requests.add(
                (
                    request,
                    project,
                    kind,
                    str(label),
                    officer,
                    requested,
                    requested.date() + dt.timedelta(days=30),
                    received if answered else None,
                )
            )
            # The company's answer to a fulfilled request, and a file the officer attached.
            contacts = self.company_contacts.get(company) or []
            sent = [(request, kind, None, contacts[0], received)] if answered and contacts else []
            sent.append((None, self.rng.choice(kinds), officer, None, self._moment(200)))
            for answering, document_kind, by, contact, at in sent:
                pk = self._id(Document)
                stored = self._store(f"documents/{pk}.pdf", SAMPLE_PDF)
                name = f"{DocumentKind(document_kind).label} {self.rng.choice(SURNAMES)}.pdf"
                documents.add(
                    (
                        pk,
                        project,
                        answering,
                        document_kind,
                        stored,
                        name,
                        "application/pdf",
                        len(SAMPLE_PDF),
                        by,
                        contact,
                        at,
                    )
                )
        self._done("document_requests", requests, started)
        self._done("documents", documents, time.perf_counter())

    def jobs(self) -> None:
        """Finished exports with their files: the first manager's first (the bench opens a
        job as the person who asked it), then officers' and managers' at random."""
        started = time.perf_counter()
        rows = self._writer(
            Job,
            [
                "kind",
                "title",
                "requested_by",
                "parameters",
                "fingerprint",
                "status",
                "done",
                "total",
                "file",
                "filename",
                "content_type",
                "notified",
                "created_at",
                "started_at",
                "finished_at",
                "expires_at",
            ],
        )
        people = self.officers + self.managers
        for n in range(jobs_count(self.scale)):
            kind, title, filename, content_type = EXPORTS[n % len(EXPORTS)]
            by = self.managers[0] if n < len(EXPORTS) else self.rng.choice(people)
            pk = self._id(Job)
            lines = self.rng.randint(10, 2_000)
            if content_type == "application/pdf":
                content = SAMPLE_PDF
            else:
                content = "\n".join(["id;nom"] + [f"{i};Ligne {i}" for i in range(5)]).encode()
            stored = self._store(f"jobs/{pk}/{filename}", content)
            # Asked last evening; kept for a year, not a day, so that a data set reused for
            # weeks (generate_scale_data --reuse) still has its files to download.
            finished = self.now - dt.timedelta(minutes=self.rng.randint(1, 60))
            rows.add(
                (
                    pk,
                    kind,
                    title,
                    by,
                    {},
                    f"{pk:064x}",
                    Job.Status.DONE,
                    lines,
                    lines,
                    stored,
                    filename,
                    content_type,
                    True,
                    finished - dt.timedelta(minutes=2),
                    finished - dt.timedelta(minutes=1),
                    finished,
                    self.now + dt.timedelta(days=365),
                )
            )
        self._done("jobs", rows, started)


def remove_files() -> None:
    """The generator's own folder of the default storage, and everything in it."""

    def remove(folder: str) -> None:
        if not default_storage.exists(folder):
            return
        folders, files = default_storage.listdir(folder)
        for name in files:
            default_storage.delete(f"{folder}/{name}")
        for name in folders:
            remove(f"{folder}/{name}")
        default_storage.delete(folder)

    remove(FILES_FOLDER)
