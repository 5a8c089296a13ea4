from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SupportAction(models.Model):
    """An action of the support plan granted to a project."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Action individuelle")
        COLLABORATIVE = "collaborative", _("Action collective")
        TRAINING = "training", _("Formation")
        EXPERTISE = "expertise", _("Expertise")
        INTERN = "intern", _("Stagiaire")
        WORK_STUDY = "work_study", _("Alternant·e ingénieur")
        PHD = "phd", _("Doctorant·e")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Terminée")
        CANCELLED = "cancelled", _("Annulée")

    FINISHED = frozenset({Status.DONE, Status.CANCELLED})

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="support_actions",
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    provider = models.ForeignKey(
        "projects.PartnerOrganisation",
        verbose_name=_("prestataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_actions",
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    days = models.DecimalField(
        _("jours d'intervention"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("2000"))],
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("action d'accompagnement")
        verbose_name_plural = _("actions d'accompagnement")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="support_action_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
        ]
        indexes = [models.Index(fields=["status", "ends_on"], name="support_status_end_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class FollowUp(models.Model):
    """A follow-up 3, 6 or 12 months after support starts, and the company's answers."""

    class TurnoverEffect(models.TextChoices):
        NONE = "none", _("Aucun effet à ce jour")
        SMALL = "small", _("Hausse de moins de 5 %")
        MEDIUM = "medium", _("Hausse de 5 à 15 %")
        LARGE = "large", _("Hausse de plus de 15 %")
        UNKNOWN = "unknown", _("Je ne sais pas encore")

    MONTHS = (3, 6, 12)

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    months = models.PositiveSmallIntegerField(_("mois après le début de l'accompagnement"))
    due_on = models.DateField(_("prévu le"))
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    # In full-time equivalents: "1,5" is a full-time and a half-time job.
    jobs_created = models.DecimalField(
        _("emplois créés (ETP)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000"))],
    )
    jobs_kept = models.DecimalField(
        _("emplois maintenus (ETP)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000"))],
    )
    turnover_effect = models.CharField(
        _("effet sur le chiffre d'affaires"),
        max_length=10,
        choices=TurnoverEffect.choices,
        blank=True,
    )
    product_launched = models.BooleanField(_("produit ou procédé lancé"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1 à 5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("commentaire"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                "project", "months", name="follow_up_unique_months_per_project"
            ),
            models.CheckConstraint(
                condition=Q(months__in=[3, 6, 12]), name="follow_up_months_3_6_12"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="follow_up_satisfaction_1_to_5",
            ),
            # What the positive integer columns guaranteed before jobs counted in FTE.
            models.CheckConstraint(
                condition=(Q(jobs_created__isnull=True) | Q(jobs_created__gte=0))
                & (Q(jobs_kept__isnull=True) | Q(jobs_kept__gte=0)),
                name="follow_up_jobs_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["answered_at", "due_on"], name="follow_up_due_idx")]

    def __str__(self) -> str:
        return f"{self.project} — {self.months} mois"
