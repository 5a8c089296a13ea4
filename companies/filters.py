"""Search and filters of the company list; parameter names are French, as the URLs are."""

import django_filters
from django.apps import apps
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from pmi_aqt.forms import FilterForm

from .models import Company, Contact, Department, HeadcountBand, ProspectingStatus


def _project_model(name: str):
    # The companies app sits below projects and never imports it: the list's axis filter names
    # the projects' models through the app registry, as a foreign key names its target.
    return apps.get_model("projects", name)


def _axes(request) -> QuerySet:
    return _project_model("InterventionAxis").objects.all()


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        help_text=_(
            "Raison sociale, SIRET ou SIREN, commune, code ou activité NAF ; "
            "accents et majuscules indifférents."
        ),
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
    prospection = django_filters.ChoiceFilter(
        field_name="prospecting_status",
        label=_("Prospection"),
        choices=ProspectingStatus.choices,
        empty_label=_("Tous les statuts"),
    )
    axe = django_filters.ModelChoiceFilter(
        label=_("Axe d'un de ses projets"),
        queryset=_axes,
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

    def filter_axis(self, queryset: QuerySet, name: str, axis) -> QuerySet:
        # EXISTS rather than a join: a company with several matching projects is listed once.
        projects = _project_model("Project").objects
        return queryset.filter(Exists(projects.filter(company=OuterRef("pk"), axes=axis)))


class ContactFilter(django_filters.FilterSet):
    """The contacts list's search: the people officers look for across companies."""

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        max_length=100,
        help_text=_(
            "Nom, prénom, adresse e-mail ou téléphone ; accents, majuscules et espaces du "
            "numéro indifférents."
        ),
    )

    class Meta:
        model = Contact
        fields: list[str] = []
        form = FilterForm

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)
