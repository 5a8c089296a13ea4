from auditlog.registry import auditlog
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.models import TWO_FACTOR_ROLES
from pmi_aqt.accounts.search import matching_people, person_label
from pmi_aqt.forms import SearchChoiceField


def _object_type_choices() -> list[tuple[str, str]]:
    models = sorted(auditlog.get_models(), key=lambda model: str(model._meta.verbose_name))
    types = ContentType.objects.get_for_models(*models)
    return [("", _("Tous"))] + [
        (str(types[model].pk), str(model._meta.verbose_name).capitalize()) for model in models
    ]


class AuditFilterForm(forms.Form):
    """The audit page's filters; all optional."""

    # Typed and searched: some 1,600 people change things at national scale (the team and the
    # task force), too many for a select.
    person = SearchChoiceField(
        label=_("Auteur"),
        queryset=get_user_model().objects.none(),
        search=matching_people,
        label_of=person_label,
        required=False,
        help_text=_("Nom ou adresse e-mail ; vide pour tout le monde."),
    )
    object_type = forms.TypedChoiceField(
        label=_("Type d'objet"), required=False, coerce=int, empty_value=None
    )
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people_search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The people who change things: the programme's team and the task force.
        self.fields["person"].queryset = get_user_model().objects.filter(
            pk__in=get_user_model().objects.filter(groups__name__in=TWO_FACTOR_ROLES).values("pk")
        )
        self.fields["person"].widget.search_url = people_search_url
        self.fields["object_type"].choices = _object_type_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("La date de fin doit suivre la date de début."))
        return cleaned
