"""Celery task of the imports: thin around pmi_aqt/imports/services.py, queued by name."""

from celery import shared_task

from .services import CONFIRM_IMPORT, import_run_confirm


@shared_task(name=CONFIRM_IMPORT)
def confirm_import(run_id: int) -> str:
    return import_run_confirm(run_id=run_id)
