"""Support plan forms: the actions granted to a project and the answers to its follow-ups."""

from decimal import Decimal

from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pmi_aqt.forms import FrenchDecimalField

from ..models import FollowUp, PartnerOrganisation, SupportAction
from ..organisations import OrganisationChoiceField
from .financing import form_helper

MAX_DAYS = Decimal("2000")
MAX_JOBS = Decimal("10000")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Saisissez une date valide, par exemple 31/12/2025.")}


# The start and end dates of an action, side by side.
DATES_ROW = Div(
    Div(Field("starts_on"), css_class="col-sm-6"),
    Div(Field("ends_on"), css_class="col-sm-6"),
    css_class="row",
)


class ProvidedActionForm(forms.ModelForm):
    """What an action done by a partner has in common, individual or collective: a provider
    chosen among the active partners, a title, dates in order."""

    def offer_providers(self) -> None:
        # Active partners, plus the one already chosen even if it has since been retired;
        # typed and searched (hundreds at national scale).
        current = Q(pk=self.instance.provider_id) if self.instance.provider_id else Q(pk__in=[])
        provider = self.fields["provider"]
        provider.help_text = _(
            "Facultatif (vide : en interne) : l'organisation partenaire qui réalise l'action."
        )
        self.fields["provider"] = OrganisationChoiceField.replacing(
            provider,
            among="actives",
            queryset=PartnerOrganisation.objects.filter(Q(is_active=True) | current),
        )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean(self) -> dict:
        cleaned_data = super().clean()
        starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                _("La fin ne peut pas précéder le début (%(start)s).")
                % {"start": starts_on.strftime("%d/%m/%Y")},
            )
        return cleaned_data

    def validate_constraints(self) -> None:
        # The dates' order is already said beside the end date.
        if not self.errors:
            super().validate_constraints()


def days_field(label=None) -> FrenchDecimalField:
    """Days of intervention, counted in half days ("2,5")."""
    return FrenchDecimalField(
        label=label or _("Jours d'intervention"),
        required=False,
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=MAX_DAYS,
        help_text=_("Facultatif ; par demi-journées, par exemple 2,5."),
        error_messages={
            "invalid": _("Saisissez un nombre de jours, par exemple 3 ou 2,5."),
            "min_value": _("Le nombre de jours ne peut pas être négatif."),
            "max_value": _("2 000 jours au plus."),
            "max_digits": _("2 000 jours au plus."),
            "max_whole_digits": _("2 000 jours au plus."),
            "max_decimal_places": _("Comptez par demi-journées : un chiffre après la virgule."),
        },
    )


class SupportActionForm(ProvidedActionForm):
    days = days_field()

    class Meta:
        model = SupportAction
        fields = ["kind", "title", "provider", "starts_on", "ends_on", "days", "status"]
        labels = {"kind": _("Nature de l'action")}
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}
        error_messages = {
            "kind": {
                "required": _("Choisissez la nature de l'action."),
                "invalid_choice": _("Choisissez une nature d'action de la liste."),
            },
            "title": {"required": _("Donnez un intitulé à l'action.")},
            "provider": {"invalid_choice": _("Choisissez une organisation de la liste.")},
            "starts_on": DATE_ERRORS,
            "ends_on": DATE_ERRORS,
            "status": {"invalid_choice": _("Choisissez un statut de la liste.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_providers()
        self.helper = form_helper()
        self.helper.layout = Layout(
            Field("kind"),
            Field("title"),
            Field("provider"),
            DATES_ROW,
            Field("days"),
            Field("status"),
        )


class YesNoUnknownSelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.choices = [
            ("unknown", _("Pas de réponse")),
            ("true", _("Oui")),
            ("false", _("Non, pas encore")),
        ]


SATISFACTION_CHOICES = [
    ("", _("Pas de réponse")),
    (1, _("1 — Pas du tout satisfait·e")),
    (2, _("2 — Peu satisfait·e")),
    (3, _("3 — Moyennement satisfait·e")),
    (4, _("4 — Satisfait·e")),
    (5, _("5 — Très satisfait·e")),
]


def jobs_field(label, help_text=None, *, required: bool = False) -> FrenchDecimalField:
    """Jobs in full-time equivalents, as a French person types them: "2", "1,5"."""
    return FrenchDecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_value=MAX_JOBS,
        max_digits=6,
        decimal_places=1,
        help_text=help_text or _("En équivalents temps plein ; 0 si aucun."),
        error_messages={
            "required": _("Indiquez un nombre, 0 s'il n'y en a pas."),
            "invalid": _("Indiquez un nombre en chiffres, par exemple 2 ou 1,5."),
            "min_value": _("Le nombre ne peut pas être négatif."),
            "max_value": _("Indiquez un nombre d'au plus 10 000."),
            "max_digits": _("Indiquez un nombre d'au plus 10 000."),
            "max_whole_digits": _("Indiquez un nombre d'au plus 10 000."),
            "max_decimal_places": _("Un chiffre après la virgule au plus, par exemple 1,5."),
        },
    )


class FollowUpAnswersForm(forms.ModelForm):
    """The answers the team records for a follow-up, for example after a phone call."""

    ANSWER_FIELDS = (
        "jobs_created",
        "jobs_kept",
        "turnover_effect",
        "product_launched",
        "satisfaction",
        "comment",
    )

    jobs_created = jobs_field(_("Emplois créés"))
    jobs_kept = jobs_field(_("Emplois maintenus"))
    turnover_effect = forms.ChoiceField(
        label=_("Effet sur le chiffre d'affaires"),
        choices=[("", _("Pas de réponse")), *FollowUp.TurnoverEffect.choices],
        required=False,
        error_messages={"invalid_choice": _("Choisissez l'une des réponses proposées.")},
    )
    product_launched = forms.NullBooleanField(
        label=_("Produit ou procédé lancé"), widget=YesNoUnknownSelect
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction (1 à 5)"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choisissez une note de 1 à 5.")},
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Le commentaire compte %(show_value)d caractères : %(limit_value)d au plus."
            )
        },
    )

    class Meta:
        model = FollowUp
        fields = ["jobs_created", "jobs_kept", "turnover_effect", "product_launched"]
        fields += ["satisfaction", "comment"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
        self.helper.layout = Layout(
            Div(
                Div(Field("jobs_created"), css_class="col-sm-6"),
                Div(Field("jobs_kept"), css_class="col-sm-6"),
                css_class="row",
            ),
            Field("turnover_effect"),
            Field("product_launched"),
            Field("satisfaction"),
            Field("comment"),
        )

    def clean_comment(self) -> str:
        return self.cleaned_data["comment"].strip()

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if not self.errors and all(
            cleaned_data.get(name) in (None, "") for name in self.ANSWER_FIELDS
        ):
            raise forms.ValidationError(
                _("Renseignez au moins une réponse avant d'enregistrer."), code="no_answer"
            )
        return cleaned_data
