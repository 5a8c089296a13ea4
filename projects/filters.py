"""Search, filters and sorting of the project list; the CSV and Excel exports use the same.

Parameter names are French, as the URLs are. A value that does not validate (an unknown stage,
a year that is not a number, a sort key outside the whitelist) is ignored, never an error.
"""

from dataclasses import dataclass

import django_filters
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Department, HeadcountBand
from pmi_aqt.accounts.models import User, person_name
from pmi_aqt.forms import FilterForm

from .models import InterventionAxis, Project, Stage
from .models.project import STAGE_POSITION
from .permissions import project_runners

# Whitelisted values of `tri`: each maps to a full, deterministic ordering (for pagination).
SORTS: dict[str, tuple] = {
    "-recu": ("-created_at", "-id"),
    "recu": ("created_at", "id"),
    "entreprise": (Lower("company__name"), "company_id", "-created_at", "-id"),
    "-entreprise": (Lower("company__name").desc(), "-company_id", "-created_at", "-id"),
    "etape": (STAGE_POSITION, "stage_changed_at", "id"),
    "-etape": (STAGE_POSITION.desc(), "stage_changed_at", "id"),
    # Days in stage grow as `stage_changed_at` gets older.
    "anciennete": ("-stage_changed_at", "-id"),
    "-anciennete": ("stage_changed_at", "id"),
}
DEFAULT_SORT = "-recu"

SORT_CHOICES = [
    ("-recu", _("Date de réception, la plus récente d'abord")),
    ("recu", _("Date de réception, la plus ancienne d'abord")),
    ("entreprise", _("Entreprise, de A à Z")),
    ("-entreprise", _("Entreprise, de Z à A")),
    ("etape", _("Étape, de la demande à la clôture")),
    ("-etape", _("Étape, de la clôture à la demande")),
    ("-anciennete", _("Jours à l'étape, le plus long d'abord")),
    ("anciennete", _("Jours à l'étape, le plus court d'abord")),
]
assert {value for value, _label in SORT_CHOICES} == set(SORTS)


def intake_years() -> list[tuple[str, str]]:
    """The years from the first request received to the last, most recent first (one query).

    Taken from the oldest and newest intake dates (two probes of the index on `created_at`)
    rather than a DISTINCT over every project: the list's filter form is built on each request.
    """
    bounds = Project.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    if bounds["first"] is None:
        return []
    first = timezone.localtime(bounds["first"]).year
    last = timezone.localtime(bounds["last"]).year
    return [(str(year), str(year)) for year in range(last, first - 1, -1)]


# The distinct officers of all projects, found by walking the index on `officer_id` from one
# value to the next (a loose index scan: one probe per officer) instead of reading every
# project. Portable: a recursive CTE and MIN(), which PostgreSQL and SQLite answer from the index.
_OFFICERS_HOLDING_PROJECTS = """
    WITH RECURSIVE holders(officer_id) AS (
        SELECT MIN(officer_id) FROM projects_project
        UNION ALL
        SELECT (
            SELECT MIN(p.officer_id) FROM projects_project p
            WHERE p.officer_id > holders.officer_id
        )
        FROM holders WHERE holders.officer_id IS NOT NULL
    )
    SELECT officer_id FROM holders WHERE officer_id IS NOT NULL
"""


def officer_choices() -> QuerySet:
    """People who may be in charge of a project, and anyone who already is."""
    in_role = project_runners().values("pk")
    return User.objects.filter(
        Q(pk__in=in_role) | Q(pk__in=RawSQL(_OFFICERS_HOLDING_PROJECTS, ()))  # noqa: S611 (constant SQL)
    ).order_by("last_name", "first_name", "email")


def officer_options() -> list[tuple[str, str]]:
    """The officer filter's options, (id, what str(user) shows), read as plain rows: some 500
    people on each visit of the list, not worth a model instance each."""
    rows = officer_choices().values_list("pk", "first_name", "last_name", "email")
    return [
        (str(pk), person_name(first_name, last_name, email))
        for pk, first_name, last_name, email in rows
    ]


