"""Student placements: a placement's form, and the filters of the list of all of them."""

from datetime import date

import django_filters
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.db.models import Max, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pmi_aqt.forms import FilterForm

from ..models import PartnerOrganisation, StudentPlacement
from ..organisations import INSTITUTION_KINDS, OrganisationChoiceField, OrganisationFilter
from .financing import amount_field, form_helper
from .support import DATE_ERRORS, DATE_WIDGET

TOO_LONG = {"max_length": _("%(show_value)d caractères : %(limit_value)d au plus.")}


class StudentPlacementForm(forms.ModelForm):
    cost = amount_field(
        _("Coût pour l'entreprise (€)"),
        required=False,
        help_text=_("Facultatif : gratification ou salaire chargé, sur toute la durée."),
    )
    aid_amount = amount_field(
        _("Aide obtenue (€)"),
        required=False,
        help_text=_("Facultatif : aide à l'apprentissage, subvention CIFRE…, sur toute la durée."),
    )

    class Meta:
        model = StudentPlacement
        fields = [
            "kind",
            "institution",
            "student_name",
            "degree",
            "starts_on",
            "ends_on",
            "company_supervisor",
            "school_supervisor",
            "contract_type",
            "cost",
            "aid_amount",
        ]
        labels = {"kind": _("Nature"), "contract_type": _("Type de contrat")}
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}
        help_texts = {
            "degree": _("Par exemple : Master 2, diplôme d'ingénieur 4e année, doctorat."),
            "school_supervisor": _("Pour un doctorat : le directeur ou la directrice de thèse."),
            "contract_type": _(
                "Un stage se fait sous convention de stage ; une alternance sous contrat "
                "d'apprentissage ou de professionnalisation."
            ),
        }
        error_messages = {
            "kind": {
                "required": _("Choisissez la nature : stage, alternance ou doctorat."),
                "invalid_choice": _("Choisissez une nature de la liste."),
            },
            "institution": {
                "required": _("Choisissez l'établissement de l'étudiant·e."),
                "invalid_choice": _("Choisissez un établissement de la liste."),
            },
            "student_name": {**TOO_LONG, "required": _("Indiquez le nom de l'étudiant·e.")},
            "degree": {**TOO_LONG, "required": _("Indiquez le niveau ou le diplôme préparé.")},
            "starts_on": {**DATE_ERRORS, "required": _("Indiquez la date de début.")},
            "ends_on": {**DATE_ERRORS, "required": _("Indiquez la date de fin.")},
            "company_supervisor": TOO_LONG,
            "school_supervisor": TOO_LONG,
            "contract_type": {
                "required": _("Choisissez le type de contrat."),
                "invalid_choice": _("Choisissez un type de contrat de la liste."),
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Active schools, labs and other establishments, plus the one already chosen even if
        # it has since been retired from the directory; typed and searched.
        chosen = self.instance.institution_id
        current = Q(pk=chosen) if chosen else Q(pk__in=[])
        institution = self.fields["institution"]
        institution.help_text = _(
            "Les écoles, laboratoires et autres établissements de l'annuaire. S'il n'y figure "
            "pas, demandez au responsable du programme de l'ajouter."
        )
        self.fields["institution"] = OrganisationChoiceField.replacing(
            institution,
            among="etablissements",
            queryset=PartnerOrganisation.objects.filter(
                Q(is_active=True, kind__in=INSTITUTION_KINDS) | current
            ),
        )
        self.helper = form_helper()
        self.helper.layout = Layout(
            Fieldset(
                _("L'étudiant·e"),
                Field("kind"),
                Field("student_name"),
                Field("institution"),
                Field("degree"),
                css_class="mb-3",
            ),
            Fieldset(
                _("Dates et contrat"),
                Div(
                    Div(Field("starts_on"), css_class="col-sm-6"),
                    Div(Field("ends_on"), css_class="col-sm-6"),
                    css_class="row",
                ),
                Field("contract_type"),
                css_class="mb-3",
            ),
            Fieldset(
                _("Encadrement"),
                Field("company_supervisor"),
                Field("school_supervisor"),
                css_class="mb-3",
            ),
            Fieldset(
                _("Coût et aide"),
                Div(
                    Div(Field("cost"), css_class="col-sm-6"),
                    Div(Field("aid_amount"), css_class="col-sm-6"),
                    css_class="row",
                ),
            ),
        )

    def _clean_text(self, name: str) -> str:
        return " ".join(self.cleaned_data[name].split())

    def clean_student_name(self) -> str:
        return self._clean_text("student_name")

    def clean_degree(self) -> str:
        return self._clean_text("degree")

    def clean_company_supervisor(self) -> str:
        return self._clean_text("company_supervisor")

    def clean_school_supervisor(self) -> str:
        return self._clean_text("school_supervisor")

    def validate_constraints(self) -> None:
        # The model's clean() has said each rule beside its field already.
        if not self.errors:
            super().validate_constraints()


def placement_years() -> list[tuple[str, str]]:
    """The years from the first placement's start to the last, most recent first (one query)."""
    bounds = StudentPlacement.objects.aggregate(first=Min("starts_on"), last=Max("starts_on"))
    if bounds["first"] is None:
        return []
    return [
        (str(year), str(year)) for year in range(bounds["last"].year, bounds["first"].year - 1, -1)
    ]


class StudentPlacementFilter(django_filters.FilterSet):
    annee = django_filters.ChoiceFilter(
        label=_("Année de début"),
        choices=[],  # placement_years(), read once per list in __init__
        method="filter_year",
        empty_label=_("Toutes les années"),
    )
    nature = django_filters.ChoiceFilter(
        field_name="kind",
        label=_("Nature"),
        choices=StudentPlacement.Kind.choices,
        empty_label=_("Toutes les natures"),
    )
    etablissement = OrganisationFilter(
        field_name="institution",
        label=_("Établissement"),
        # Every organisation, so that the directory's link from any of them lists its own.
        among="toutes",
        help_text=_("Quelques lettres de son nom, puis l'une des suggestions ; vide pour tous."),
    )

    class Meta:
        model = StudentPlacement
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["annee"].extra["choices"] = placement_years()

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        year = int(value)
        return queryset.filter(starts_on__gte=date(year, 1, 1), starts_on__lt=date(year + 1, 1, 1))
