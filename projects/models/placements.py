"""Students placed in a supported company: interns, work-study engineering students and PhD
students (CIFRE or otherwise), each from a partner institution of the directory."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StudentPlacement(models.Model):
    class Kind(models.TextChoices):
        INTERN = "intern", _("Stage")
        WORK_STUDY = "work_study", _("Alternance ingénieur")
        PHD = "phd", _("Doctorat (CIFRE ou autre)")

    class Contract(models.TextChoices):
        INTERNSHIP_AGREEMENT = "internship", _("Convention de stage")
        APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
        PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")
        CIFRE = "cifre", _("Convention CIFRE")
        FIXED_TERM = "fixed_term", _("Contrat à durée déterminée")
        OTHER = "other", _("Autre contrat")

    # What French law allows for each kind of placement: an internship is always under an
    # internship agreement, work-study under one of the two work-study contracts.
    CONTRACTS_BY_KIND = {
        Kind.INTERN: frozenset({Contract.INTERNSHIP_AGREEMENT}),
        Kind.WORK_STUDY: frozenset({Contract.APPRENTICESHIP, Contract.PROFESSIONALISATION}),
        Kind.PHD: frozenset({Contract.CIFRE, Contract.FIXED_TERM, Contract.OTHER}),
    }

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    institution = models.ForeignKey(
        "projects.PartnerOrganisation",
        verbose_name=_("établissement"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    student_name = models.CharField(_("nom de l'étudiant·e"), max_length=150)
    degree = models.CharField(_("niveau ou diplôme préparé"), max_length=150)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    company_supervisor = models.CharField(
        _("tuteur ou tutrice dans l'entreprise"), max_length=150, blank=True
    )
    school_supervisor = models.CharField(
        _("tuteur ou tutrice à l'établissement"), max_length=150, blank=True
    )
    contract_type = models.CharField(_("contrat"), max_length=20, choices=Contract.choices)
    cost = models.DecimalField(
        _("coût pour l'entreprise (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    aid_amount = models.DecimalField(
        _("aide obtenue (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("stage ou contrat étudiant")
        verbose_name_plural = _("stages et contrats étudiants")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
            models.CheckConstraint(
                condition=(Q(cost__isnull=True) | Q(cost__gte=0))
                & (Q(aid_amount__isnull=True) | Q(aid_amount__gte=0)),
                name="placement_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True)
                | Q(aid_amount__isnull=True)
                | Q(aid_amount__lte=models.F("cost")),
                name="placement_aid_within_cost",
                violation_error_message=_("L'aide ne peut pas dépasser le coût."),
            ),
        ]
        indexes = [
            # The officers' digest: placements ending soon.
            models.Index(fields=["ends_on"], name="placement_end_idx"),
            # The dashboard and the list: placements starting in a year.
            models.Index(fields=["starts_on", "id"], name="placement_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.student_name} ({self.get_kind_display()})"

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("La fin ne peut pas précéder le début (%(start)s).") % {
                "start": self.starts_on.strftime("%d/%m/%Y")
            }
        allowed = self.CONTRACTS_BY_KIND.get(self.kind)
        if allowed and self.contract_type and self.contract_type not in allowed:
            errors["contract_type"] = _("Pour « %(kind)s », choisissez : %(contracts)s.") % {
                "kind": self.get_kind_display(),
                "contracts": ", ".join(
                    str(self.Contract(c).label) for c in self.Contract.values if c in allowed
                ),
            }
        if self.cost is not None and self.aid_amount is not None and self.aid_amount > self.cost:
            errors["aid_amount"] = _("L'aide ne peut pas dépasser le coût pour l'entreprise.")
        if errors:
            raise ValidationError(errors)

    @property
    def net_cost(self) -> Decimal | None:
        """What the placement costs the company once the aid is deducted."""
        if self.cost is None:
            return None
        return self.cost - (self.aid_amount or Decimal("0"))
