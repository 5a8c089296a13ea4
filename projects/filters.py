"""Search, filters and sorting of the project list; the CSV and Excel exports use the same.

Parameter names are French, as the URLs are. A value that does not validate (an unknown stage,
a year that is not a number, a sort key outside the whitelist) is ignored, never an error.

Besides the filters of the form, the dashboard's figures open the list on what they count
(`DRILL_DOWN`: received, first decided or entered support in a period, with financing of a kind
asked or obtained, with support actions of a kind, with follow-up answers). The list shows those
as criteria one may remove, and keeps them when the form is sent again.
"""

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Department, HeadcountBand
from pmi_aqt.forms import FilterForm, SearchChoiceField, SearchInput
from pmi_aqt.search import folded_contains, stored_folded_contains

from .models import (
    FinancingLine,
    FollowUp,
    InterventionAxis,
    PartnerOrganisation,
    Project,
    Stage,
    SupportAction,
    SupportScheme,
)
from .models.project import STAGE_POSITION
from .models.targets import FIRST_YEAR, LAST_YEAR
from .organisations import OrganisationFilter
from .people import NO_OFFICER, OFFICER_FILTER, team_field
from .stats.figures import (
    ANSWERED,
    COUNTED_ACTIONS,
    HEADCOUNT_NOT_GIVEN,
    OBTAINED,
    PRODUCT_LAUNCHED,
    first_decided_in,
    latest_answers,
    received_in,
)
from .stats.period import MAX_SPAN_YEARS, Period
from .stats.supported import entered_support_in

# Whitelisted values of `tri`: each maps to a full, deterministic ordering (for pagination).
SORTS: dict[str, tuple] = {
    "-recu": ("-created_at", "-id"),
    "recu": ("created_at", "id"),
    # `company_sort_name` is the company's name in lowercase, copied on the project and
    # indexed for each of these orders (projects/search_columns.py).
    "entreprise": ("company_sort_name", "company_id", "-created_at", "-id"),
    "-entreprise": ("-company_sort_name", "-company_id", "-created_at", "-id"),
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


class PeriodField(forms.Field):
    """`2016` or `2015-2017` (ASCII digits), as `Period.param` writes it: a Period, or None."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid": _("Indiquez une année (2016) ou une période (2015-2017)."),
        "span": _("Choisissez des années de %(first)s à %(last)s, sur %(span)s ans au plus."),
    }

    def to_python(self, value) -> Period | None:
        text = str(value or "").strip()
        if not text:
            return None
        match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{4}))?", text)
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        first, last = int(match[1]), int(match[2] or match[1])
        if not FIRST_YEAR <= first <= last <= LAST_YEAR or last - first >= MAX_SPAN_YEARS:
            raise forms.ValidationError(
                self.error_messages["span"],
                code="span",
                params={"first": FIRST_YEAR, "last": LAST_YEAR, "span": MAX_SPAN_YEARS},
            )
        return Period(first, last)


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


class OfficerFilter(django_filters.Filter):
    """The project's officer, typed and searched (`team_field`: some 500 people, never one
    select), or `aucun`: the projects no officer holds (the dashboard's and the portfolio's
    links). Filters as the select it replaced did, for the same addresses."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "help_text",
            _(
                "Nom ou adresse e-mail, puis une suggestion ; « aucun » pour les projets sans "
                "chargé·e de mission."
            ),
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Choisissez une personne de l'équipe, ou « aucun ».")},
        )
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self._field = team_field(OFFICER_FILTER, label=self.label, **self.extra)
        return self._field

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if value == NO_OFFICER:
            return qs.filter(**{f"{self.field_name}__isnull": True})
        return super().filter(qs, value)


def _hidden_choice(label, choices, method: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label, choices=choices, method=method, widget=forms.HiddenInput
    )


FOLLOW_UP_CHOICES = [
    (ANSWERED, _("Ayant répondu à un suivi")),
    (PRODUCT_LAUNCHED, _("Produit ou procédé lancé selon la dernière réponse au suivi")),
]


def search_projects(queryset: QuerySet, text: str, *, siret: bool = False) -> QuerySet:
    """Projects whose title, description or company's name contains the text, accents and
    case ignored ("ebavurage" finds "ébavurage"); with `siret`, also those whose company's
    SIRET starts with its digits (the technical admin's search)."""
    text = (text or "").strip()
    if not text:
        return queryset
    if siret and text.replace(" ", "").isdigit():
        return queryset.filter(pk__in=matching_project_ids(text, siret=True))
    # The condition on the list's own rows: one bitmap scan of the trigram index, for the
    # page and for the count, without a second reading of the table to match the ids.
    return queryset.filter(stored_folded_contains("search_text", text))


