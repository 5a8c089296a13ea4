"""The task force: its members, sessions and agendas, conflicts of interest, reviews, decisions.

Who may see or do what with these objects is decided in taskforce/permissions.py only.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import DecisionOutcome
from projects.models.project import APPROVED_OUTCOMES


class TaskforceMembership(models.Model):
    """A person who sits on the task force, for a partner organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="taskforce_membership",
    )
    organisation = models.ForeignKey(
        "projects.PartnerOrganisation",
        verbose_name=_("organisation représentée"),
        on_delete=models.PROTECT,
        related_name="taskforce_members",
    )
    is_active = models.BooleanField(_("siège actuellement"), default=True)

    class Meta:
        verbose_name = _("membre de la task force")
        verbose_name_plural = _("membres de la task force")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class SessionQuerySet(models.QuerySet):
    def coming(self):
        return self.filter(date__gte=timezone.localdate()).order_by("date", "starts_at")

    def past(self):
        return self.filter(date__lt=timezone.localdate()).order_by("-date", "-starts_at")


class Session(models.Model):
    """A meeting of the task force and its agenda."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        PUBLISHED = "published", _("Ordre du jour publié")
        HELD = "held", _("Tenue")
        CLOSED = "closed", _("Close")
        CANCELLED = "cancelled", _("Annulée")

    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("heure de début"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("présidence de séance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_sessions",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membres convoqués"),
        through="SessionMember",
        related_name="taskforce_sessions",
        blank=True,
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("ordre du jour publié le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    # The version of the calendar invitation members received: raised when the date, time or
    # place changes and when the session is cancelled, so calendars replace the old event.
    sequence = models.PositiveIntegerField(_("version de l'invitation"), default=0, db_default=0)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance de la task force")
        verbose_name_plural = _("séances de la task force")
        ordering = ["-date", "-starts_at"]
        indexes = [
            # The session list's order, walked from either end to choose a page (IdPaginator).
            models.Index(fields=["date", "starts_at", "id"], name="session_list_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_link=""),
                name="session_place_or_video_link",
                violation_error_message=_("Indiquez un lieu ou un lien de visioconférence."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="session_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return _("Séance du %(date)s") % {"date": self.date.strftime("%d/%m/%Y")}

    def get_absolute_url(self) -> str:
        return reverse("taskforce:session_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class SessionMember(models.Model):
    """A member called to a session, and whether they attended."""

    session = models.ForeignKey(
        Session, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="session_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="session_seats",
    )
    attended = models.BooleanField(_("présent·e"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre convoqué")
        verbose_name_plural = _("membres convoqués")
        constraints = [
            models.UniqueConstraint("session", "user", name="session_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"


class AgendaItem(models.Model):
    """A dossier on a session's agenda, presented by an officer, and its decision.

    The decision is stored here only (the project reads its latest one): a dossier deferred
    and presented again has one item per session, each with its own decision. It is taken
    at the session, on its day or after, once attendance is recorded; or through a written
    consultation the chair opens explicitly, with its own closing date
    (`decision_timing_problem` says which and why not yet).
    """

    session = models.ForeignKey(
        Session, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("ordre de passage"), default=0)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("présenté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presented_items",
    )
    starts_at = models.TimeField(_("horaire de passage"), null=True, blank=True)
    outcome = models.CharField(
        _("décision"), max_length=20, choices=DecisionOutcome.choices, blank=True
    )
    conditions = models.TextField(_("conditions"), max_length=5000, blank=True)
    rationale = models.TextField(_("motivation"), max_length=5000, blank=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision enregistrée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # With a database default, for rows written outside the ORM (the scale generator).
    no_review_reason = models.TextField(
        _("décidé sans avis transmis, parce que"),
        max_length=2000,
        blank=True,
        default="",
        db_default="",
    )
    # The total the decision grants; per financing line: FinancingLine.amount_granted.
    amount_granted = models.DecimalField(
        _("montant total accordé (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    consultation_closes_on = models.DateField(
        _("consultation écrite close le"), null=True, blank=True
    )
    consultation_opened_at = models.DateTimeField(
        _("consultation écrite ouverte le"), null=True, blank=True
    )
    consultation_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consultation écrite ouverte par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dossier à l'ordre du jour")
        verbose_name_plural = _("dossiers à l'ordre du jour")
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint("session", "project", name="agenda_item_unique_project"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(decided_at__isnull=False),
                name="agenda_item_decision_dated",
            ),
            # Only an approval grants money, and never a negative amount.
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True)
                | (Q(amount_granted__gte=0) & Q(outcome__in=sorted(APPROVED_OUTCOMES))),
                name="agenda_item_amount_granted_by_approval",
            ),
            # A written consultation is opened by someone, at a moment, until a date.
            models.CheckConstraint(
                condition=(
                    Q(consultation_closes_on__isnull=True) & Q(consultation_opened_at__isnull=True)
                )
                | (
                    Q(consultation_closes_on__isnull=False)
                    & Q(consultation_opened_at__isnull=False)
                ),
                name="agenda_item_consultation_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(self.project)

    def get_absolute_url(self) -> str:
        return reverse("taskforce:dossier", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)

    @property
    def is_written_consultation(self) -> bool:
        return self.consultation_opened_at is not None

    def consultation_is_closed(self, today: datetime.date | None = None) -> bool:
        """Members answer until the end of the closing day."""
        today = today or timezone.localdate()
        return self.is_written_consultation and self.consultation_closes_on < today

    @property
    def decided_on(self) -> datetime.date | None:
        return timezone.localdate(self.decided_at) if self.decided_at else None

    @property
    def requests(self) -> list[str]:
        """The conditions or requests of the decision, one per line as the chair typed them."""
        lines = (line.strip().lstrip("-•*").strip() for line in self.conditions.splitlines())
        return [line for line in lines if line]

    def consultation_all_answered(self) -> bool:
        """Every member called to the session, not conflicted on the dossier, has submitted a
        review (and there was at least one such member): the consultation may end early."""
        seats = SessionMember.objects.filter(session=self.session_id, user__is_active=True).exclude(
            Exists(
                ConflictDeclaration.objects.filter(project=self.project_id, member=OuterRef("user"))
            )
        )
        submitted = Review.objects.filter(
            agenda_item=self.pk, member=OuterRef("user"), status=Review.Status.SUBMITTED
        )
        return seats.exists() and not seats.exclude(Exists(submitted)).exists()

    def decision_timing_problem(self, today: datetime.date | None = None) -> str | None:
        """Why the decision cannot be recorded now, or None when it can.

        At the session: on its day or after, once attendance is recorded (the session is then
        "held") with at least one member present. Through a written consultation, once opened:
        after its closing date, or as soon as every member who may answer has answered.
        """
        today = today or timezone.localdate()
        if self.is_written_consultation:
            if self.consultation_is_closed(today) or self.consultation_all_answered():
                return None
            return _(
                "La consultation écrite est ouverte jusqu'au %(date)s : la décision "
                "s'enregistre après cette date, ou dès que tous les membres ont répondu."
            ) % {"date": self.consultation_closes_on.strftime("%d/%m/%Y")}
        session = self.session
        if session.date > today:
            return _(
                "La séance a lieu le %(date)s : la décision s'enregistre ce jour-là ou après, "
                "une fois les présences relevées, ou par une consultation écrite."
            ) % {"date": session.date.strftime("%d/%m/%Y")}
        if session.status != Session.Status.HELD:
            return _("Relevez d'abord les présences : la décision se prend en séance.")
        if not session.session_members.filter(attended=True).exists():
            return _(
                "Aucun membre n'était présent à la séance : ouvrez une consultation écrite pour "
                "décider."
            )
        return None


class ConflictDeclaration(models.Model):
    """A member's conflict of interest on a dossier: it holds for every session it goes to."""

    class Kind(models.TextChoices):
        FINANCES_PROJECT = "finances_project", _("Mon organisation finance le projet")
        COLLABORATION = "collaboration", _("Collaboration avec l'entreprise")
        PERSONAL = "personal", _("Lien personnel")
        OTHER = "other", _("Autre")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("déclaré pour le passage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflicts",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    kind = models.CharField(_("nature du conflit"), max_length=20, choices=Kind.choices)
    comment = models.TextField(_("précisions"), max_length=2000, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déclaré par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "project",
                "member",
                name="conflict_unique_per_project_member",
                violation_error_message=_("Un conflit est déjà déclaré pour ce membre."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.project}"


class ReviewCriterion(models.Model):
    """A criterion the programme scores dossiers on (reference data the manager edits)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("critère d'évaluation")
        verbose_name_plural = _("critères d'évaluation")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Accorder")
    APPROVE_CONDITIONS = "approve_conditions", _("Accorder sous conditions")
    DEFER = "defer", _("Ajourner")
    REJECT = "reject", _("Refuser")


class Review(models.Model):
    """A member's review of a dossier: a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Transmis")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="reviews"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="taskforce_reviews",
    )
    recommendation = models.CharField(
        _("recommandation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comments_for_taskforce = models.TextField(
        _("commentaires pour la task force"), max_length=5000, blank=True
    )
    comments_for_company = models.TextField(
        _("commentaires transmissibles à l'entreprise"), max_length=5000, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint("agenda_item", "member", name="review_unique_per_member"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(submitted_at__isnull=False) & ~Q(recommendation="")),
                name="review_submitted_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.agenda_item}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ReviewScore(models.Model):
    """One criterion's score in a review, from 1 to 5."""

    SCALE = (
        (1, _("1 — insuffisant")),
        (2, _("2 — faible")),
        (3, _("3 — moyen")),
        (4, _("4 — bon")),
        (5, _("5 — excellent")),
    )

    review = models.ForeignKey(
        Review, verbose_name=_("avis"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        ReviewCriterion, verbose_name=_("critère"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("note"), choices=SCALE)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint("review", "criterion", name="review_score_unique_criterion"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="review_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
