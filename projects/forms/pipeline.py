"""Forms of the project page: stage moves, diagnosis, needs and internal notes.

Validation and layout only; the stage rules live in projects/workflow.py.
"""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from companies.forms import ConstraintErrorsOnFieldsMixin
from pmi_aqt.forms import FrenchDecimalField

from ..models import InterventionAxis, Need, Project, ProjectNote, Stage, StageChange
from ..people import FINANCE_OFFICERS, OFFICERS, team_field
from .intake import AxisChoiceField

# Spaces people type or paste inside amounts: "120 000", with plain or non-breaking spaces.


def _helper() -> FormHelper:
    # The templates write the <form> tag, the CSRF token and the buttons themselves.
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class EuroAmountField(FrenchDecimalField):
    """An amount in euros as French people type it: "120 000,50" as well as "120000.50"."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        too_big = _("Le montant ne peut pas dépasser 9 999 999 999,99 €.")
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Saisissez un montant en euros, par exemple 120 000 ou 120 000,50."),
                "min_value": _("Le montant ne peut pas être négatif."),
                "max_digits": too_big,
                "max_whole_digits": too_big,
                "max_decimal_places": _("Indiquez au plus deux chiffres après la virgule."),
            },
        )
        super().__init__(**kwargs)


class MoveForm(forms.Form):
    """One stage move asked from the project page; the workflow decides whether it happens."""

    target = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=StageChange._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if comment_required:
            # Said to the browser and to screen readers; project_move() enforces it.
            self.fields["comment"].label = _("Commentaire (obligatoire : expliquez pourquoi)")
            self.fields["comment"].widget.attrs["required"] = True
        else:
            self.fields["comment"].label = _("Commentaire (facultatif)")
        self.helper = _helper()


class DiagnosisForm(ConstraintErrorsOnFieldsMixin, forms.ModelForm):
    budget = EuroAmountField(label=_("Budget total (€ HT)"), required=False)

    constraint_error_fields = {"project_ends_after_start": "ends_on"}

    class Meta:
        model = Project
        fields = [
            "axes",
            "primary_axis",
            "budget",
            "starts_on",
            "ends_on",
            "officer",
            "finance_officer",
            "task_force_request",
        ]
        # Refuses ids no database column could hold before querying (a 40-digit id was a 500).
        field_classes = {"axes": AxisChoiceField}
        labels = {"axes": _("Axes d'intervention du projet")}
        help_texts = {
            "axes": _("Cochez tous les axes concernés."),
            "primary_axis": _("Doit être l'un des axes cochés."),
            "task_force_request": _("Ce que le dossier demande à la task force."),
        }
        widgets = {
            "axes": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "task_force_request": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Typed and searched: some 500 people at national scale, too many for a select.
        for name, among in (("officer", OFFICERS), ("finance_officer", FINANCE_OFFICERS)):
            self.fields[name] = team_field(
                among,
                label=self.fields[name].label,
                required=False,
                help_text=_(
                    "Tapez quelques lettres du nom ou de l'adresse e-mail, puis choisissez ; "
                    "videz le champ pour n'attribuer personne."
                ),
            )
        self.fields["primary_axis"].empty_label = _("— à choisir —")
        self.helper = _helper()

    def clean(self) -> dict:
        cleaned_data = super().clean()
        primary = cleaned_data.get("primary_axis")
        axes = cleaned_data.get("axes")
        if primary is not None and axes is not None and primary not in axes:
            self.add_error(
                "primary_axis",
                _("L'axe principal « %(axis)s » doit faire partie des axes cochés.")
                % {"axis": primary.label},
            )
        return cleaned_data


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["axis", "title", "rationale", "priority"]
        labels = {"title": _("Besoin"), "rationale": _("Pourquoi (constat du diagnostic)")}
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = InterventionAxis.objects.all()
        self.fields["axis"].empty_label = _("— à choisir —")
        self.helper = _helper()


class NoteForm(forms.ModelForm):
    class Meta:
        model = ProjectNote
        fields = ["text"]
        labels = {"text": _("Nouvelle note interne")}
        help_texts = {"text": _("Visible de l'équipe du programme seulement.")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()