def search_projects(queryset: QuerySet, text: str, *, siret: bool = False) -> QuerySet:
    """Projects whose title or company's name contains the text (any case); with `siret`, also
    those whose company's SIRET starts with its digits (the technical admin's search).

    The ids matching each half are read through its own index (trigram indexes on the title,
    projects migration 0013, and on the company's name) and put together by a UNION: with an
    OR across the join, PostgreSQL could use neither and read every project, for the page and
    again for the count.
    """
    text = (text or "").strip()
    if not text:
        return queryset
    companies = Q(name__icontains=text)
    digits = text.replace(" ", "")
    if siret and digits.isdigit():
        companies |= Q(siret__startswith=digits)
    by_title = Project.objects.filter(title__icontains=text).values("pk")
    by_company = Project.objects.filter(
        company__in=Company.objects.filter(companies).values("pk")
    ).values("pk")
    return queryset.filter(pk__in=by_title.union(by_company))


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        help_text=_("Titre du projet ou raison sociale."),
    )
    etape = django_filters.ChoiceFilter(
        field_name="stage",
        label=_("Étape"),
        choices=Stage.choices,
        empty_label=_("Toutes les étapes"),
    )
    axe = django_filters.ModelChoiceFilter(
        label=_("Axe d'intervention"),
        queryset=InterventionAxis.objects.all(),
        to_field_name="code",
        method="filter_axis",
        empty_label=_("Tous les axes"),
    )
    charge = django_filters.ChoiceFilter(
        field_name="officer",
        label=_("Chargé·e de mission"),
        choices=[],  # officer_options(), read once per list in __init__
        empty_label=_("Toutes et tous"),
        null_label=_("Sans chargé·e de mission"),
        null_value="aucun",
    )
    departement = django_filters.ChoiceFilter(
        field_name="company__department",
        label=_("Département"),
        choices=Department.choices,
        empty_label=_("Tous les départements"),
    )
    annee = django_filters.ChoiceFilter(
        label=_("Année de réception"),
        choices=intake_years,
        method="filter_year",
        empty_label=_("Toutes les années"),
    )
    effectif = django_filters.ChoiceFilter(
        field_name="company__headcount_band",
        label=_("Effectif de l'entreprise"),
        choices=HeadcountBand.choices,
        empty_label=_("Tous les effectifs"),
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        choices=SORT_CHOICES,
        method="sort",
        empty_label=None,
    )

    class Meta:
        model = Project
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["charge"].extra["choices"] = officer_options()

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_projects(queryset, value)

    def filter_axis(self, queryset: QuerySet, name: str, axis: InterventionAxis) -> QuerySet:
        # EXISTS rather than a join: a project is listed once whatever its axes. Its primary
        # axis is one of them (a rule of the model), so the axes alone answer.
        tagged = Project.axes.through.objects.filter(
            project_id=OuterRef("pk"), interventionaxis_id=axis.pk
        )
        return queryset.filter(Exists(tagged))

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(created_at__year=int(value))

    def sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS[value])

    @property
    def current_sort(self) -> str:
        """The sort in force: the valid `tri` asked for, or the default."""
        if not self.is_bound:
            return DEFAULT_SORT
        self.form.is_valid()  # Invalid fields are left out of cleaned_data, valid ones kept.
        return self.form.cleaned_data.get("tri") or DEFAULT_SORT

    @property
    def current_sort_label(self) -> str:
        return str(dict(SORT_CHOICES)[self.current_sort])

    def columns(self) -> list["Column"]:
        """The table's sortable and plain columns, with the sort state of each."""
        current = self.current_sort
        return [Column.build(label, key, current) for label, key in LIST_COLUMNS]


LIST_COLUMNS = [
    (_("Entreprise"), "entreprise"),
    (_("Projet"), None),
    (_("Étape"), "etape"),
    (_("Jours à l'étape"), "anciennete"),
    (_("Axe principal"), None),
    (_("Chargé·e de mission"), None),
    (_("Reçu le"), "recu"),
]


@dataclass(frozen=True)
class Column:
    label: str
    key: str | None = None
    aria_sort: str = ""
    next_sort: str = ""
    next_sort_label: str = ""

    @classmethod
    def build(cls, label, key: str | None, current: str) -> "Column":
        if key is None:
            return cls(label)
        if current == key:
            aria_sort, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria_sort, next_sort = "descending", key
        else:
            aria_sort, next_sort = "", key
        labels = dict(SORT_CHOICES)
        return cls(label, key, aria_sort, next_sort, str(labels[next_sort]))
