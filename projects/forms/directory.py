"""The ecosystem directory's forms and filters, and the forms of a project's resources.

Validation and layout only: the writes live in projects/services/directory.py.
"""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from companies.forms import ConstraintErrorsOnFieldsMixin
from companies.models import Department, HeadcountBand
from pmi_aqt.forms import FilterForm, FrenchDecimalField

from ..filters import search_organisations, search_schemes
from ..matching import naf
from ..models import (
    InterventionAxis,
    PartnerOrganisation,
    Resource,
    SchemeCall,
    SchemeKind,
    StudentKind,
    SuggestionDismissal,
    SupportScheme,
)
from ..organisations import OrganisationChoiceField, OrganisationFilter, active_organisations
from .intake import AxisChoiceField

# The prefix of the resource forms: the project page holds other sections' forms too.
RESOURCE_FORM_PREFIX = "ressource"

# Longer searches cannot match a name (200 characters at most) and only burden the database.
SEARCH_MAX_LENGTH = 200
# The calls for applications of a scheme, edited on its form.
CALLS_PREFIX = "appels"
MAX_CALLS = 20


def _helper(*layout) -> FormHelper:
    # The templates write the <form> tag, the CSRF token and the buttons themselves.
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- Partner organisations and support schemes (the programme manager keeps them)


class PartnerOrganisationForm(forms.ModelForm):
    class Meta:
        model = PartnerOrganisation
        fields = [
            "name",
            "kind",
            "description",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "competences",
            "student_kinds",
            "is_active",
        ]
        labels = {
            "name": _("Nom de l'organisation"),
            "kind": _("Type d'organisation"),
            "website": _("Site web"),
            "contact_name": _("Nom du contact"),
            "is_active": _("Organisation active"),
        }
        help_texts = {
            "website": _("Adresse complète, par exemple https://www.exemple.fr."),
            "competences": _(
                "Thèmes, équipements, domaines de recherche, séparés par des virgules : ses "
                "dispositifs sont aussi rapprochés des projets par ces mots."
            ),
            "is_active": _(
                "Décochez pour retirer l'organisation des suggestions sans effacer son historique."
            ),
        }
        error_messages = {
            "name": {"unique": _("Une organisation porte déjà ce nom.")},
            "website": {"invalid": _("Saisissez une adresse web valide, par exemple https://…")},
            "contact_email": {
                "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")
            },
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "competences": forms.Textarea(attrs={"rows": 3}),
        }

    student_kinds = forms.MultipleChoiceField(
        label=_("Étudiants placés en entreprise"),
        choices=StudentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Ce type d'étudiant n'existe pas (« %(value)s »).")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(
                _("L'organisation"),
                Field("name"),
                Field("kind"),
                Field("description"),
                Field("website"),
                css_class="mb-4",
            ),
            Fieldset(
                _("Ce qu'elle apporte"),
                Field("competences"),
                Field("student_kinds"),
                css_class="mb-4",
            ),
            Fieldset(
                _("Contact"),
                Field("contact_name"),
                Field("contact_email"),
                Field("contact_phone"),
                css_class="mb-4",
            ),
            Fieldset(_("Visibilité"), Field("is_active"), css_class="mb-4"),
        )


