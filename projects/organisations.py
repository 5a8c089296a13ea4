"""Choosing a partner organisation by typing its name.

The directory holds some 400 organisations at national scale (partners, funders, providers):
too many for one <select> per field, several of them on some pages. Each field is a text input
whose suggestions come from one endpoint (`projects:organisation_suggestions`), told which
organisations the field offers (`among`); without the script, the name typed is looked up.
"""

from collections.abc import Callable

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pmi_aqt.forms import SearchChoiceField, SearchInput
from pmi_aqt.search import Folded, fold, folded_contains

from .models import PartnerOrganisation

# The directory's organisations that place students.
INSTITUTION_KINDS = (
    PartnerOrganisation.Kind.SCHOOL,
    PartnerOrganisation.Kind.LAB,
    PartnerOrganisation.Kind.OTHER,
)


def active_organisations() -> QuerySet:
    """Those still offered for new work: a scheme's funder, an action's provider."""
    return PartnerOrganisation.objects.filter(is_active=True)


def active_institutions() -> QuerySet:
    """The active schools, labs and other establishments: where a placed student studies."""
    return PartnerOrganisation.objects.filter(is_active=True, kind__in=INSTITUTION_KINDS)


# What a field may offer, by the name its suggestions' URL carries. Lists' filters offer every
# organisation, so that the directory's links from a retired one still list its own rows.
ORGANISATION_SETS: dict[str, Callable[[], QuerySet]] = {
    "actives": active_organisations,
    "etablissements": active_institutions,
    "toutes": PartnerOrganisation.objects.all,
}


def matching_organisations(organisations: QuerySet, text: str) -> QuerySet:
    """Organisations whose name holds every word typed, accents and case ignored (a scan of a
    few hundred names)."""
    for word in text.split():
        organisations = organisations.filter(folded_contains("name", word))
    return organisations.order_by("name", "pk")


TYPING_HELP = _("Quelques lettres de son nom, puis l'une des suggestions.")


class OrganisationChoiceField(SearchChoiceField):
    """A partner organisation, typed: its number as the suggestions write it ("12 — ADI
    Nouvelle-Aquitaine"), or words of its name. `among` names the organisations the
    suggestions offer (ORGANISATION_SETS); `queryset`, those the field accepts, when they are
    more (the one an edited row already names, since retired)."""

    def __init__(self, *, among: str, queryset: QuerySet | None = None, **kwargs) -> None:
        search_url = reverse_lazy("projects:organisation_suggestions", args=[among])
        kwargs.setdefault("widget", SearchInput(search_url=search_url))
        if queryset is None:
            queryset = ORGANISATION_SETS[among]()
        kwargs.setdefault("help_text", TYPING_HELP)
        super().__init__(queryset, search=matching_organisations, **kwargs)

    @classmethod
    def replacing(
        cls, field: forms.ModelChoiceField, *, among: str, queryset: QuerySet | None = None
    ) -> "OrganisationChoiceField":
        """A model form's select of organisations, typed instead: the same label, requirement,
        help and messages."""
        help_text = f"{field.help_text} {TYPING_HELP}" if field.help_text else TYPING_HELP
        return cls(
            among=among,
            queryset=queryset,
            label=field.label,
            required=field.required,
            help_text=help_text,
            error_messages=field.error_messages,
        )

    def only_match(self, text: str):
        # A name typed in full is that organisation, even when it is part of other names
        # ("CEA" and "CEA Tech").
        same_name = self.queryset.alias(folded_name=Folded(F("name"))).filter(
            folded_name=fold(text)
        )
        found = same_name.order_by("pk").first()
        return found if found is not None else super().only_match(text)


class OrganisationFilter(django_filters.ModelChoiceFilter):
    """A list's filter on an organisation, typed (`?x=<number>` links still work)."""

    field_class = OrganisationChoiceField

    def __init__(self, *args, among: str, **kwargs) -> None:
        kwargs.setdefault("queryset", lambda request: ORGANISATION_SETS[among]())
        super().__init__(*args, among=among, **kwargs)
