from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class InterventionAxis(models.Model):
    """One of the programme's intervention axes: reference data the manager may edit."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("axe d'intervention")
        verbose_name_plural = _("axes d'intervention")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class Stage(models.TextChoices):
    """Where a project stands; the allowed moves between stages come with the pipeline."""

    INTAKE = "intake", _("Demande reçue")
    QUALIFIED = "qualified", _("Qualifié")
    DIAGNOSIS = "diagnosis", _("Diagnostic")
    DOSSIER_READY = "dossier_ready", _("Dossier prêt")
    ON_AGENDA = "on_agenda", _("Inscrit à une task force")
    DECIDED = "decided", _("Décidé")
    IN_SUPPORT = "in_support", _("En accompagnement")
    COMPLETED = "completed", _("Clos — terminé")
    ABANDONED = "abandoned", _("Clos — abandonné")


class Timing(models.TextChoices):
    NOW = "now", _("Dès que possible")
    WITHIN_6_MONTHS = "6m", _("Dans les 6 mois")
    WITHIN_12_MONTHS = "12m", _("Dans l'année")
    LATER = "later", _("Plus tard / à définir")


class ProjectQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage__in=[Stage.COMPLETED, Stage.ABANDONED])


class Project(models.Model):
    """A company's innovation project, from the intake request to its closing."""

    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("entreprise"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    axes = models.ManyToManyField(
        InterventionAxis,
        verbose_name=_("axes d'intervention"),
        related_name="projects",
        blank=True,
    )
    primary_axis = models.ForeignKey(
        InterventionAxis,
        verbose_name=_("axe principal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="primary_projects",
    )
    stage = models.CharField(
        _("étape"), max_length=20, choices=Stage.choices, default=Stage.INTAKE, db_index=True
    )
    timing = models.CharField(
        _("calendrier souhaité"), max_length=10, choices=Timing.choices, blank=True
    )
    submitted_by = models.ForeignKey(
        "companies.Contact",
        verbose_name=_("demandeur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_projects",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chargé·e de mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", args=[self.company_id]) + f"#projet-{self.pk}"