class NafPatternsField(forms.CharField):
    """NAF sections, divisions or codes typed as a list: "C, 28, 28.30Z"."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [
            naf.normalise_pattern(part)
            for part in text.replace(";", ",").split(",")
            if part.strip()
        ]

    def validate(self, value: list[str]) -> None:
        for pattern in value:
            if not naf.is_known(pattern):
                raise forms.ValidationError(
                    _(
                        "« %(value)s » n'est ni une section (A à U), ni une division, ni un code "
                        "NAF connu : écrivez par exemple C, 28, 28.30 ou 28.30Z."
                    ),
                    code="naf_unknown",
                    params={"value": pattern},
                )


def _euros(label: str, help_text: str = "") -> FrenchDecimalField:
    return FrenchDecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=0,
        help_text=help_text,
        error_messages={
            "invalid": _("Saisissez un montant en euros, sans décimales, par exemple 50 000."),
            "min_value": _("Le montant ne peut pas être négatif."),
            "max_digits": _("Ce montant est trop grand."),
            "max_decimal_places": _("Saisissez un montant en euros, sans décimales."),
        },
    )


class SupportSchemeForm(ConstraintErrorsOnFieldsMixin, forms.ModelForm):
    axes = AxisChoiceField(
        label=_("Axes d'intervention servis"),
        queryset=InterventionAxis.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Les projets de ces axes se verront suggérer ce dispositif."),
        error_messages={
            "invalid_choice": _("Cet axe d'intervention n'existe pas (« %(value)s »)."),
            "invalid_pk_value": _("Cet axe d'intervention n'existe pas (« %(pk)s »)."),
        },
    )
    headcount_bands = forms.MultipleChoiceField(
        label=_("Tailles d'entreprise visées"),
        choices=HeadcountBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ne cochez rien si le dispositif convient à toutes les tailles d'entreprise."),
        error_messages={
            "invalid_choice": _("Cette tranche d'effectif n'existe pas (« %(value)s »).")
        },
    )
    departments = forms.MultipleChoiceField(
        label=_("Départements couverts"),
        choices=Department.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ne cochez rien si le dispositif couvre toute l'Aquitaine."),
        error_messages={"invalid_choice": _("Ce département n'existe pas (« %(value)s »).")},
    )

    naf_included = NafPatternsField(
        label=_("Activités NAF visées"),
        help_text=_(
            "Sections, divisions ou codes séparés par des virgules (par exemple 16, 31.0) : les "
            "entreprises de ces activités y ont accès même sans citer la filière."
        ),
    )
    naf_excluded = NafPatternsField(
        label=_("Activités NAF exclues"),
        help_text=_("Les entreprises de ces activités n'y ont pas accès."),
    )
    budget_min = _euros(_("Budget de projet minimum (€)"))
    budget_max = _euros(
        _("Budget de projet maximum (€)"),
        _("Laissez vide s'il n'y a pas de limite."),
    )
    amount_min = _euros(_("Montant minimum apporté (€)"))
    amount_max = _euros(_("Montant maximum apporté (€)"))

    constraint_error_fields = {
        "scheme_unique_name_per_organisation": "name",
        "scheme_budget_range_ordered": "budget_max",
        "scheme_amount_range_ordered": "amount_max",
    }

    class Meta:
        model = SupportScheme
        fields = [
            "organisation",
            "name",
            "kind",
            "description",
            "keywords",
            "axes",
            "headcount_bands",
            "departments",
            "trades",
            "naf_included",
            "naf_excluded",
            "budget_min",
            "budget_max",
            "amount_min",
            "amount_max",
            "rate_max",
            "days",
            "duration_months",
            "contact_name",
            "contact_email",
            "url",
            "is_active",
        ]
        labels = {
            "organisation": _("Organisation qui le propose"),
            "kind": _("Nature du dispositif"),
            "keywords": _("Mots-clés"),
            "trades": _("Réservé aux filières"),
            "rate_max": _("Taux d'aide maximum (%)"),
            "days": _("Jours d'intervention"),
            "duration_months": _("Durée (mois)"),
            "contact_name": _("Nom du contact"),
            "url": _("Page de présentation"),
            "is_active": _("Dispositif actif"),
        }
        help_texts = {
            "keywords": _(
                "Les sujets, techniques et métiers qu'il sert, séparés par des virgules : ils "
                "comptent autant que son nom pour le rapprocher des projets."
            ),
            "trades": _(
                "Laissez vide s'il s'adresse à toutes les filières ; sinon les mots qui les "
                "désignent, séparés par des virgules (par exemple bois, forêt, menuiserie)."
            ),
            "rate_max": _("La part des dépenses prise en charge, au plus."),
            "url": _("Adresse complète, par exemple https://www.exemple.fr/dispositif."),
            "is_active": _("Décochez pour ne plus le suggérer sans effacer son historique."),
        }
        error_messages = {
            "organisation": {
                "invalid_choice": _("Choisissez une organisation de la liste."),
            },
            "url": {"invalid": _("Saisissez une adresse web valide, par exemple https://…")},
            "contact_email": {
                "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")
            },
            "rate_max": {
                "invalid": _("Saisissez un pourcentage entier, par exemple 50."),
                "max_value": _("Un taux ne dépasse pas 100 %%."),
                "min_value": _("Un taux ne peut pas être négatif."),
            },
            "days": {
                "invalid": _("Saisissez un nombre entier de jours."),
                "max_value": _("Au plus 1000 jours."),
                "min_value": _("Le nombre de jours ne peut pas être négatif."),
            },
            "duration_months": {
                "invalid": _("Saisissez un nombre entier de mois."),
                "max_value": _("Au plus 120 mois."),
                "min_value": _("La durée ne peut pas être négative."),
            },
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "keywords": forms.Textarea(attrs={"rows": 3}),
            "trades": forms.Textarea(attrs={"rows": 2}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "url": forms.URLInput(attrs={"autocomplete": "url"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Active organisations, plus the scheme's own one should it have been deactivated;
        # typed and searched (hundreds at national scale).
        organisations = active_organisations()
        if self.instance.organisation_id:
            organisations = PartnerOrganisation.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.organisation_id)
            )
        self.fields["organisation"] = OrganisationChoiceField.replacing(
            self.fields["organisation"], among="actives", queryset=organisations
        )
        self.helper = _helper(
            Fieldset(
                _("Le dispositif"),
                Field("organisation"),
                Field("name"),
                Field("kind"),
                Field("description"),
                Field("keywords"),
                css_class="mb-4",
            ),
            Fieldset(
                _("À qui il s'adresse"),
                Field("axes"),
                Field("headcount_bands"),
                Field("departments"),
                Field("trades"),
                Field("naf_included"),
                Field("naf_excluded"),
                Field("budget_min"),
                Field("budget_max"),
                css_class="mb-4",
            ),
            Fieldset(
                _("Ce qu'il apporte"),
                Field("amount_min"),
                Field("amount_max"),
                Field("rate_max"),
                Field("days"),
                Field("duration_months"),
                css_class="mb-4",
            ),
            Fieldset(
                _("Contact"),
                Field("contact_name"),
                Field("contact_email"),
                Field("url"),
                css_class="mb-4",
            ),
            Fieldset(_("Visibilité"), Field("is_active"), css_class="mb-4"),
        )


class SchemeCallForm(ConstraintErrorsOnFieldsMixin, forms.ModelForm):
    constraint_error_fields = {"scheme_call_closes_after_opening": "closes_on"}

    class Meta:
        model = SchemeCall
        fields = ["label", "opens_on", "closes_on", "recurs_yearly"]
        labels = {
            "label": _("Intitulé (facultatif)"),
            "opens_on": _("Ouverture"),
            "closes_on": _("Clôture"),
            "recurs_yearly": _("Revient chaque année aux mêmes dates"),
        }
        error_messages = {
            "opens_on": {
                "required": _("Indiquez la date d'ouverture."),
                "invalid": _("Saisissez une date valide, par exemple 15/03/2026."),
            },
            "closes_on": {
                "required": _("Indiquez la date de clôture."),
                "invalid": _("Saisissez une date valide, par exemple 15/03/2026."),
            },
        }
        widgets = {"opens_on": _date_input(), "closes_on": _date_input()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


SchemeCallFormSet = forms.inlineformset_factory(
    SupportScheme,
    SchemeCall,
    form=SchemeCallForm,
    extra=2,
    can_delete=True,
    max_num=MAX_CALLS,
    validate_max=True,
)


def scheme_calls_formset(data, scheme: SupportScheme) -> forms.BaseInlineFormSet:
    """The calls of a scheme, with two empty rows to add some; no call: open all year.

    A form sent without its calls section (no management data) leaves the calls as they are:
    the formset is then unbound.
    """
    if data is not None and f"{CALLS_PREFIX}-TOTAL_FORMS" not in data:
        data = None
    return SchemeCallFormSet(data, instance=scheme, prefix=CALLS_PREFIX)


class _ActiveFilterMixin(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(
        label=_("État"),
        choices=[("actif", _("Actifs")), ("inactif", _("Inactifs"))],
        empty_label=_("Actifs et inactifs"),
        method="filter_active",
    )

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=value == "actif")


class PartnerOrganisationFilter(_ActiveFilterMixin):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Nom, présentation ou compétences ; accents et majuscules indifférents."),
    )
    type = django_filters.ChoiceFilter(
        field_name="kind",
        label=_("Type d'organisation"),
        choices=PartnerOrganisation.Kind.choices,
        empty_label=_("Tous les types"),
    )

    class Meta:
        model = PartnerOrganisation
        fields: list[str] = []
        form = FilterForm

    def filter_search(self, queryset, name: str, value: str):
        return search_organisations(queryset, value)


class SupportSchemeFilter(_ActiveFilterMixin):
    """The officer's directory search: words, ranked as the suggestions rank them, and the
    company a scheme must fit (projects/matching/search.py applies them)."""

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Des mots du besoin, du métier ou du nom du dispositif."),
        method="filter_nothing",
    )
    nature = django_filters.ChoiceFilter(
        field_name="kind",
        label=_("Nature"),
        choices=SchemeKind.choices,
        empty_label=_("Toutes les natures"),
    )
    axe = django_filters.ModelChoiceFilter(
        field_name="axes",
        label=_("Axe d'intervention"),
        queryset=InterventionAxis.objects.all(),
        to_field_name="code",
        empty_label=_("Tous les axes"),
    )
    organisation = OrganisationFilter(
        label=_("Organisation"),
        among="toutes",
        help_text=_("Quelques lettres de son nom, puis l'une des suggestions ; vide pour toutes."),
    )
    departement = django_filters.ChoiceFilter(
        label=_("Territoire"),
        choices=Department.choices,
        empty_label=_("Tous les départements"),
        help_text=_("Les dispositifs ouverts aux entreprises de ce département."),
        method="filter_nothing",
    )
    taille = django_filters.ChoiceFilter(
        label=_("Taille de l'entreprise"),
        choices=HeadcountBand.choices,
        empty_label=_("Toutes les tailles"),
        method="filter_nothing",
    )
    appels = django_filters.ChoiceFilter(
        label=_("Appels à candidatures"),
        choices=[("ouverts", _("Ouverts aujourd'hui"))],
        empty_label=_("Ouverts ou non"),
        method="filter_nothing",
    )

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Words, size, territory and calls are applied together by `search.restrict`."""
        return queryset

    class Meta:
        model = SupportScheme
        fields: list[str] = []
        form = FilterForm

    def filter_search(self, queryset, name: str, value: str):
        return search_schemes(queryset, value)


