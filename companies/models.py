from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_aqt.audit.registry import record_update
from pmi_aqt.queries import count_per
from pmi_aqt.search import DerivedTextField, digits_contain, stored_folded_contains

from .naf import subclasses_labelled
from .validators import (
    DEPARTMENTS,
    naf_code_prefix,
    validate_naf,
    validate_postcode,
    validate_siret,
)


class HeadcountBand(models.TextChoices):
    MICRO = "1-9", _("1 à 9 salariés")
    SMALL = "10-49", _("10 à 49 salariés")
    MEDIUM = "50-249", _("50 à 249 salariés")
    INTERMEDIATE = "250-499", _("250 à 499 salariés")
    LARGE = "500+", _("500 salariés et plus")


class TurnoverBand(models.TextChoices):
    UNDER_2M = "<2M", _("Moins de 2 M€")
    FROM_2_TO_10M = "2-10M", _("2 à 10 M€")
    FROM_10_TO_50M = "10-50M", _("10 à 50 M€")
    OVER_50M = ">50M", _("Plus de 50 M€")


class Department(models.TextChoices):
    DORDOGNE = "24", _("Dordogne (24)")
    GIRONDE = "33", _("Gironde (33)")
    LANDES = "40", _("Landes (40)")
    LOT_ET_GARONNE = "47", _("Lot-et-Garonne (47)")
    PYRENEES_ATLANTIQUES = "64", _("Pyrénées-Atlantiques (64)")


assert set(Department.values) == set(DEPARTMENTS)


class ProspectingStatus(models.TextChoices):
    """How far the programme has gone with a company, in the order it gets there."""

    PROSPECT = "prospect", _("À prospecter")
    CONTACTED = "contacted", _("Contactée")
    PROJECT_OPENED = "project_opened", _("Projet ouvert")
    SUPPORTED = "supported", _("Accompagnée")


# The statuses in the order a company reaches them (the order of the choices above).
PROSPECTING_ORDER: tuple[str, ...] = tuple(ProspectingStatus.values)


class CompanyQuerySet(models.QuerySet):
    def with_siren(self, siren: str):
        return self.filter(siret__startswith=siren)

    def search(self, text: str):
        """Companies whose name or city contains the text, accents and case ignored
        ("medoc" finds "Médoc"), whose SIRET starts with its digits (a SIREN, a SIRET, spaces
        allowed), whose NAF code starts with it ("25.62", "2562B") or whose NAF label contains
        it ("decolletage").

        The name and city are compared folded as the database stored them (`search_text`,
        companies/search_columns.py), served by a trigram index on PostgreSQL, the NAF codes by
        their B-tree: the conditions stay on one table, so the planner ORs the index scans
        instead of reading every company.
        """
        text = (text or "").strip()
        if not text:
            return self
        query = Q(stored_folded_contains("search_text", text))
        digits = text.replace(" ", "")
        if digits.isdigit():
            query |= Q(siret__startswith=digits)
        naf_prefix = naf_code_prefix(text)
        if naf_prefix:
            query |= Q(naf_code__startswith=naf_prefix)
        labelled = subclasses_labelled(text)
        if labelled:
            query |= Q(naf_code__in=labelled)
        return self.filter(query)

    def with_counts(self) -> "CompanyQuerySet":
        """Annotate `project_count` and `contact_count`.

        Each count is a correlated subquery rather than a join, so a list of companies stays a
        single query and the two counts do not multiply each other.
        """
        project_model = self.model._meta.get_field("projects").related_model
        return self.annotate(
            project_count=count_per(project_model, "company"),
            contact_count=count_per(Contact, "company"),
        )

    def reach_prospecting_status(self, status: str) -> int:
        """Record that the programme has got as far as `status` with these companies; those
        already there or further on keep theirs (a supported company that gets a call stays
        supported). One conditional UPDATE; the number of companies that moved on."""
        earlier = PROSPECTING_ORDER[: PROSPECTING_ORDER.index(status)]
        return self.filter(prospecting_status__in=earlier).update(prospecting_status=status)


