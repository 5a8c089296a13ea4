"""Collective actions: the action's form, a participant's form and the list's filters."""

from datetime import date
from decimal import Decimal

import django_filters
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.db.models import Max, Min, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from pmi_aqt.forms import FilterForm, SearchChoiceField
from pmi_aqt.search import stored_folded_contains

from ..models import (
    CollectiveAction,
    CollectiveParticipation,
    Project,
    Stage,
)
from .financing import amount_field, form_helper
from .support import DATE_ERRORS, DATE_WIDGET, DATES_ROW, ProvidedActionForm, days_field


def _euros(amount: Decimal) -> str:
    """An amount as the pages show it, for a message: 12 500,50 €."""
    return f"{number_format(amount, 2, force_grouping=True)} €"


def shares_of_others(action: CollectiveAction, participation=None) -> Decimal:
    """The cost shares of the action's participants, `participation` left out."""
    others = action.participations.all()
    if participation is not None and participation.pk:
        others = others.exclude(pk=participation.pk)
    return others.aggregate(total=Sum("cost_share"))["total"] or Decimal("0")


class CollectiveActionForm(ProvidedActionForm):
    total_cost = amount_field(
        _("Coût total (€ HT)"),
        required=False,
        help_text=_(
            "Facultatif : ce que coûte l'action, partagé entre les entreprises participantes."
        ),
    )

    class Meta:
        model = CollectiveAction
        fields = [
            "kind",
            "title",
            "description",
            "provider",
            "starts_on",
            "ends_on",
            "total_cost",
            "status",
        ]
        labels = {"kind": _("Nature de l'action")}
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "starts_on": _("Le tableau de bord compte l'action l'année où elle commence."),
        }
        error_messages = {
            "kind": {
                "required": _("Choisissez la nature de l'action."),
                "invalid_choice": _("Choisissez une nature d'action de la liste."),
            },
            "title": {
                "required": _("Donnez un intitulé à l'action."),
                "max_length": _(
                    "L'intitulé compte %(show_value)d caractères : %(limit_value)d au plus."
                ),
            },
            "description": {
                "max_length": _(
                    "La description compte %(show_value)d caractères : %(limit_value)d au plus."
                )
            },
            "provider": {"invalid_choice": _("Choisissez une organisation de la liste.")},
            "starts_on": {**DATE_ERRORS, "required": _("Indiquez la date de début.")},
            "ends_on": DATE_ERRORS,
            "status": {
                "required": _("Choisissez un statut."),
                "invalid_choice": _("Choisissez un statut de la liste."),
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_providers()
        self.helper = form_helper()
        self.helper.layout = Layout(
            Field("kind"),
            Field("title"),
            Field("description"),
            Field("provider"),
            DATES_ROW,
            Field("total_cost"),
            Field("status"),
        )

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()

    def clean(self) -> dict:
        cleaned_data = super().clean()
        total_cost = cleaned_data.get("total_cost")
        if total_cost is not None and self.instance.pk:
            shared = shares_of_others(self.instance)
            if shared > total_cost:
                self.add_error(
                    "total_cost",
                    _(
                        "Les parts des entreprises participantes font déjà %(shared)s : le coût "
                        "total ne peut pas être moindre."
                    )
                    % {"shared": _euros(shared)},
                )
        return cleaned_data


def participant_label(project: Project) -> str:
    return f"{project.company.name} — {project.title} ({project.get_stage_display()})"


def matching_participants(projects: QuerySet, text: str) -> QuerySet:
    """Candidates whose company's name, title or description holds every word typed, accents
    and case ignored (the projects' stored search text and its trigram index)."""
    for word in text.split():
        projects = projects.filter(stored_folded_contains("search_text", word))
    return projects


def participant_candidates() -> QuerySet:
    """The projects a company may take part through: those granted a support plan (approved by
    the task force, in support or about to be), whose plan the action joins."""
    return (
        Project.objects.filter(stage__in=[Stage.DECIDED, Stage.IN_SUPPORT])
        .approved()
        .select_related("company")
        .only("id", "title", "stage", "company_id", "company__name")
        .order_by("company__name", "title", "id")
    )


class CollectiveParticipationForm(forms.ModelForm):
    """A participant: which company, through which of its projects (when added), its days and
    its share of the cost."""

    # Typed and searched: tens of thousands of projects may be granted at national scale (one
    # select of them all was 6.8 MB and 7 s).
    project = SearchChoiceField(
        label=_("Entreprise et projet"),
        queryset=Project.objects.none(),
        search=matching_participants,
        label_of=participant_label,
        help_text=_(
            "Tapez quelques lettres de l'entreprise ou du projet, ou le numéro du projet, puis "
            "choisissez parmi les suggestions : les projets accordés par la task force, en "
            "accompagnement ou sur le point de l'être. Une entreprise ne participe qu'une fois "
            "à une action."
        ),
        error_messages={
            "required": _("Choisissez l'entreprise participante et son projet."),
            "invalid_choice": _("Choisissez un projet accordé parmi les suggestions."),
        },
    )
    days = days_field(_("Jours d'intervention pour cette entreprise"))
    cost_share = amount_field(
        _("Part du coût (€ HT)"),
        required=False,
        help_text=_("Facultatif : la part du coût de l'action pour l'entreprise."),
    )

    class Meta:
        model = CollectiveParticipation
        fields = ["project", "days", "cost_share"]

    def __init__(self, *args, action: CollectiveAction, search_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        if self.instance.pk:
            del self.fields["project"]  # A participant changes its days and share only.
        else:
            self.fields["project"].queryset = participant_candidates()
            self.fields["project"].widget.search_url = search_url
        self.helper = form_helper()
        self.helper.layout = Layout(
            *([Field("project")] if "project" in self.fields else []),
            Div(
                Div(Field("days"), css_class="col-sm-6"),
                Div(Field("cost_share"), css_class="col-sm-6"),
                css_class="row",
            ),
        )

    def clean_project(self) -> Project:
        project = self.cleaned_data["project"]
        taken = (
            self.action.participations.filter(company_id=project.company_id)
            .select_related("project")
            .first()
        )
        if taken is not None:
            raise forms.ValidationError(
                _(
                    "« %(company)s » participe déjà à cette action (projet « %(project)s ») : "
                    "une entreprise ne s'inscrit qu'une fois."
                )
                % {"company": project.company.name, "project": taken.project.title},
                code="duplicate",
            )
        return project

    def clean(self) -> dict:
        cleaned_data = super().clean()
        share = cleaned_data.get("cost_share")
        total_cost = self.action.total_cost
        if share is not None and total_cost is not None:
            shared = shares_of_others(self.action, self.instance)
            if shared + share > total_cost:
                self.add_error(
                    "cost_share",
                    _(
                        "Avec les parts des autres participants (%(shared)s), on dépasserait le "
                        "coût total de l'action (%(total)s)."
                    )
                    % {"shared": _euros(shared), "total": _euros(total_cost)},
                )
        return cleaned_data


def action_years() -> list[tuple[str, str]]:
    """The years from the first collective action to the last, most recent first (one query)."""
    bounds = CollectiveAction.objects.aggregate(first=Min("starts_on"), last=Max("starts_on"))
    if bounds["first"] is None:
        return []
    return [
        (str(year), str(year)) for year in range(bounds["last"].year, bounds["first"].year - 1, -1)
    ]


class CollectiveActionFilter(django_filters.FilterSet):
    annee = django_filters.ChoiceFilter(
        label=_("Année de début"),
        choices=[],  # action_years(), read once per list in __init__
        method="filter_year",
        empty_label=_("Toutes les années"),
    )
    nature = django_filters.ChoiceFilter(
        field_name="kind",
        label=_("Nature"),
        choices=CollectiveAction.Kind.choices,
        empty_label=_("Toutes les natures"),
    )
    statut = django_filters.ChoiceFilter(
        field_name="status",
        label=_("Statut"),
        choices=CollectiveAction.Status.choices,
        empty_label=_("Tous les statuts"),
    )

    class Meta:
        model = CollectiveAction
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["annee"].extra["choices"] = action_years()

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        year = int(value)
        return queryset.filter(starts_on__gte=date(year, 1, 1), starts_on__lt=date(year + 1, 1, 1))
