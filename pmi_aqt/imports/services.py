"""Confirming an import: all of the file written in one transaction, or nothing.

The view claims the import (pending → running) and hands it to a Celery task at commit
(`CONFIRM_IMPORT`); the task calls `import_run_confirm`, which claims it again (running → done)
inside its transaction, so running twice writes once. The plan is made again there, against
the database as it is then: if a line no longer passes (someone wrote the same company since
the preview), nothing is written and the import goes back to waiting, saying why.
"""

from auditlog.context import set_actor
from celery import current_app
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .importer import Plan, records_of
from .models import ImportRun
from .registry import importer_for

# The task (pmi_aqt/imports/tasks.py) is queued by this name: nothing below imports tasks.
CONFIRM_IMPORT = "pmi_aqt.imports.tasks.confirm_import"


class _Refused(Exception):
    def __init__(self, plan: Plan) -> None:
        super().__init__("import refused")
        self.plan = plan


def import_run_start(*, run: ImportRun) -> bool:
    """Claim a waiting import for its confirmation and queue it at commit; False if it was no
    longer waiting (a second click)."""
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PENDING).update(
        status=ImportRun.Status.RUNNING, problem="", confirmed_at=timezone.now()
    )
    if claimed:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return bool(claimed)


def _enqueue(run_id: int) -> None:
    try:
        current_app.tasks[CONFIRM_IMPORT].delay(run_id=run_id)
    except Exception:  # noqa: BLE001 - the broker is down: the person is waiting for it
        import_run_confirm(run_id=run_id)


def import_run_confirm(*, run_id: int) -> str:
    """Write a running import; returns its status afterwards."""
    run = ImportRun.objects.filter(pk=run_id).select_related("created_by").first()
    if run is None or run.status != ImportRun.Status.RUNNING:
        return run.status if run else ""
    importer = importer_for(run.kind)
    try:
        # The history's entries are signed by the person who confirmed, as in a request.
        with transaction.atomic(), set_actor(run.created_by):
            claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING)
            if not claimed.update(status=ImportRun.Status.DONE):
                return ImportRun.Status.DONE
            plan = importer.plan(records_of(run), run.options)
            if plan.errors:
                raise _Refused(plan)
            importer.write(plan, by=run.created_by)
            ImportRun.objects.filter(pk=run.pk).update(
                rows=[],
                created_count=plan.created,
                updated_count=plan.updated,
                skipped_count=plan.skipped,
                summary=", ".join(plan.extra_counts)[:500],
            )
    except _Refused as refused:
        return _back_to_waiting(
            run,
            ngettext(
                "Rien n'a été importé : %(count)s ligne ne passe plus les contrôles (les "
                "données ont changé depuis l'aperçu). Corrigez-la et envoyez le fichier à "
                "nouveau.",
                "Rien n'a été importé : %(count)s lignes ne passent plus les contrôles (les "
                "données ont changé depuis l'aperçu). Corrigez-les et envoyez le fichier à "
                "nouveau.",
                refused.plan.error_count,
            )
            % {"count": refused.plan.error_count},
        )
    except IntegrityError:
        return _back_to_waiting(
            run,
            _(
                "Rien n'a été importé : une donnée du fichier vient d'être enregistrée par "
                "quelqu'un d'autre. Vérifiez l'aperçu et confirmez à nouveau."
            ),
        )
    return ImportRun.Status.DONE


def import_runs_unstall(*, before) -> int:
    """Put back to waiting the imports confirmed before `before` and still not written (their
    task was lost with a worker): the person may confirm again; a late task finds them waiting
    and writes nothing."""
    return ImportRun.objects.filter(
        status=ImportRun.Status.RUNNING, confirmed_at__lt=before
    ).update(
        status=ImportRun.Status.PENDING,
        problem=_("L'import s'est interrompu sans rien écrire : confirmez-le à nouveau."),
    )


def _back_to_waiting(run: ImportRun, problem: str) -> str:
    ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).update(
        status=ImportRun.Status.PENDING, problem=problem[:500]
    )
    return ImportRun.Status.PENDING
