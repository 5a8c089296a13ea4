"""The record of one background job: what was asked, by whom, how far it got, its file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def job_file_path(job: "Job", filename: str) -> str:
    # One folder per job: a retried run overwrites its own file, never another job's.
    return f"jobs/{job.pk}/{filename}"


class Job(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")
        EXPIRED = "expired", _("Expiré")

    kind = models.CharField(_("type"), max_length=60)
    title = models.CharField(_("intitulé"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("demandé par"),
    )
    parameters = models.JSONField(_("paramètres"), default=dict, blank=True)
    # The kind and its parameters, hashed: one person's same request is never run twice at once.
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    done = models.PositiveIntegerField(_("fait"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to=job_file_path, max_length=300, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # Shown once as a notice on the next page the person opens after the job ends.
    notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("export en arrière-plan")
        verbose_name_plural = _("exports en arrière-plan")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="job_by_person"),
            models.Index(fields=["status", "expires_at"], name="job_status_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "fingerprint"],
                condition=Q(status__in=["pending", "running"]),
                name="job_once_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__lte=models.F("total")),
                name="job_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED}

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.DONE
            and bool(self.file)
            and (self.expires_at is None or self.expires_at > timezone.now())
        )

    @property
    def percent(self) -> int | None:
        """How far the job is, in whole percent; None while its size is unknown."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)
