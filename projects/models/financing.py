from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # What the task force's decision granted on this line (taskforce's decision form writes
    # it); the finance officer's amount obtained follows once the funder has paid.
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
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

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

    def __str__(self) -> str:
        return self.source_label or str(self.scheme)

    @property
    def source(self) -> str:
        return self.source_label or (self.scheme.name if self.scheme_id else "")
