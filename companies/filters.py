"""Search and filters of the company list; parameter names are French, as the URLs are."""

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from pmi_aqt.forms import FilterForm
from projects.models import InterventionAxis, Project

from .models import Company, Department, HeadcountBand


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        help_text=_("Raison sociale, SIRET ou commune."),
    )
    departement = django_filters.ChoiceFilter(
        field_name="department",
        label=_("Département"),
        choices=Department.choices,
        empty_label=_("Tous les départements"),
    )
    effectif = django_filters.ChoiceFilter(
        field_name="headcount_band",
        label=_("Effectif"),
        choices=HeadcountBand.choices,
        empty_label=_("Tous les effectifs"),
    )
    axe = django_filters.ModelChoiceFilter(
        label=_("Axe d'un de ses projets"),
        queryset=InterventionAxis.objects.all(),
        to_field_name="code",
        method="filter_axis",
        empty_label=_("Tous les axes"),
    )

    class Meta:
        model = Company
        fields: list[str] = []
        form = FilterForm

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_axis(self, queryset: QuerySet, name: str, axis: InterventionAxis) -> QuerySet:
        # EXISTS rather than a join: a company with several matching projects is listed once.
        return queryset.filter(
            Exists(Project.objects.filter(company=OuterRef("pk"), axes=axis)),
        )
