from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRunQuerySet(models.QuerySet):
    def done(self):
        return self.filter(status=ImportRun.Status.DONE)

    def abandoned(self, before):
        return self.filter(status=ImportRun.Status.PENDING, created_at__lt=before)

    def pending_for(self, user, kind: str):
        return self.filter(created_by=user, kind=kind, status=ImportRun.Status.PENDING)

    def running_for(self, user, kind: str):
        return self.filter(created_by=user, kind=kind, status=ImportRun.Status.RUNNING)


class ImportRun(models.Model):
    """One file imported, or waiting for its confirmation.

    Between the upload and the confirmation the file's parsed rows wait here, on the server and
    keyed to the person who sent it (never in the session cookie); once confirmed, the rows are
    dropped and the record stays: who, when, which file, what it did.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de confirmation")
        RUNNING = "running", _("Import en cours")
        DONE = "done", _("Importé")

    # Which importer reads it: each app names its own ("prospects", "directory").
    kind = models.CharField(_("type d'import"), max_length=30)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        on_delete=models.PROTECT,
        related_name="import_runs",
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    file_name = models.CharField(_("fichier"), max_length=255)
    # The file's header row, and its data rows as [line number, cell, cell, …] (text).
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    # Column index (as text) → the field it fills; and the importer's options.
    mapping = models.JSONField(default=dict)
    options = models.JSONField(default=dict)
    row_count = models.PositiveIntegerField(_("lignes"), default=0)
    created_count = models.PositiveIntegerField(_("créées"), default=0)
    updated_count = models.PositiveIntegerField(_("complétées ou mises à jour"), default=0)
    skipped_count = models.PositiveIntegerField(_("ignorées"), default=0)
    # What else the importer wrote, in words ("42 contacts ajoutés").
    summary = models.CharField(_("résumé"), max_length=500, blank=True)
    # Why the last confirmation wrote nothing (the database changed since the preview).
    problem = models.CharField(_("problème"), max_length=500, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import de fichier")
        verbose_name_plural = _("imports de fichiers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "status", "-created_at"], name="import_run_kind_idx"),
            models.Index(fields=["created_by", "kind", "status"], name="import_run_user_idx"),
        ]

    def __str__(self) -> str:
        return self.file_name
