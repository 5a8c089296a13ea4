"""An intake request someone started, saved and means to finish later."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A draft not touched for this long is gone: its link says so and the daily scan deletes it
# (the privacy page states it).
DRAFT_LIFETIME = timedelta(days=settings.INTAKE_DRAFT_LIFETIME_DAYS)
# The reminder goes to drafts left alone for this long (and younger than DRAFT_LIFETIME).
DRAFT_REMINDER_AFTER = timedelta(days=2)
# secrets.token_urlsafe(32) gives 43 characters; anything else in a link is not ours.
TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 64


def new_draft_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class IntakeDraftQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(completed_at__isnull=True)

    def alive(self, now=None):
        """Drafts whose link still works (finished ones included: their page says so)."""
        return self.filter(updated_at__gt=(now or timezone.now()) - DRAFT_LIFETIME)

    def expired(self, now=None):
        return self.filter(updated_at__lte=(now or timezone.now()) - DRAFT_LIFETIME)

    def due_for_reminder(self, now=None):
        """Unfinished, never reminded, left alone for two days and not yet expired."""
        now = now or timezone.now()
        return (
            self.unfinished()
            .alive(now)
            .filter(reminded_at__isnull=True, updated_at__lte=now - DRAFT_REMINDER_AFTER)
        )


class IntakeDraft(models.Model):
    """What was typed into the public intake form so far, under a secret, random link.

    `data` holds the form's values as typed (strings, the axes' ids as strings, the two consent
    booleans), checked only for safety; the full checks run when the request is sent. The
    `token` is the only permission to read it: it goes by email to `email`, never on a page.
    """

    token = models.CharField(
        _("jeton du lien"), max_length=TOKEN_MAX_LENGTH, unique=True, default=new_draft_token
    )
    email = models.EmailField(_("adresse e-mail"))
    data = models.JSONField(_("saisie"), default=dict, blank=True)
    created_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("enregistrée le"), default=timezone.now, db_index=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    completed_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("demande envoyée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = IntakeDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande en cours")
        verbose_name_plural = _("demandes en cours")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} ({self.updated_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("projects:intake_resume", args=[self.token])

    @property
    def resume_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def expires_at(self):
        return self.updated_at + DRAFT_LIFETIME

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
