from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_AMOUNT = models.DecimalField(max_digits=14, decimal_places=2)
_ZERO = models.Value(Decimal("0"), output_field=_AMOUNT)


@dataclass(frozen=True)
class FinancingSums:
    """The number of lines and what they add up to (see `FinancingLineQuerySet.sums`)."""

    count: int
    asked: Decimal
    granted: Decimal
    obtained: Decimal


class FinancingLineQuerySet(models.QuerySet):
    def sums(self) -> FinancingSums:
        """Money asked, granted and obtained over these lines, in one query.

        As in a project's plan (projects.services.financing.financing_totals), refused lines do
        not count in the total asked: they no longer finance anything.
        """
        refused = Q(status=FinancingLine.Status.REFUSED)
        figures = self.aggregate(
            count=Count("id"),
            asked=Coalesce(Sum("amount_asked", filter=~refused), _ZERO),
            granted=Coalesce(Sum("amount_granted"), _ZERO),
            obtained=Coalesce(Sum("amount_obtained"), _ZERO),
        )
        return FinancingSums(**figures)

    def awaiting_answer(self):
        """Lines still waiting for the funder's answer: planned or asked."""
        return self.filter(status__in=FinancingLine.AWAITING_ANSWER)

    def committees_from(self, day: date):
        """Lines waiting for an answer whose funder's committee sits on `day` or later."""
        return self.awaiting_answer().filter(committee_on__gte=day).order_by("committee_on", "id")

    def deadlines_from(self, day: date):
        """Lines waiting for an answer whose application is due on `day` or later."""
        return self.awaiting_answer().filter(deadline_on__gte=day).order_by("deadline_on", "id")


class FinancingLine(models.Model):
    """One line of a project's financing plan."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Subvention")
        LOAN = "loan", _("Prêt / avance remboursable")
        EQUITY = "equity", _("Fonds propres externes")
        TAX_CREDIT = "tax_credit", _("Crédit d'impôt")
        OWN_FUNDS = "own_funds", _("Autofinancement")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Envisagé")
        REQUESTED = "requested", _("Demandé")
        GRANTED = "granted", _("Obtenu")
        REFUSED = "refused", _("Refusé")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="financing_lines",
    )
    scheme = models.ForeignKey(
        "projects.SupportScheme",
        verbose_name=_("dispositif"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="financing_lines",
    )
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    amount_asked = models.DecimalField(
        _("montant demandé (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    amount_granted = models.DecimalField(
        _("montant accordé (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    amount_obtained = models.DecimalField(
        _("montant obtenu (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    deadline_on = models.DateField(_("date limite de dépôt"), null=True, blank=True)
    committee_on = models.DateField(_("date du comité du financeur"), null=True, blank=True)
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    objects = FinancingLineQuerySet.as_manager()

    AWAITING_ANSWER = frozenset({Status.PLANNED, Status.REQUESTED})

    class Meta:
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scheme__isnull=False) | ~models.Q(source_label=""),
                name="financing_scheme_or_source",
                violation_error_message=_("Choisissez un dispositif ou indiquez la source."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_asked__gte=0)
                & (models.Q(amount_obtained__isnull=True) | models.Q(amount_obtained__gte=0)),
                name="financing_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_granted__isnull=True) | models.Q(amount_granted__gte=0),
                name="financing_granted_not_negative",
            ),
        ]
        indexes = [
            # The finance officer's coming committees and deadlines, read in date order.
            models.Index(fields=["committee_on"], name="financing_committee_idx"),
            models.Index(fields=["deadline_on"], name="financing_deadline_idx"),
        ]

    def __str__(self) -> str:
        return self.source_label or str(self.scheme)

    @property
    def source(self) -> str:
        return self.source_label or (self.scheme.name if self.scheme_id else "")

    @property
    def funder(self) -> str:
        """Who finances: the organisation behind the scheme, or the source as typed."""
        return self.scheme.organisation.name if self.scheme_id else self.source_label


class FinancingChange(models.Model):
    """One change of a project's financing plan: who, when, and what changed, as the project's
    timeline says it. Kept when the line itself is removed."""

    class Action(models.TextChoices):
        ADDED = "added", _("Ligne ajoutée")
        CHANGED = "changed", _("Ligne modifiée")
        REMOVED = "removed", _("Ligne retirée")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="financing_changes",
    )
    line = models.ForeignKey(
        FinancingLine,
        verbose_name=_("ligne de financement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # The line's source at the time: the line may be gone since.
    source = models.CharField(_("source"), max_length=200)
    # What changed, in French, written when it happened (the values of that moment).
    description = models.TextField(_("modification"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("modification du plan de financement")
        verbose_name_plural = _("modifications du plan de financement")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.source}"
