"""The financing plan's line form and the amount field the apps share."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pmi_aqt.forms import FrenchDecimalField, SearchChoiceField

from ..filters import matching_schemes, scheme_label
from ..models import FinancingLine, SupportScheme


def amount_field(label, *, required: bool = True, help_text: str = "") -> FrenchDecimalField:
    return FrenchDecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=help_text,
        error_messages={
            "invalid": _("Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
            "min_value": _("Le montant ne peut pas être négatif."),
            "max_digits": _("Ce montant est trop grand (10 chiffres au plus avant la virgule)."),
            "max_whole_digits": _(
                "Ce montant est trop grand (10 chiffres au plus avant la virgule)."
            ),
            "max_decimal_places": _("Le montant a au plus 2 chiffres après la virgule."),
            "required": _("Indiquez le montant demandé."),
        },
    )


def form_helper() -> FormHelper:
    # The templates write the <form> tag, the CSRF token and the buttons themselves.
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class FinancingLineForm(forms.ModelForm):
    # Typed and searched: the directory holds thousands of schemes (never one select of all).
    scheme = SearchChoiceField(
        label=_("Dispositif"),
        queryset=SupportScheme.objects.none(),
        search=matching_schemes,
        label_of=scheme_label,
        required=False,
        help_text=_(
            "Tapez quelques lettres du dispositif ou du financeur et choisissez parmi les "
            "suggestions, ou laissez vide et indiquez la source."
        ),
        error_messages={"invalid_choice": _("Choisissez un dispositif de l'annuaire.")},
    )
    source_label = forms.CharField(
        label=_("Autre source"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : banque de l'entreprise, business angels, fonds propres."),
    )
    amount_asked = amount_field(
        _("Montant demandé (€)"), help_text=_("En euros ; « 12 500,50 » ou « 12500.50 ».")
    )
    amount_granted = amount_field(
        _("Montant accordé (€)"),
        required=False,
        help_text=_("Facultatif : ce que le financeur a décidé d'accorder."),
    )
    amount_obtained = amount_field(
        _("Montant obtenu (€)"),
        required=False,
        help_text=_("Facultatif : à remplir quand la réponse est connue."),
    )

    class Meta:
        model = FinancingLine
        fields = [
            "scheme",
            "source_label",
            "kind",
            "amount_asked",
            "amount_granted",
            "amount_obtained",
            "status",
            "deadline_on",
            "committee_on",
        ]
        labels = {
            "deadline_on": _("Date limite de dépôt"),
            "committee_on": _("Date du comité du financeur"),
        }
        help_texts = {
            "deadline_on": _("Facultatif : date à laquelle la demande doit être déposée."),
            "committee_on": _("Facultatif : date du comité qui examinera la demande."),
        }
        widgets = {
            "deadline_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "committee_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "kind": {"invalid_choice": _("Choisissez une nature de financement de la liste.")},
            "status": {"invalid_choice": _("Choisissez un statut de la liste.")},
            "deadline_on": {"invalid": _("Saisissez une date valide, par exemple 15/03/2026.")},
            "committee_on": {"invalid": _("Saisissez une date valide, par exemple 15/03/2026.")},
        }

    def __init__(self, *args, search_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].widget.search_url = search_url
        if self.instance.scheme_id:
            self.initial["scheme"] = self.instance.scheme  # written without a query when loaded
        # Active schemes, plus the one already chosen even if it has since been retired.
        current = Q(pk=self.instance.scheme_id) if self.instance.scheme_id else Q(pk__in=[])
        self.fields["scheme"].queryset = SupportScheme.objects.filter(
            Q(is_active=True) | current
        ).select_related("organisation")
        self.fields["kind"].error_messages["required"] = _("Choisissez la nature du financement.")
        self.helper = form_helper()
        self.helper.layout = Layout(
            Field("scheme"),
            Field("source_label"),
            Field("kind"),
            Div(
                Div(Field("amount_asked"), css_class="col-sm-4"),
                Div(Field("amount_granted"), css_class="col-sm-4"),
                Div(Field("amount_obtained"), css_class="col-sm-4"),
                css_class="row",
            ),
            Field("status"),
            Div(
                Div(Field("deadline_on"), css_class="col-sm-6"),
                Div(Field("committee_on"), css_class="col-sm-6"),
                css_class="row",
            ),
        )

    def clean_source_label(self) -> str:
        return " ".join(self.cleaned_data["source_label"].split())

    def clean(self) -> dict:
        cleaned_data = super().clean()
        scheme = cleaned_data.get("scheme")
        label = cleaned_data.get("source_label")
        if "scheme" in self.errors:
            return cleaned_data
        if not scheme and not label:
            self.add_error(
                "source_label",
                _("Choisissez un dispositif dans la liste ou indiquez la source du financement."),
            )
        elif scheme and label:
            self.add_error(
                "source_label",
                _("Choisissez un dispositif ou indiquez une autre source, pas les deux."),
            )
        return cleaned_data

    def validate_constraints(self) -> None:
        # The form has already said, beside the fields, what these constraints check.
        if not self.errors:
            super().validate_constraints()
