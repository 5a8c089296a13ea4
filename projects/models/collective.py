"""Collective actions: one action (a training session, a collective diagnosis, a shared
expertise, a trade fair) that several companies attend, each through one of its projects.

The action appears on the support plan of every participating project; each participation
carries that company's days and its share of the cost.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .support import SupportAction

MAX_DAYS = Decimal("2000")


class CollectiveActionQuerySet(models.QuerySet):
    def starting_in(self, start, end):
        """Actions starting on or after `start` and before `end` (the dashboard's periods)."""
        return self.filter(starts_on__gte=start, starts_on__lt=end)

    def reach(self) -> dict[str, int]:
        """Whom these actions reached, cancelled ones left out, in one query: `actions` (with
        at least one participant), `companies` (each counted once, whatever the number of
        actions it attended) and `participations`. The dashboard and the list both ask it."""
        held = self.exclude(status=SupportAction.Status.CANCELLED).order_by().values("pk")
        return CollectiveParticipation.objects.filter(action__in=held).aggregate(
            actions=models.Count("action", distinct=True),
            companies=models.Count("company", distinct=True),
            participations=models.Count("pk"),
        )


class CollectiveAction(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Session de formation")
        DIAGNOSIS = "diagnosis", _("Diagnostic collectif")
        EXPERTISE = "expertise", _("Expertise partagée")
        TRADE_FAIR = "trade_fair", _("Salon professionnel")
        OTHER = "other", _("Autre action collective")

    # The same life as an individual action of a support plan.
    Status = SupportAction.Status
    FINISHED = SupportAction.FINISHED

    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    provider = models.ForeignKey(
        "projects.PartnerOrganisation",
        verbose_name=_("prestataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_actions",
    )
    # Required: the dashboard counts an action in the year it starts.
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    total_cost = models.DecimalField(
        _("coût total (€ HT)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = CollectiveActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action collective")
        verbose_name_plural = _("actions collectives")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="collective_action_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
            models.CheckConstraint(
                condition=Q(total_cost__isnull=True) | Q(total_cost__gte=0),
                name="collective_action_cost_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_on", "id"], name="collective_action_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:collective_action_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class CollectiveParticipation(models.Model):
    """A company taking part in a collective action, through one of its projects.

    `company` is the project's company, kept here so that the database itself refuses a
    company twice in the same action (whichever of its projects is named).
    """

    action = models.ForeignKey(
        CollectiveAction,
        verbose_name=_("action collective"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="collective_participations",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("entreprise"),
        on_delete=models.CASCADE,
        related_name="collective_participations",
        editable=False,
    )
    days = models.DecimalField(
        _("jours d'intervention"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_DAYS)],
    )
    cost_share = models.DecimalField(
        _("part du coût (€ HT)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajoutée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation à une action collective")
        verbose_name_plural = _("participations à des actions collectives")
        ordering = ["action", "id"]
        constraints = [
            models.UniqueConstraint(
                "action",
                "company",
                name="collective_participation_one_per_company",
                violation_error_message=_("Cette entreprise participe déjà à cette action."),
            ),
            models.CheckConstraint(
                condition=(Q(days__isnull=True) | Q(days__gte=0))
                & (Q(cost_share__isnull=True) | Q(cost_share__gte=0)),
                name="collective_participation_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "action"], name="collective_participation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} — {self.project}"
