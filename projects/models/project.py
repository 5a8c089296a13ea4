from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from pmi_aqt.search import DerivedTextField


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
    """Where a project stands; the allowed moves are in projects/workflow.py."""

    INTAKE = "intake", _("Demande reçue")
    QUALIFIED = "qualified", _("Qualifié")
    DIAGNOSIS = "diagnosis", _("Diagnostic")
    DOSSIER_READY = "dossier_ready", _("Dossier prêt")
    ON_AGENDA = "on_agenda", _("Inscrit à une task force")
    DECIDED = "decided", _("Décidé")
    IN_SUPPORT = "in_support", _("En accompagnement")
    COMPLETED = "completed", _("Clos — terminé")
    ABANDONED = "abandoned", _("Clos — abandonné")


CLOSED_STAGES = frozenset({Stage.COMPLETED, Stage.ABANDONED})

# A stage's place in the pipeline, so that sorting by stage follows the programme rather than
# the alphabet. The project list sorts by it and two indexes hold it (same expression, so the
# planner matches them).
STAGE_POSITION = models.Case(
    *(
        models.When(stage=stage, then=models.Value(position))
        for position, stage in enumerate(Stage.values)
    ),
    default=models.Value(len(Stage.values)),
    output_field=models.IntegerField(),
)


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Accordé")
    APPROVED_WITH_CONDITIONS = "approved_conditions", _("Accordé sous conditions")
    DEFERRED = "deferred", _("Ajourné")
    REJECTED = "rejected", _("Refusé")


APPROVED_OUTCOMES = frozenset({DecisionOutcome.APPROVED, DecisionOutcome.APPROVED_WITH_CONDITIONS})


class Timing(models.TextChoices):
    NOW = "now", _("Dès que possible")
    WITHIN_6_MONTHS = "6m", _("Dans les 6 mois")
    WITHIN_12_MONTHS = "12m", _("Dans l'année")
    LATER = "later", _("Plus tard / à définir")


# How long a dossier may stay in a stage before it counts as stalled (the officers' digest, the
# portfolio, the team view). Stages left out have their own clock: a task-force session for
# "on agenda", the support plan for "in support".
STALLED_AFTER_DAYS: dict[str, int] = {
    Stage.INTAKE: 10,
    Stage.QUALIFIED: 21,
    Stage.DIAGNOSIS: 45,
    Stage.DOSSIER_READY: 30,
    Stage.DECIDED: 30,
}


def stalled_condition(now) -> Q:
    """Projects in a stage for longer than that stage allows (see STALLED_AFTER_DAYS)."""
    condition = Q(pk__in=[])
    for stage, days in STALLED_AFTER_DAYS.items():
        condition |= Q(stage=stage, stage_changed_at__lt=now - timedelta(days=days))
    return condition


def latest_outcome_subquery() -> models.Subquery:
    """The outcome of each project's latest decided agenda item (the task force's decision is
    stored there only), in the project's own query: for a list that shows it or filters on it,
    without a query per project.

    Reached through the reverse relation's model, so that projects never imports taskforce.
    """
    AgendaItem = Project._meta.get_field("agenda_items").related_model
    return models.Subquery(
        AgendaItem.objects.filter(project=OuterRef("pk"))
        .exclude(outcome="")
        .order_by("-decided_at", "-pk")
        .values("outcome")[:1],
        output_field=models.CharField(),
    )


