"""Opening a project for a company met while prospecting: validation and layout only (the
opening itself is projects.services.prospecting.project_open)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import InterventionAxis, Project, StageChange
from ..people import OFFICERS, team_field
from .intake import AxisChoiceField


class ProjectOpenForm(forms.Form):
    title = forms.CharField(
        label=_("Titre du projet"),
        max_length=Project._meta.get_field("title").max_length,
        error_messages={"required": _("Donnez un titre au projet.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=Project._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce que l'entreprise veut faire, tel que vous l'avez compris avec elle."),
        error_messages={"required": _("Décrivez le projet en quelques lignes.")},
    )
    axes = AxisChoiceField(
        label=_("Axes d'intervention du projet"),
        queryset=InterventionAxis.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez tous les axes concernés."),
        error_messages={
            "required": _("Cochez au moins un axe d'intervention."),
            "invalid_choice": _("Choisissez des axes de la liste."),
            "invalid_pk_value": _("Choisissez des axes de la liste."),
        },
    )
    primary_axis = forms.ModelChoiceField(
        label=_("Axe principal"),
        queryset=InterventionAxis.objects.all(),
        required=False,
        empty_label=_("— l'axe coché, s'il n'y en a qu'un —"),
        help_text=_("L'un des axes cochés ; facultatif si un seul axe est coché."),
        error_messages={"invalid_choice": _("Choisissez un axe de la liste.")},
    )
    # Typed and searched: some 500 people at national scale, too many for a select.
    officer = team_field(
        OFFICERS,
        label=_("Chargé·e de mission"),
        help_text=_(
            "Qui suivra le projet ; vous-même par défaut. Pour un ou une collègue, tapez quelques "
            "lettres de son nom, puis choisissez."
        ),
        error_messages={
            "required": _("Choisissez le ou la chargé·e de mission du projet."),
            "invalid_choice": _("Choisissez une personne de la liste."),
        },
    )
    comment = forms.CharField(
        label=_("Contexte de la prospection (facultatif)"),
        required=False,
        # Appended to the opening's own sentence in the stage history.
        max_length=StageChange._meta.get_field("comment").max_length - 300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : rencontrée au salon de l'industrie, visite du 12 mars."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # The template writes the <form> tag, the CSRF token and the buttons itself.
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict:
        cleaned_data = super().clean()
        axes = cleaned_data.get("axes")
        primary = cleaned_data.get("primary_axis")
        if not axes or "primary_axis" in self.errors:
            return cleaned_data
        if primary is None:
            if len(axes) == 1:
                cleaned_data["primary_axis"] = axes[0]
            else:
                self.add_error(
                    "primary_axis", _("Choisissez l'axe principal parmi les axes cochés.")
                )
        elif primary not in axes:
            self.add_error(
                "primary_axis",
                _("L'axe principal « %(axis)s » doit faire partie des axes cochés.")
                % {"axis": primary.label},
            )
        return cleaned_data
