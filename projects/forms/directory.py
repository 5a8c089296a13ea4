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
from pmi_aqt.forms import FilterForm

from ..models import InterventionAxis, PartnerOrganisation, Resource, SchemeKind, SupportScheme
from .intake import AxisChoiceField

# The prefix of the resource forms: the project page holds other sections' forms too.
RESOURCE_FORM_PREFIX = "ressource"

# Longer searches cannot match a name (200 characters at most) and only burden the database.
SEARCH_MAX_LENGTH = 200


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
        }

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
                _("Contact"),
                Field("contact_name"),
                Field("contact_email"),
                Field("contact_phone"),
                css_class="mb-4",
            ),
            Fieldset(_("Visibilité"), Field("is_active"), css_class="mb-4"),
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

    constraint_error_fields = {"scheme_unique_name_per_organisation": "name"}

    class Meta:
        model = SupportScheme
        fields = [
            "organisation",
            "name",
            "kind",
            "description",
            "axes",
            "headcount_bands",
            "departments",
            "contact_name",
            "contact_email",
            "url",
            "is_active",
        ]
        labels = {
            "organisation": _("Organisation qui le propose"),
            "kind": _("Nature du dispositif"),
            "contact_name": _("Nom du contact"),
            "url": _("Page de présentation"),
            "is_active": _("Dispositif actif"),
        }
        help_texts = {
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
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "url": forms.URLInput(attrs={"autocomplete": "url"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Active organisations, plus the scheme's own one should it have been deactivated.
        organisations = PartnerOrganisation.objects.filter(is_active=True)
        if self.instance.organisation_id:
            organisations = PartnerOrganisation.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.organisation_id)
            )
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("Choisissez une organisation")
        self.helper = _helper(
            Fieldset(
                _("Le dispositif"),
                Field("organisation"),
                Field("name"),
                Field("kind"),
                Field("description"),
                css_class="mb-4",
            ),
            Fieldset(
                _("À qui il s'adresse"),
                Field("axes"),
                Field("headcount_bands"),
                Field("departments"),
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
        field_name="name",
        lookup_expr="icontains",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Nom de l'organisation."),
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


class SupportSchemeFilter(_ActiveFilterMixin):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        field_name="name",
        lookup_expr="icontains",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Nom du dispositif."),
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
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=PartnerOrganisation.objects.all(),
        empty_label=_("Toutes les organisations"),
    )

    class Meta:
        model = SupportScheme
        fields: list[str] = []
        form = FilterForm


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