class ProjectQuerySet(models.QuerySet):
    def include_primary_axes(self) -> None:
        """Add each project's primary axis to its axes where it is missing (two queries)."""
        through = Project.axes.through
        listed = through.objects.filter(
            project_id=OuterRef("pk"), interventionaxis_id=OuterRef("primary_axis_id")
        )
        missing = self.filter(primary_axis__isnull=False).exclude(Exists(listed))
        through.objects.bulk_create(
            [
                through(project_id=pk, interventionaxis_id=axis_id)
                for pk, axis_id in missing.values_list("pk", "primary_axis_id")
            ],
            ignore_conflicts=True,
        )

    def open(self):
        return self.exclude(stage__in=CLOSED_STAGES)

    def approved(self):
        """Projects whose latest decision approved them (a deferral presented again and
        approved counts; an approval is never followed by another decision)."""
        return self.alias(latest_outcome=latest_outcome_subquery()).filter(
            latest_outcome__in=sorted(APPROVED_OUTCOMES)
        )

    def stalled(self, now=None):
        return self.filter(stalled_condition(now or timezone.now()))


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
    stage_changed_at = models.DateTimeField(_("à cette étape depuis"), default=timezone.now)
    timing = models.CharField(
        _("calendrier souhaité"), max_length=10, choices=Timing.choices, blank=True
    )
    budget = models.DecimalField(
        _("budget total (€ HT)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    starts_on = models.DateField(_("début prévu"), null=True, blank=True)
    ends_on = models.DateField(_("fin prévue"), null=True, blank=True)
    task_force_request = models.TextField(
        _("ce qui est demandé à la task force"), max_length=5000, blank=True
    )
    submitted_by = models.ForeignKey(
        "companies.Contact",
        verbose_name=_("demandeur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_projects",
    )
    # What the submitter typed on the public form, as typed: the team's notice of the request
    # shows it, since a company known by its SIREN and a known contact's names are never
    # overwritten by it. Read by the worker that sends the notice (tasks take ids). Empty for
    # projects recorded by the team, also when written outside the ORM (the database default).
    intake_submission = models.JSONField(
        _("saisie du demandeur"),
        default=dict,
        db_default=models.Value({}, output_field=models.JSONField()),
        blank=True,
        editable=False,
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chargé·e de mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    finance_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chargé·e d'ingénierie financière"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="financed_projects",
    )
    support_started_on = models.DateField(_("accompagnement commencé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Written by the database, never by the application (triggers: projects/search_columns.py),
    # from the title, the description and the company's name: the search compares the folded
    # text as it is (no unaccent per row read, one trigram index instead of three lookups
    # united), and the list sorted by company reads an index of this table instead of joining
    # and sorting every project.
    search_text = DerivedTextField(_("texte recherché"))
    company_sort_name = DerivedTextField(_("raison sociale, pour le tri"))

    objects = ProjectQuerySet.as_manager()

    # A rule of the model: the primary axis is always one of the project's axes. The diagnosis
    # form asks for it; save() and `keep_primary_axis_among_axes` keep it for every other
    # writer. Filters by axis then read the axes alone (an indexed semi-join).
    _stored_primary_axis_id = None
    _stored_company_id = None  # as read: the suggestions' history is told when it changes

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("La fin prévue doit suivre le début."),
            ),
        ]
        indexes = [
            # The projects that moved to a stage lately, with who holds them: the team view
            # reads them from the index alone (PostgreSQL; SQLite reads its table).
            models.Index(
                fields=["stage", "stage_changed_at"],
                name="project_stage_since_idx",
                include=["officer", "finance_officer"],
            ),
            models.Index(fields=["officer", "stage"], name="project_officer_stage_idx"),
            # The team view's projects a page of people hold as finance officer on the overdue
            # steps' companies (as officer: project_team_counts_idx), read from the index alone.
            models.Index(
                fields=["finance_officer", "stage"],
                name="project_finance_stage_idx",
                include=["officer", "company"],
            ),
            # The list's default sort (-created_at, -id): an index-only walk to any page.
            models.Index(fields=["created_at", "id"], name="project_received_idx"),
            # The list's other sorts, each read in index order rather than sorting every project:
            # by stage (either way; days in stage stay ascending) and by days in stage. The stage
            # itself is included: PostgreSQL reads an expression's index alone (an index-only
            # walk to a deep page) only when the expression's columns are in it too.
            models.Index(
                STAGE_POSITION,
                "stage_changed_at",
                "id",
                name="project_stage_order_idx",
                include=["stage"],
            ),
            models.Index(
                STAGE_POSITION.desc(),
                "stage_changed_at",
                "id",
                name="project_stage_desc_order_idx",
                include=["stage"],
            ),
            models.Index(fields=["stage_changed_at", "id"], name="project_days_in_stage_idx"),
            # The sort by company, each way (newest first within a company), at any depth.
            # The search's trigram index on `search_text` is PostgreSQL's own (migration 0025).
            models.Index(
                fields=["company_sort_name", "company", "-created_at", "-id"],
                name="project_company_order_idx",
            ),
            models.Index(
                fields=["-company_sort_name", "-company", "-created_at", "-id"],
                name="project_company_desc_order_idx",
            ),
            # The list's filters by stage, with the company's département: what they read is
            # in the index, so the count and the page leave the table alone (the axis filter
            # reads projects_project_axes, since the primary axis is always among the axes).
            models.Index(
                fields=["stage", "company", "primary_axis", "id"], name="project_list_filter_idx"
            ),
            # The dashboard's companies supported in a period: projects by support start date.
            models.Index(fields=["support_started_on"], name="project_support_started_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.primary_axis_id and self.primary_axis_id != self._stored_primary_axis_id:
            through = Project.axes.through
            through.objects.bulk_create(
                [through(project_id=self.pk, interventionaxis_id=self.primary_axis_id)],
                ignore_conflicts=True,
            )
            getattr(self, "_prefetched_objects_cache", {}).pop("axes", None)
        self._stored_primary_axis_id = self.primary_axis_id

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        project = super().from_db(db, field_names, values, **kwargs)
        project._stored_primary_axis_id = project.__dict__.get("primary_axis_id")
        project._stored_company_id = project.__dict__.get("company_id")
        return project

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("latest_decision", None)

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @cached_property
    def latest_decision(self):
        """The task force's latest decision on the project, or None.

        A decision is stored once, on the agenda item where it was taken (taskforce's
        AgendaItem: outcome, conditions, who and when); a project that went twice before the
        task force (deferred, then decided) has two, and its latest one says where it stands.
        Read through the reverse relation, so that projects never imports the task force; a
        page that already holds the project's agenda items sets it instead of asking again.
        """
        return self.agenda_items.exclude(outcome="").order_by("-decided_at", "-pk").first()

    @property
    def is_approved(self) -> bool:
        decision = self.latest_decision
        return decision is not None and decision.outcome in APPROVED_OUTCOMES

    @property
    def is_deferred(self) -> bool:
        """Deferred by the task force at its latest passage: back in preparation."""
        decision = self.latest_decision
        return decision is not None and decision.outcome == DecisionOutcome.DEFERRED


def keep_primary_axis_among_axes(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Put a project's primary axis back among its axes when a removal took it out (connected
    to the axes' m2m_changed signal by the app's ready())."""
    if action not in ("post_remove", "post_clear"):
        return
    if reverse:  # axis.projects.remove(...) or .clear()
        projects = Project.objects.filter(primary_axis=instance)
        if pk_set is not None:
            projects = projects.filter(pk__in=pk_set)
    elif instance.primary_axis_id and (pk_set is None or instance.primary_axis_id in pk_set):
        projects = Project.objects.filter(pk=instance.pk)
    else:
        return
    projects.include_primary_axes()


class StageChange(models.Model):
    """One move of a project between stages: who, when, why."""

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("depuis"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("vers"), max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("le"), default=timezone.now)
    comment = models.TextField(_("commentaire"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        ordering = ["-changed_at", "-id"]
        indexes = [
            # The dashboard: moves to a stage (in support, decided) within a period.
            models.Index(fields=["to_stage", "changed_at"], name="stagechange_to_stage_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Need(models.Model):
    """A need found during the diagnosis, on one axis."""

    class Priority(models.TextChoices):
        HIGH = "high", _("Haute")
        MEDIUM = "medium", _("Moyenne")
        LOW = "low", _("Basse")

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="needs"
    )
    axis = models.ForeignKey(
        InterventionAxis, verbose_name=_("axe"), on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField(_("besoin"), max_length=200)
    rationale = models.TextField(_("pourquoi"), max_length=3000, blank=True)
    priority = models.CharField(
        _("priorité"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    created_at = models.DateTimeField(_("noté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["axis__position", "id"]

    def __str__(self) -> str:
        return self.title


class ProjectNote(models.Model):
    """An internal note of the programme's team: never shown to the company or the task force."""

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=10000)
    created_at = models.DateTimeField(_("écrite le"), default=timezone.now)

    class Meta:
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]