# --- A project's resources to mobilise


class ResourceConfirmForm(forms.Form):
    """The "Retenir" button of a suggestion: which scheme to retain."""

    scheme = forms.ModelChoiceField(
        queryset=SupportScheme.objects.filter(is_active=True, organisation__is_active=True),
        error_messages={
            "required": _("Choisissez le dispositif à retenir."),
            "invalid_choice": _("Ce dispositif n'existe pas ou n'est plus proposé."),
        },
    )


class ResourceAddForm(forms.Form):
    """A resource outside the directory, described in a few words."""

    label = forms.CharField(
        label=_("Autre ressource"),
        max_length=Resource._meta.get_field("label").max_length,
        help_text=_(
            "Une ressource hors de l'annuaire, par exemple « Stagiaire de l'IUT de Bordeaux »."
        ),
        error_messages={"required": _("Décrivez la ressource à mobiliser.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", RESOURCE_FORM_PREFIX)
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ResourceUpdateForm(forms.Form):
    """Where a resource stands: its status, the next follow-up, notes.

    A plain form rather than a ModelForm so the resource is left untouched until the service
    compares the new status with the one it had.
    """

    label = forms.CharField(
        label=_("Ressource"), max_length=Resource._meta.get_field("label").max_length
    )
    status = forms.ChoiceField(label=_("Statut"), choices=Resource.Status.choices)
    next_action_on = forms.DateField(
        label=_("Prochaine relance"),
        required=False,
        widget=_date_input(),
        help_text=_("Facultatif : la date à laquelle revenir vers cette ressource."),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 15/03/2026.")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=Resource._meta.get_field("notes").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, resource: Resource, **kwargs) -> None:
        kwargs.setdefault("prefix", RESOURCE_FORM_PREFIX)
        kwargs.setdefault(
            "initial",
            {
                "label": resource.label,
                "status": resource.status,
                "next_action_on": resource.next_action_on,
                "notes": resource.notes,
            },
        )
        super().__init__(*args, **kwargs)
        if resource.scheme_id:
            # A directory scheme keeps its name; only free resources may be renamed.
            del self.fields["label"]
        self.helper = _helper()


class SuggestionDismissForm(forms.Form):
    """Why a suggested scheme does not fit the project."""

    reason = forms.CharField(
        label=_("Pourquoi l'écarter ?"),
        max_length=SuggestionDismissal._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Par exemple « hors de la filière de l'entreprise » : le portail proposera moins ce "
            "dispositif aux projets semblables."
        ),
        error_messages={
            "required": _("Dites pourquoi vous écartez ce dispositif."),
            "max_length": _("Soyez plus bref : %(limit_value)d caractères au plus."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()
