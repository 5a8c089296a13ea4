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
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pmi_aqt.accounts.permissions import require

from .importer import Importer, Plan, Record
from .mapping import MappingForm, UploadForm, guess_mapping
from .models import ImportRun
from .reading import ImportFileError, read_table

HISTORY_PER_PAGE = 25
# How long a file uploaded but never confirmed (nor abandoned) is kept.
PENDING_KEPT = timedelta(days=7)
# Rows of the file shown as examples under each column of the mapping form.
MAPPING_SAMPLES = 5


class ImportHasErrors(Exception):
    """Raised inside the confirming transaction to roll it back."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("import has errors")
        self.plan = plan


def records_of(run: ImportRun) -> list[Record]:
    """The run's rows as the fields its columns fill."""
    columns = [(int(index), key) for index, key in run.mapping.items()]
    records = []
    for line, *cells in run.rows:
        width = len(cells)
        records.append(
            Record(
                line=line,
                values={key: cells[index] if index < width else "" for index, key in columns},
            )
        )
    return records


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
        pending = (
            ImportRun.objects.pending_for(request.user, self.importer.kind).defer("rows").first()
        )
        context = self._context(request, form=form, page_obj=page, pending=pending)
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

    def _render_preview(self, request, run: ImportRun, plan: Plan, status: int = 200):
        context = self._context(
            request,
            run=run,
            plan=plan,
            errors=plan.error_messages(),
            options_description=self.importer.describe_options(run.options),
        )
        return render(request, "imports/preview.html", context, status=status)

    def _confirm(self, request: HttpRequest, run: ImportRun) -> HttpResponse:
        try:
            with transaction.atomic():
                # Claimed by one conditional UPDATE: a second click, or a second tab, finds it
                # no longer pending and writes nothing.
                claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PENDING)
                if not claimed.update(status=ImportRun.Status.DONE, confirmed_at=timezone.now()):
                    return self._no_pending(request)
                plan = self.importer.plan(records_of(run), run.options)
                if plan.errors:
                    raise ImportHasErrors(plan)
                self.importer.write(plan, by=request.user)
                ImportRun.objects.filter(pk=run.pk).update(
                    rows=[],
                    created_count=plan.created,
                    updated_count=plan.updated,
                    skipped_count=plan.skipped,
                    summary=", ".join(plan.extra_counts)[:500],
                )
        except ImportHasErrors as refused:
            messages.error(
                request,
                _("Rien n'a été importé : corrigez les lignes en erreur et envoyez à nouveau."),
            )
            return self._render_preview(request, run, refused.plan, status=400)
        except IntegrityError:
            # Someone wrote the same company or scheme between the preview and now.
            messages.error(
                request,
                _(
                    "Rien n'a été importé : une donnée du fichier vient d'être enregistrée par "
                    "quelqu'un d'autre. Vérifiez l'aperçu et confirmez à nouveau."
                ),
            )
            return redirect(self.reverse("preview"))
        messages.success(
            request,
            ngettext(
                "Import terminé : %(count)s ligne lue, %(created)s %(created_label)s, "
                "%(updated)s %(updated_label)s, %(skipped)s %(skipped_label)s.",
                "Import terminé : %(count)s lignes lues, %(created)s %(created_label)s, "
                "%(updated)s %(updated_label)s, %(skipped)s %(skipped_label)s.",
                run.row_count,
            )
            % {
                "count": run.row_count,
                "created": plan.created,
                "created_label": self.importer.created_label,
                "updated": plan.updated,
                "updated_label": self.importer.updated_label,
                "skipped": plan.skipped,
                "skipped_label": self.importer.skipped_label,
            },
        )
        return redirect(self.reverse("upload"))

    def cancel(self, request: HttpRequest) -> HttpResponse:
        ImportRun.objects.pending_for(request.user, self.importer.kind).delete()
        messages.info(request, _("L'import a été abandonné : rien n'a été écrit."))
        return redirect(self.reverse("upload"))