def matching_project_ids(text: str, *, siret: bool = False) -> QuerySet:
    """The ids of the projects `search_projects` finds.

    The title, description and company's name are folded once, when written, into
    `Project.search_text` (projects/search_columns.py), which one trigram index serves on
    PostgreSQL: a plain LIKE per candidate, no unaccent per row read, no union of three
    lookups. The SIRET, for the admin, is a second lookup through the companies' index, united
    with the first (an OR across the join would make PostgreSQL read every project).
    """
    projects = Project.objects.order_by()  # a UNION's parts take no order
    by_text = projects.filter(stored_folded_contains("search_text", text)).values("pk")
    digits = text.replace(" ", "")
    if not (siret and digits.isdigit()):
        return by_text
    by_siret = projects.filter(
        company__in=Company.objects.filter(siret__startswith=digits).values("pk")
    ).values("pk")
    return by_text.union(by_siret)


def search_organisations(queryset: QuerySet, text: str) -> QuerySet:
    """Partner organisations whose name, presentation or competences contain the text,
    accents and case ignored. The directory holds hundreds of rows, not thousands: a scan."""
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(folded_contains("name", text))
        | Q(folded_contains("description", text))
        | Q(folded_contains("competences", text))
    )


def search_schemes(queryset: QuerySet, text: str) -> QuerySet:
    """Support schemes whose name, description or keywords contain the text, accents and
    case ignored."""
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(folded_contains("name", text))
        | Q(folded_contains("description", text))
        | Q(folded_contains("keywords", text))
    )


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        help_text=_(
            "Titre ou description du projet, raison sociale ; accents et majuscules indifférents."
        ),
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
    charge = OfficerFilter(field_name="officer", label=_("Chargé·e de mission"))
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
        null_label=_("Effectif non renseigné"),
        null_value=HEADCOUNT_NOT_GIVEN,
        method="filter_headcount",
    )
    # The dashboard's drill-down (DRILL_DOWN): hidden fields, shown as removable criteria.
    recus = PeriodFilter(label=_("Reçus en"), method="filter_received")
    decides = PeriodFilter(label=_("Première décision en"), method="filter_decided")
    accompagnes = PeriodFilter(label=_("Entrés en accompagnement en"), method="filter_supported")
    financement = _hidden_choice(
        _("Avec une ligne de financement"), FinancingLine.Kind.choices, "filter_financing"
    )
    financement_obtenu = _hidden_choice(
        _("Ayant obtenu un financement"), FinancingLine.Kind.choices, "filter_financing_obtained"
    )
    action = _hidden_choice(
        _("Avec une action d'accompagnement (hors annulées)"),
        SupportAction.Kind.choices,
        "filter_action",
    )
    suivi = _hidden_choice(_("Suivi"), FOLLOW_UP_CHOICES, "filter_follow_up")
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

    def filter_headcount(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The band is left blank when not given (HEADCOUNT_NOT_GIVEN in the list's address).
        return queryset.filter(
            company__headcount_band="" if value == HEADCOUNT_NOT_GIVEN else value
        )

    # --- The dashboard's drill-down: the same conditions as the figures (projects/stats).

    def filter_received(self, queryset: QuerySet, name: str, period: Period) -> QuerySet:
        return queryset.filter(received_in(period))

    def filter_decided(self, queryset: QuerySet, name: str, period: Period) -> QuerySet:
        return queryset.filter(first_decided_in(period))

    def filter_supported(self, queryset: QuerySet, name: str, period: Period) -> QuerySet:
        return queryset.filter(entered_support_in(period))

    def filter_financing(self, queryset: QuerySet, name: str, kind: str) -> QuerySet:
        lines = FinancingLine.objects.filter(project_id=OuterRef("pk"), kind=kind)
        return queryset.filter(Exists(lines))

    def filter_financing_obtained(self, queryset: QuerySet, name: str, kind: str) -> QuerySet:
        lines = FinancingLine.objects.filter(OBTAINED, project_id=OuterRef("pk"), kind=kind)
        return queryset.filter(Exists(lines))

    def filter_action(self, queryset: QuerySet, name: str, kind: str) -> QuerySet:
        actions = SupportAction.objects.filter(
            COUNTED_ACTIONS, project_id=OuterRef("pk"), kind=kind
        )
        return queryset.filter(Exists(actions))

    def filter_follow_up(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == PRODUCT_LAUNCHED:
            answers = latest_answers().filter(product_launched=True)
        else:
            answers = FollowUp.objects.filter(answered_at__isnull=False)
        return queryset.filter(Exists(answers.filter(project_id=OuterRef("pk"))))

    def drill_down(self) -> list["Criterion"]:
        """The dashboard's criteria in force, each with the list's address without it."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # Invalid fields are left out of cleaned_data, valid ones kept.
        criteria = []
        for name in DRILL_DOWN:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            shown = value.label if isinstance(value, Period) else str(dict(field.choices)[value])
            query = self.data.copy()
            query.pop(name, None)
            query.pop("page", None)
            criteria.append(Criterion(str(field.label), shown, f"?{query.urlencode()}"))
        return criteria

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


# The filters the dashboard's figures add to the list: hidden in the form, shown as criteria.
DRILL_DOWN = (
    "recus",
    "decides",
    "accompagnes",
    "financement",
    "financement_obtenu",
    "action",
    "suivi",
)


@dataclass(frozen=True)
class Criterion:
    label: str
    value: str
    remove_url: str


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


# --- The finance officer's list of financing lines across projects


def scheme_label(scheme: SupportScheme) -> str:
    return f"{scheme.name} — {scheme.organisation.name}"


def matching_schemes(schemes, text: str):
    """Schemes whose name or funder's name holds every word typed (a financing line's scheme,
    and the workspace's scheme filter)."""
    for word in text.split():
        schemes = schemes.filter(Q(name__icontains=word) | Q(organisation__name__icontains=word))
    return schemes.order_by("name", "pk")


def schemes_with_lines() -> QuerySet:
    """The schemes some line names (the directory's others would find nothing): thousands at
    national scale, so the workspace's filter is typed and searched, never one select."""
    named = FinancingLine.objects.filter(scheme_id=OuterRef("pk"))
    return SupportScheme.objects.filter(Exists(named)).select_related("organisation")


def workspace_scheme_field(**kwargs) -> SearchChoiceField:
    """The workspace's scheme, typed as in a financing line's form (its words or its number)."""
    return SearchChoiceField(
        queryset=schemes_with_lines(), search=matching_schemes, label_of=scheme_label, **kwargs
    )


class SchemeFilter(django_filters.ModelChoiceFilter):
    field_class = SearchChoiceField


def _funders_with_lines(request) -> QuerySet:
    named = FinancingLine.objects.filter(scheme__organisation_id=OuterRef("pk"))
    return PartnerOrganisation.objects.filter(Exists(named))


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _schemes_or_funders_named(text: str) -> QuerySet:
    """The ids of the schemes whose name, or whose funder's name, contains the text (accents
    and case ignored): a UNION, each part read through its name's trigram index."""
    schemes = SupportScheme.objects.order_by()
    funders = PartnerOrganisation.objects.filter(folded_contains("name", text)).values("pk")
    return (
        schemes.filter(folded_contains("name", text))
        .values("pk")
        .union(schemes.filter(organisation__in=funders).values("pk"))
    )


def _financing_search_parts(text: str, lines: QuerySet) -> list[QuerySet]:
    """The ids of `lines` whose source, scheme, funder or project (its title, description or
    company's name) contains the text, accents and case ignored: one queryset per part.

    Each part is read through its own trigram index (the lines' folded source, migration
    `financing_source_trigram_index`; the schemes' and organisations' names; the projects'
    stored search text, as the project list's search) and followed to the lines by their
    foreign keys: an OR across the joins would read and fold every line of the workspace.
    """
    lines = lines.order_by()
    by_project = Project.objects.filter(stored_folded_contains("search_text", text)).values("pk")
    return [
        lines.filter(folded_contains("source_label", text)).values("pk"),
        lines.filter(scheme__in=_schemes_or_funders_named(text)).values("pk"),
        lines.filter(project__in=by_project).values("pk"),
    ]


def financing_line_matches(text: str) -> Q:
    """The condition `_financing_search_parts` puts together, tested on each line as a list
    reads them in an order of its own (the schemes' part a small list, hashed once)."""
    return (
        Q(folded_contains("source_label", text))
        | Q(scheme__in=_schemes_or_funders_named(text))
        | Q(stored_folded_contains("project__search_text", text))
    )


def matching_financing_line_ids(text: str) -> QuerySet:
    """The ids of the lines the text finds (`_financing_search_parts`), as one UNION query."""
    first, *others = _financing_search_parts(text, FinancingLine.objects.all())
    return first.union(*others)


def more_financing_lines_than(lines: QuerySet, text: str, limit: int) -> bool:
    """Whether more than `limit` of `lines` match the text: each part of the search is read up
    to `limit` + 1 lines only (a common word finds tens of thousands, which the union would
    read, hash and join in full), and the parts' union counted."""
    # Each part's LIMIT in a subquery of its own: a compound statement's parts may not have
    # one on SQLite.
    first, *others = (
        FinancingLine.objects.filter(pk__in=part[: limit + 1]).values("pk")
        for part in _financing_search_parts(text, lines)
    )
    return first.union(*others).count() > limit


class FinancingLineFilter(django_filters.FilterSet):
    """Filters of the financing workspace and of its CSV export (the same lines)."""

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        help_text=_(
            "Source, dispositif, financeur, projet ou entreprise ; accents et majuscules "
            "indifférents."
        ),
    )
    # Typed: some 400 funders name lines at national scale.
    financeur = OrganisationFilter(
        field_name="scheme__organisation",
        label=_("Financeur"),
        among="toutes",
        queryset=_funders_with_lines,
        error_messages={"invalid_choice": _("Choisissez un financeur nommé par une ligne.")},
    )
    dispositif = SchemeFilter(
        field_name="scheme",
        label=_("Dispositif"),
        queryset=lambda request: schemes_with_lines(),
        search=matching_schemes,
        label_of=scheme_label,
        help_text=_("Quelques lettres du dispositif ou du financeur, puis une suggestion."),
        error_messages={"invalid_choice": _("Choisissez un dispositif nommé par une ligne.")},
    )
    nature = django_filters.ChoiceFilter(
        field_name="kind",
        label=_("Nature"),
        choices=FinancingLine.Kind.choices,
        empty_label=_("Toutes les natures"),
    )
    statut = django_filters.ChoiceFilter(
        field_name="status",
        label=_("Statut"),
        choices=FinancingLine.Status.choices,
        empty_label=_("Tous les statuts"),
    )
    comite_du = django_filters.DateFilter(
        field_name="committee_on",
        lookup_expr="gte",
        label=_("Comité à partir du"),
        widget=_date_input(),
    )
    comite_au = django_filters.DateFilter(
        field_name="committee_on",
        lookup_expr="lte",
        label=_("Comité jusqu'au"),
        widget=_date_input(),
    )
    charge = OfficerFilter(field_name="project__officer", label=_("Chargé·e de mission"))

    class Meta:
        model = FinancingLine
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["dispositif"].extra["widget"] = SearchInput(
            search_url=reverse("projects:financing_workspace_schemes")
        )
        for name in ("comite_du", "comite_au"):
            self.filters[name].extra["error_messages"] = {
                "invalid": _("Saisissez une date valide, par exemple 15/03/2026.")
            }

    def narrows(self) -> bool:
        """Whether a criterion leaves lines out (an invalid one does not: the list ignores it,
        with its message on the form)."""
        self.errors  # noqa: B018 (validates the form, as `qs` does)
        return any(value not in (None, "") for value in self.form.cleaned_data.values())

    def _searched_text(self) -> str:
        self.errors  # noqa: B018 (validates the form, as `qs` does: an invalid criterion is left out)
        return (self.form.cleaned_data.get("q") or "").strip()

    def _other_criteria(self) -> QuerySet:
        """The lines every criterion but the search keeps."""
        lines = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                lines = self.filters[name].filter(lines, value)
        return lines

    def finds_more_than(self, limit: int) -> bool:
        """Whether the search, with the other criteria, keeps more than `limit` lines (False
        without a search): counted up to the limit, whatever the number of lines found."""
        text = self._searched_text()
        return bool(text) and more_financing_lines_than(self._other_criteria(), text, limit)

    def qs_tested_line_by_line(self) -> QuerySet:
        """The lines of `qs`, the search tested on each line rather than gathered from its
        indexes: for a list read in the lines' own order, whose first rows a search finding
        many lines reaches at once (`qs` gathers and sorts every line found)."""
        text = self._searched_text()
        lines = self._other_criteria()
        return lines.filter(financing_line_matches(text)) if text else lines

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(pk__in=matching_financing_line_ids(text))
