"""The pages of an import, the same for every importer: upload (with the past imports),
columns, preview, confirmation — nothing written before the confirmation, and then all of it
or nothing.

An app builds one `ImportFlow` with its importer, the rights question that guards it and the
names of its URLs, and routes its four views (`urls()`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pmi_aqt.accounts.permissions import require

from .importer import Importer, Plan, records_of
from .mapping import MappingForm, UploadForm, guess_mapping
from .models import ImportRun
from .reading import ImportFileError, read_table
from .services import import_run_start, import_runs_unstall

HISTORY_PER_PAGE = 25
# How long a file uploaded but never confirmed (nor abandoned) is kept.
PENDING_KEPT = timedelta(days=7)
# A confirmed import not written after this long was lost with its worker (10,000 rows take
# well under a minute).
STALLED_AFTER = timedelta(minutes=15)
# Rows of the file shown as examples under each column of the mapping form.
MAPPING_SAMPLES = 5


@dataclass
class ImportFlow:
    importer: Importer
    check: Callable
    # URL names: the upload page (with the history), the columns, the preview, the cancel.
    namespace: str
    prefix: str
    # Where the import belongs (breadcrumb): URL name and label.
    back_url: str
    back_label: str

    def url_name(self, step: str) -> str:
        return f"{self.prefix}_{step}"

    def reverse(self, step: str) -> str:
        return reverse(f"{self.namespace}:{self.url_name(step)}")

    def urls(self, route: str) -> list:
        """The four URLs under `route` ("import/")."""
        guarded = require(self.check)
        return [
            path(route, guarded(self.upload), name=self.url_name("upload")),
            path(f"{route}colonnes/", guarded(self.columns), name=self.url_name("columns")),
            path(f"{route}apercu/", guarded(self.preview), name=self.url_name("preview")),
            path(
                f"{route}abandonner/",
                guarded(require_POST(self.cancel)),
                name=self.url_name("cancel"),
            ),
        ]

    def _context(self, request: HttpRequest, **context) -> dict:
        steps = {step: self.reverse(step) for step in ("upload", "columns", "preview", "cancel")}
        return {
            "importer": self.importer,
            "steps": steps,
            "back_url": reverse(self.back_url),
            "back_label": self.back_label,
            **context,
        }

    def _pending(self, request: HttpRequest) -> ImportRun | None:
        return ImportRun.objects.pending_for(request.user, self.importer.kind).first()

    def _no_pending(self, request: HttpRequest) -> HttpResponse:
        messages.info(request, _("Aucun import en attente : envoyez d'abord un fichier."))
        return redirect(self.reverse("upload"))

    # --- The views

    def upload(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = read_table(upload)
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                with transaction.atomic():
                    # One import waits per person and kind: a new file replaces the previous.
                    ImportRun.objects.pending_for(request.user, self.importer.kind).delete()
                    # Files never confirmed hold people's data for nothing: they go after a while.
                    ImportRun.objects.abandoned(timezone.now() - PENDING_KEPT).delete()
                    ImportRun.objects.create(
                        kind=self.importer.kind,
                        created_by=request.user,
                        file_name=upload.name[:255],
                        headers=table.headers,
                        rows=table.rows,
                        row_count=len(table.rows),
                        mapping=guess_mapping(table.headers, self.importer.fields),
                        options=self._initial_options(),
                    )
                return redirect(self.reverse("columns"))
        history = (
            ImportRun.objects.done()
            .filter(kind=self.importer.kind)
            .select_related("created_by")
            .defer("rows", "headers")
        )
        page = Paginator(history, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
        # A lost confirmation is put back to waiting when someone looks (one conditional
        # UPDATE that changes nothing almost always) rather than by yet another periodic job.
        import_runs_unstall(before=timezone.now() - STALLED_AFTER)
        # The person's import waiting for confirmation, and those being written.
        waiting = (
            ImportRun.objects.filter(created_by=request.user, kind=self.importer.kind)
            .filter(status__in=[ImportRun.Status.PENDING, ImportRun.Status.RUNNING])
            .defer("rows", "headers")
        )
        pending = next((r for r in waiting if r.status == ImportRun.Status.PENDING), None)
        running = [r for r in waiting if r.status == ImportRun.Status.RUNNING]
        context = self._context(request, form=form, page_obj=page, pending=pending, running=running)
        return render(request, "imports/upload.html", context)

    def _initial_options(self) -> dict:
        options_form = self.importer.options_form
        if options_form is None:
            return {}
        return {name: field.initial for name, field in options_form.base_fields.items()}

    def columns(self, request: HttpRequest) -> HttpResponse:
        run = self._pending(request)
        if run is None:
            return self._no_pending(request)
        samples = [row[1:] for row in run.rows[:MAPPING_SAMPLES]]
        data = request.POST if request.method == "POST" else None
        form = MappingForm(
            data,
            headers=run.headers,
            samples=samples,
            fields=self.importer.fields,
            initial={f"column_{index}": key for index, key in run.mapping.items()},
        )
        options_class = self.importer.options_form
        options = options_class(data, initial=run.options) if options_class else None
        if data is not None and form.is_valid() and (options is None or options.is_valid()):
            run.mapping = form.mapping()
            run.options = options.cleaned_data if options is not None else {}
            run.save(update_fields=["mapping", "options"])
            return redirect(self.reverse("preview"))
        context = self._context(request, form=form, options_form=options, run=run)
        return render(request, "imports/columns.html", context)

    def preview(self, request: HttpRequest) -> HttpResponse:
        run = self._pending(request)
        if run is None:
            return self._no_pending(request)
        if request.method == "POST":
            return self._confirm(request, run)
        plan = self.importer.plan(records_of(run), run.options)
        return self._render_preview(request, run, plan)

    def _render_preview(self, request, run: ImportRun, plan: Plan):
        context = self._context(
            request,
            run=run,
            plan=plan,
            errors=plan.error_messages(),
            options_description=self.importer.describe_options(run.options),
        )
        return render(request, "imports/preview.html", context)

    def _confirm(self, request: HttpRequest, run: ImportRun) -> HttpResponse:
        # Written by a Celery task (10,000 rows take seconds), all of it or nothing; the upload
        # page says when it is done.
        with transaction.atomic():
            if not import_run_start(run=run):
                return self._no_pending(request)
        messages.info(
            request,
            _(
                "L'import de « %(name)s » est lancé : il apparaît dans la liste des imports "
                "effectués dès qu'il est terminé (rechargez la page)."
            )
            % {"name": run.file_name},
        )
        return redirect(self.reverse("upload"))

    def cancel(self, request: HttpRequest) -> HttpResponse:
        ImportRun.objects.pending_for(request.user, self.importer.kind).delete()
        messages.info(request, _("L'import a été abandonné : rien n'a été écrit."))
        return redirect(self.reverse("upload"))
