from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Resource(models.Model):
    """A resource to mobilise for a project: usually a confirmed scheme suggestion."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggéré")
        CONTACTED = "contacted", _("Contacté")
        ENGAGED = "engaged", _("Engagé")
        OBTAINED = "obtained", _("Obtenu")
        DECLINED = "declined", _("Décliné")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="resources",
    )
    scheme = models.ForeignKey(
        "projects.SupportScheme",
        verbose_name=_("dispositif"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    label = models.CharField(_("ressource"), max_length=200, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.SUGGESTED
    )
    status_changed_on = models.DateField(_("statut depuis le"), default=timezone.localdate)
    next_action_on = models.DateField(_("prochaine relance"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=3000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajoutée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("ressource à mobiliser")
        verbose_name_plural = _("ressources à mobiliser")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "project",
                "scheme",
                name="resource_unique_scheme_per_project",
                violation_error_message=_("Ce dispositif est déjà retenu pour ce projet."),
            ),
            models.CheckConstraint(
                condition=models.Q(scheme__isnull=False) | ~models.Q(label=""),
                name="resource_scheme_or_label",
                violation_error_message=_("Choisissez un dispositif ou décrivez la ressource."),
            ),
        ]

    def __str__(self) -> str:
        return self.label or str(self.scheme)


class SuggestionDismissal(models.Model):
    """An officer's "not for this project" about a suggested scheme, and why.

    The scheme leaves the project's suggestions; for similar projects it ranks lower
    (projects/matching/history.py).
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="dismissals",
    )
    scheme = models.ForeignKey(
        "projects.SupportScheme",
        verbose_name=_("dispositif"),
        on_delete=models.CASCADE,
        related_name="dismissals",
    )
    reason = models.TextField(_("raison"), max_length=1000)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("écarté par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("écarté le"), default=timezone.now)

    class Meta:
        verbose_name = _("suggestion écartée")
        verbose_name_plural = _("suggestions écartées")
        ordering = ["-dismissed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "project", "scheme", name="dismissal_unique_scheme_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} — {self.project}"
