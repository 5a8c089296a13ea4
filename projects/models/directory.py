"""The ecosystem directory: partner organisations, the support schemes they offer, who each
scheme is for and when it can be asked for."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# The database's own defaults for the matching fields, so that rows written outside the ORM (the
# scale generator's bulk copy) get the "no condition" value.
_EMPTY_LIST = models.Value([], output_field=models.JSONField())


class StudentKind(models.TextChoices):
    """The students a school or a lab places in companies."""

    INTERN = "intern", _("Stagiaires")
    WORK_STUDY = "work_study", _("Alternant·es ingénieurs")
    PHD = "phd", _("Doctorant·es (CIFRE)")


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
    # What the organisation knows and has: themes, equipment, research fields. Its schemes are
    # matched on these words too.
    competences = models.TextField(_("compétences"), max_length=3000, blank=True, db_default="")
    student_kinds = models.JSONField(
        _("étudiants placés"), default=list, blank=True, db_default=_EMPTY_LIST
    )
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


def _amount(label):
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )


class SupportScheme(models.Model):
    """A dispositif: what a partner offers, and to which companies it fits.

    Empty conditions mean no condition: no size ticked fits every size, no département every
    territory, no NAF pattern or trade every trade, no budget bound any budget, no call for
    applications a scheme open all year. The matching rules that read them are in
    projects/matching/eligibility.py.
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
    # NAF patterns (section "C", division "28", class "28.30", sub-class "28.30Z").
    naf_included = models.JSONField(
        _("activités NAF visées"), default=list, blank=True, db_default=_EMPTY_LIST
    )
    naf_excluded = models.JSONField(
        _("activités NAF exclues"), default=list, blank=True, db_default=_EMPTY_LIST
    )
    # Words of the trades the scheme is reserved to ("bois, forêt"): a project qualifies when
    # its words or its company's activity say one of them, or its NAF code is among
    # `naf_included`.
    trades = models.TextField(_("filières réservées"), max_length=1000, blank=True, db_default="")
    keywords = models.TextField(_("mots-clés"), max_length=2000, blank=True, db_default="")
    budget_min = _amount(_("budget de projet minimum (€)"))
    budget_max = _amount(_("budget de projet maximum (€)"))
    # What it provides.
    amount_min = _amount(_("montant minimum (€)"))
    amount_max = _amount(_("montant maximum (€)"))
    rate_max = models.PositiveSmallIntegerField(
        _("taux d'aide maximum (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    days = models.PositiveSmallIntegerField(
        _("jours d'intervention"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("durée (mois)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    url = models.URLField(_("page de présentation"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    # PostgreSQL only (null elsewhere): the weighted French full-text vector of the scheme and
    # its organisation's competences, kept by projects/matching/index.py, searched through a
    # GIN index (created by migration, PostgreSQL only).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

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
            ),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=F("budget_min")),
                name="scheme_budget_range_ordered",
                violation_error_message=_(
                    "Le budget maximum doit être supérieur ou égal au budget minimum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_max__gte=F("amount_min")),
                name="scheme_amount_range_ordered",
                violation_error_message=_(
                    "Le montant maximum doit être supérieur ou égal au montant minimum."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def fits_headcount(self, band: str) -> bool:
        return not self.headcount_bands or band in self.headcount_bands

    def fits_department(self, department: str) -> bool:
        return not self.departments or department in self.departments


@dataclass(frozen=True)
class CallWindow:
    """One occurrence of a call for applications."""

    opens_on: datetime.date
    closes_on: datetime.date


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class SchemeCall(models.Model):
    """A call for applications of a scheme. A scheme without any is open all year."""

    scheme = models.ForeignKey(
        SupportScheme,
        verbose_name=_("dispositif"),
        on_delete=models.CASCADE,
        related_name="calls",
    )
    label = models.CharField(_("intitulé"), max_length=120, blank=True)
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"))
    recurs_yearly = models.BooleanField(_("revient chaque année"), default=False)

    class Meta:
        verbose_name = _("appel à candidatures")
        verbose_name_plural = _("appels à candidatures")
        ordering = ["opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="scheme_call_closes_after_opening",
                violation_error_message=_("La clôture doit suivre l'ouverture."),
            )
        ]

    def __str__(self) -> str:
        return self.label or f"{self.opens_on:%d/%m/%Y} – {self.closes_on:%d/%m/%Y}"

    def window(self, today: datetime.date) -> tuple[CallWindow | None, CallWindow | None]:
        """(the latest occurrence closed before today, the first one not closed yet)."""
        if not self.recurs_yearly:
            own = CallWindow(self.opens_on, self.closes_on)
            return (own, None) if self.closes_on < today else (None, own)
        years = max(today.year - self.closes_on.year - 1, 0)
        while _shift_years(self.closes_on, years) < today:
            years += 1
        upcoming = CallWindow(
            _shift_years(self.opens_on, years), _shift_years(self.closes_on, years)
        )
        past = None
        if years > 0:
            past = CallWindow(
                _shift_years(self.opens_on, years - 1), _shift_years(self.closes_on, years - 1)
            )
        return past, upcoming


class SchemeTerm(models.Model):
    """One term of a scheme's words with its weight: the portable inverted index that the
    matching reads (projects/matching/index.py writes it)."""

    scheme = models.ForeignKey(SupportScheme, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=60)
    weight = models.FloatField()

    class Meta:
        verbose_name = _("terme indexé")
        verbose_name_plural = _("termes indexés")
        constraints = [
            models.UniqueConstraint("term", "scheme", name="scheme_term_unique"),
        ]

    def __str__(self) -> str:
        return self.term
