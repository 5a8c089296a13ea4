"""The follow-up survey a company answers through its secure link: validation and layout only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from pmi_aqt.forms import FrenchDecimalField

from ..models import FollowUp
from .intake import ErrorLink
from .support import jobs_field

# No SME of the programme comes near this; a bigger number is a typing slip.

SATISFACTION_CHOICES = [
    (1, _("1 — Pas du tout satisfait·e")),
    (2, _("2 — Peu satisfait·e")),
    (3, _("3 — Moyennement satisfait·e")),
    (4, _("4 — Satisfait·e")),
    (5, _("5 — Très satisfait·e")),
]
PRODUCT_CHOICES = [("oui", _("Oui")), ("non", _("Non, pas encore"))]

# Shorter names for the error summary, where the label is a whole question.
SUMMARY_LABELS = {
    "jobs_created": _("Emplois créés"),
    "jobs_kept": _("Emplois maintenus"),
    "turnover_effect": _("Chiffre d'affaires"),
    "product_launched": _("Produit ou procédé lancé"),
    "satisfaction": _("Satisfaction"),
    "comment": _("Commentaire"),
}


def _jobs_field(label, help_text) -> FrenchDecimalField:
    # A text input (not type=number), so whatever was typed comes back with its message.
    return jobs_field(label, help_text, required=True)


class FollowUpSurveyForm(forms.Form):
    """What the programme asks a company 3, 6 and 12 months after its support started."""

    jobs_created = _jobs_field(
        _("Combien d'emplois le projet a-t-il permis de créer ?"),
        _("En équivalents temps plein, depuis le début de l'accompagnement ; 0 si aucun."),
    )
    jobs_kept = _jobs_field(
        _("Combien d'emplois le projet a-t-il permis de maintenir ?"),
        _("Les emplois existants que le projet a aidé à conserver ; 0 si aucun."),
    )
    turnover_effect = forms.ChoiceField(
        label=_("Quel effet le projet a-t-il eu sur votre chiffre d'affaires ?"),
        choices=FollowUp.TurnoverEffect.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez l'effet sur le chiffre d'affaires."),
            "invalid_choice": _("Choisissez l'une des réponses proposées."),
        },
    )
    product_launched = forms.TypedChoiceField(
        label=_("Avez-vous lancé un nouveau produit ou un nouveau procédé grâce au projet ?"),
        choices=PRODUCT_CHOICES,
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Répondez par oui ou par non."),
            "invalid_choice": _("Répondez par oui ou par non."),
        },
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Dans l'ensemble, êtes-vous satisfait·e de l'accompagnement du programme ?"),
        help_text=_("De 1 (pas du tout satisfait·e) à 5 (très satisfait·e)."),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez une note de 1 à 5."),
            "invalid_choice": _("Choisissez une note de 1 à 5."),
        },
    )
    comment = forms.CharField(
        label=_("Voulez-vous ajouter quelque chose ?"),
        help_text=_("Facultatif : ce qui a bien marché, ce qui pourrait être amélioré."),
        required=False,
        max_length=5000,
        error_messages={
            "max_length": _(
                "Votre commentaire compte %(show_value)d caractères : "
                "%(limit_value)d au plus, merci de le raccourcir."
            ),
            "null_characters_not_allowed": _(
                "Le commentaire contient un caractère invisible non autorisé : "
                "retapez-le ou collez-le sans mise en forme."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
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

    def error_links(self) -> list[ErrorLink]:
        """The errors in page order, each pointing at its field, for the summary at the top."""
        links = [ErrorLink("questionnaire", "", str(e)) for e in self.non_field_errors()]
        for name in self.fields:
            if name not in self.errors:
                continue
            bound = self[name]
            anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.id_for_label
            links.extend(
                ErrorLink(anchor, str(SUMMARY_LABELS[name]), str(error)) for error in bound.errors
            )
        return links

    def answers(self) -> dict:
        """The cleaned values, named as `follow_up_answer` stores them."""
        data = self.cleaned_data
        return {
            "jobs_created": data["jobs_created"],
            "jobs_kept": data["jobs_kept"],
            "turnover_effect": data["turnover_effect"],
            "product_launched": data["product_launched"],
            "satisfaction": data["satisfaction"],
            "comment": data["comment"].strip(),
        }