class Company(models.Model):
    """A manufacturer (PMI) the programme knows, whatever the state of its projects."""

    name = models.CharField(_("raison sociale"), max_length=200)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        unique=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, sans espaces."),
    )
    naf_code = models.CharField(
        _("code NAF/APE"),
        max_length=6,
        blank=True,
        # The search by NAF code ("25.62…"); on PostgreSQL Django adds the index for LIKE.
        db_index=True,
        validators=[validate_naf],
        help_text=_("Par exemple 25.62B."),
    )
    headcount_band = models.CharField(
        _("effectif"), max_length=10, choices=HeadcountBand.choices, blank=True
    )
    turnover_band = models.CharField(
        _("chiffre d'affaires"), max_length=10, choices=TurnoverBand.choices, blank=True
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    city = models.CharField(_("commune"), max_length=120)
    department = models.CharField(_("département"), max_length=2, choices=Department.choices)
    website = models.URLField(_("site web"), blank=True)
    federation_member = models.BooleanField(_("adhérente de l'UIMM"), default=False)
    # Kept up to date by the domain (an exchange logged, a project opened, support started),
    # never typed: see `reach_prospecting_status`. A prospect by default, also for rows written
    # outside the ORM (the database default: the scale generator).
    prospecting_status = models.CharField(
        _("prospection"),
        max_length=20,
        choices=ProspectingStatus.choices,
        default=ProspectingStatus.PROSPECT,
        db_default=ProspectingStatus.PROSPECT,
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # pmi_fold(name + city), written by the database (companies/search_columns.py).
    search_text = DerivedTextField(_("texte recherché"))

    objects = CompanyQuerySet.as_manager()
    # As read: the suggestions' history of similar projects (by NAF division) is told when it
    # changes.
    _stored_naf_code = None

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Substr("siret", 1, 9),
                name="company_unique_siren",
                violation_error_message=_(
                    "Une entreprise avec ce SIREN (9 premiers chiffres du SIRET) existe déjà."
                ),
            ),
            models.CheckConstraint(
                condition=Q(department__in=list(DEPARTMENTS)),
                name="company_department_in_aquitaine",
            ),
            models.CheckConstraint(
                condition=Q(prospecting_status__in=PROSPECTING_ORDER),
                name="company_prospecting_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "headcount_band"], name="company_dept_band_idx"),
            # The project list filtered by département joins on these ids, read from the index.
            models.Index(fields=["department", "id"], name="company_department_idx"),
            # The company list's order, read in index order (a page of 25 without a sort).
            models.Index(fields=["name", "id"], name="company_name_order_idx"),
            # The project list sorted by company: walks companies in this order, then their
            # projects (Lower(name), then id, as projects.filters.SORTS has it).
            models.Index(Lower("name"), "id", name="company_lower_name_idx"),
            # The company list filtered by prospecting status, in its order (name, id).
            models.Index(
                fields=["prospecting_status", "name", "id"], name="company_prospecting_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        company = super().from_db(db, field_names, values, **kwargs)
        company._stored_naf_code = company.__dict__.get("naf_code")
        return company

    def reach_prospecting_status(self, status: str) -> bool:
        """See `CompanyQuerySet.reach_prospecting_status`; True if the company moved on."""
        moved = bool(Company.objects.filter(pk=self.pk).reach_prospecting_status(status))
        if moved:
            self.prospecting_status = status
        return moved

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def siret_display(self) -> str:
        return self.spaced_siret(self.siret)

    @staticmethod
    def spaced_siret(siret: str) -> str:
        """A SIRET as people write it (and as Excel keeps it as text): 123 456 789 00012."""
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


class ContactQuerySet(models.QuerySet):
    def search(self, text: str):
        """Contacts whose name ("prénom nom") or email contains the text, accents and case
        ignored, or whose phone number contains its digits ("05 56 12" finds 0556123456).
        The name and email are compared folded as the database stored them (`search_text`,
        companies/search_columns.py); trigram indexes serve each condition on PostgreSQL."""
        text = (text or "").strip()
        if not text:
            return self
        query = Q(stored_folded_contains("search_text", text))
        phone = digits_contain("phone", text)
        if phone is not None:
            query |= Q(phone)
        return self.filter(query)


class Contact(models.Model):
    """A person at the company the programme talks to."""

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    job_title = models.CharField(_("fonction"), max_length=120, blank=True)
    email = models.EmailField(_("adresse e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    data_consent_at = models.DateTimeField(
        _("consentement au traitement des données le"), null=True, blank=True
    )
    contact_consent = models.BooleanField(_("accepte d'être recontacté·e"), default=False)
    contact_consent_at = models.DateTimeField(
        _("consentement à être recontacté·e le"), null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="company_contact",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # pmi_fold("first last" + email), written by the database (companies/search_columns.py).
    search_text = DerivedTextField(_("texte recherché"))

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            # The contacts list's order, read from the index (a page of 25 without a sort).
            models.Index(fields=["last_name", "first_name", "id"], name="contact_name_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                "company",
                "email",
                name="contact_unique_email_per_company",
                violation_error_message=_("Ce contact existe déjà pour cette entreprise."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def stamp_contact_consent(self) -> None:
        """Date the agreement to be contacted again when it is given; forget it when withdrawn."""
        if not self.contact_consent:
            self.contact_consent_at = None
        elif self.contact_consent_at is None:
            self.contact_consent_at = timezone.now()


class InteractionQuerySet(models.QuerySet):
    def with_open_next_step(self):
        return self.exclude(next_step="").filter(next_step_done_at__isnull=True)

    def overdue(self, today):
        return self.with_open_next_step().filter(next_step_due__lt=today)


class Interaction(models.Model):
    """A call, visit, email or event with a company, logged by an officer."""

    class Kind(models.TextChoices):
        CALL = "call", _("Appel")
        VISIT = "visit", _("Visite")
        EMAIL = "email", _("E-mail")
        EVENT = "event", _("Événement")

    company = models.ForeignKey(
        Company,
        verbose_name=_("entreprise"),
        on_delete=models.CASCADE,
        related_name="interactions",
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chargé·e de mission"),
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    notes = models.TextField(_("compte rendu"), max_length=10000)
    next_step = models.CharField(_("prochaine étape"), max_length=255, blank=True)
    next_step_due = models.DateField(_("échéance de la prochaine étape"), null=True, blank=True)
    next_step_done_at = models.DateTimeField(_("étape faite le"), null=True, blank=True)
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_step_due__isnull=True) | ~Q(next_step=""),
                name="interaction_due_date_needs_next_step",
                violation_error_message=_(
                    "Indiquez la prochaine étape pour lui donner une échéance."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["next_step_due"], name="interaction_next_due_idx"),
            # The open next steps only (about 1 % of the exchanges): the portfolio's and the
            # digest's "overdue steps" read this small index instead of every past due date;
            # the team view reads the overdue ones' officer and company from it alone
            # (PostgreSQL; 9,000 steps at scale 1 were as many table pages).
            models.Index(
                fields=["next_step_due"],
                name="interaction_open_step_due_idx",
                condition=Q(next_step_done_at__isnull=True) & ~Q(next_step=""),
                include=["id", "officer", "company"],
            ),
            # An officer's overdue steps (portfolio): theirs, and those on the companies of
            # the projects they hold, each read from its own small index.
            models.Index(
                fields=["officer", "next_step_due"],
                name="interaction_open_step_off_idx",
                condition=Q(next_step_done_at__isnull=True) & ~Q(next_step=""),
            ),
            models.Index(
                fields=["company", "next_step_due"],
                name="interaction_open_step_co_idx",
                condition=Q(next_step_done_at__isnull=True) & ~Q(next_step=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.company} ({self.occurred_on:%d/%m/%Y})"

    @property
    def next_step_is_open(self) -> bool:
        return bool(self.next_step) and self.next_step_done_at is None

    @property
    def next_step_is_overdue(self) -> bool:
        """Same rule as `Interaction.objects.overdue(today)`: due before today and not done."""
        return (
            self.next_step_is_open
            and self.next_step_due is not None
            and self.next_step_due < timezone.localdate()
        )

    def mark_next_step_done(self) -> bool:
        """Record the next step as done; False if it already was (so a second click is harmless)."""
        now = timezone.now()
        updated = (
            Interaction.objects.with_open_next_step()
            .filter(pk=self.pk)
            .update(next_step_done_at=now)
        )
        if updated:
            self.next_step_done_at = now
            record_update(self, {"next_step_done_at": (None, now)})
        return bool(updated)
