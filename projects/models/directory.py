"""The ecosystem directory: partner organisations and the support schemes they offer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerOrganisation(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agence de développement")
        BANK = "bank", _("Banque publique")
        LAB = "lab", _("Laboratoire de recherche")
        SCHOOL = "school", _("École d'ingénieurs")
        CLUSTER = "cluster", _("Pôle / cluster")
        TECH_CENTRE = "tech_centre", _("Centre technique")
        UNION = "union", _("Organisation professionnelle")
        EU_PROGRAMME = "eu_programme", _("Programme européen")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("présentation"), max_length=3000, blank=True)
    website = models.URLField(_("site web"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchemeKind(models.TextChoices):
    FUNDING = "funding", _("Financement")
    EXPERTISE = "expertise", _("Expertise")
    TRAINING = "training", _("Formation")
    RESEARCH = "research", _("Partenariat de recherche")
    INTERN = "intern", _("Recrutement : stagiaire")
    WORK_STUDY = "work_study", _("Recrutement : alternant·e ingénieur")
    PHD = "phd", _("Recrutement : doctorant·e (CIFRE)")


class SupportScheme(models.Model):
    """A dispositif: what a partner offers, and to which companies it fits.

    Empty `headcount_bands` or `departments` mean the scheme fits every size or territory.
    """

    organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="schemes",
    )
    name = models.CharField(_("nom du dispositif"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=SchemeKind.choices)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    axes = models.ManyToManyField(
        "projects.InterventionAxis",
        verbose_name=_("axes servis"),
        related_name="schemes",
        blank=True,
    )
    headcount_bands = models.JSONField(_("tailles d'entreprise"), default=list, blank=True)
    departments = models.JSONField(_("départements"), default=list, blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    url = models.URLField(_("page de présentation"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("dispositif")
        verbose_name_plural = _("dispositifs")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                "name",
                name="scheme_unique_name_per_organisation",
                violation_error_message=_(
                    "Cette organisation propose déjà un dispositif de ce nom."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def fits_headcount(self, band: str) -> bool:
        return not self.headcount_bands or band in self.headcount_bands

    def fits_department(self, department: str) -> bool:
        return not self.departments or department in self.departments
