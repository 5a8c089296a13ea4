"""Choosing a person of the programme's team by typing: some 500 officers and managers at
national scale, never one select of them all.

Each field choosing a team member is built by `team_field(among)`: `among` names the people it
accepts (`TEAM_SETS`) and the search endpoint's address (projects:team_people), which answers
with the same field's suggestions. The project lists' officer filter also accepts `aucun`,
the projects without an officer (the address the dashboard and the portfolio link to).
"""

from django import forms
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.models import Role, User
from pmi_aqt.accounts.search import matching_people, person_label
from pmi_aqt.forms import SEARCH_RESULTS, SearchChoiceField

from .permissions import project_runners

# The distinct officers of all projects, found by walking the index on `officer_id` from one
# value to the next (a loose index scan: one probe per officer) instead of reading every
# project. Portable: a recursive CTE and MIN(), which PostgreSQL and SQLite answer from the index.
_OFFICERS_HOLDING_PROJECTS = """
    WITH RECURSIVE holders(officer_id) AS (
        SELECT MIN(officer_id) FROM projects_project
        UNION ALL
        SELECT (
            SELECT MIN(p.officer_id) FROM projects_project p
            WHERE p.officer_id > holders.officer_id
        )
        FROM holders WHERE holders.officer_id IS NOT NULL
    )
    SELECT officer_id FROM holders WHERE officer_id IS NOT NULL
"""

_BY_NAME = ("last_name", "first_name", "email")


def officer_choices() -> QuerySet:
    """People who may be in charge of a project, and anyone who already is (the lists' filter
    finds the projects of someone who left the team)."""
    in_role = project_runners().values("pk")
    return User.objects.filter(
        Q(pk__in=in_role) | Q(pk__in=RawSQL(_OFFICERS_HOLDING_PROJECTS, ()))  # noqa: S611 (constant SQL)
    ).order_by(*_BY_NAME)


def finance_officer_choices() -> QuerySet:
    """Who may be a project's finance officer: finance officers and the manager."""
    return User.objects.with_any_role({Role.FINANCE_OFFICER, Role.MANAGER}).order_by(*_BY_NAME)


# The value of the lists' filter for the projects no officer holds, and how the field writes it.
NO_OFFICER = "aucun"
NO_OFFICER_TEXT = _("aucun — Sans chargé·e de mission")


# Longer than any name and email together: a longer text is refused before any search (SQLite
# refuses a LIKE pattern of some 50,000 characters).
TYPED_MAX_LENGTH = 300


class TeamMemberField(SearchChoiceField):
    """A person of the team, typed: a text longer than a name and an email is refused."""

    def widget_attrs(self, widget) -> dict:
        return {**super().widget_attrs(widget), "maxlength": str(TYPED_MAX_LENGTH)}

    def to_python(self, value):
        if len(str(value or "")) > TYPED_MAX_LENGTH:
            raise forms.ValidationError(
                _("Tapez au plus %(max)s caractères : un nom ou une adresse e-mail.")
                % {"max": TYPED_MAX_LENGTH},
                code="max_length",
            )
        return super().to_python(value)


class OfficerFilterField(TeamMemberField):
    """A person of `officer_choices()`, or `aucun`: the projects without an officer."""

    def prepare_value(self, value):
        if value == NO_OFFICER:
            return str(NO_OFFICER_TEXT)
        return super().prepare_value(value)

    def to_python(self, value):
        text = (value or "").strip()
        if text.split("—")[0].strip().casefold() == NO_OFFICER:
            return NO_OFFICER
        return super().to_python(value)

    def suggestions(self, text: str) -> list[str]:
        """The people found, after `aucun` when the words typed begin it or "sans"."""
        found = super().suggestions(text)
        typed = (text or "").strip().casefold()
        if len(typed) >= 2 and (NO_OFFICER.startswith(typed) or "sans".startswith(typed)):
            return [str(NO_OFFICER_TEXT), *found][:SEARCH_RESULTS]
        return found


# What each field accepts, named as in the search endpoint's address.
OFFICERS = "charges"
FINANCE_OFFICERS = "financement"
OFFICER_FILTER = "filtre"
TEAM_SETS = {
    # Who may hold a project, chair a session or present a dossier.
    OFFICERS: lambda: project_runners().order_by(*_BY_NAME),
    FINANCE_OFFICERS: finance_officer_choices,
    OFFICER_FILTER: officer_choices,
}


def team_field(among: str, **kwargs) -> SearchChoiceField:
    """A field choosing one person of `TEAM_SETS[among]` by typing (name, email or number),
    its suggestions asked of the team's search endpoint."""
    field_class = OfficerFilterField if among == OFFICER_FILTER else TeamMemberField
    kwargs.setdefault(
        "help_text", _("Tapez quelques lettres du nom ou de l'adresse e-mail, puis choisissez.")
    )
    field = field_class(
        queryset=TEAM_SETS[among](), search=matching_people, label_of=person_label, **kwargs
    )
    field.widget.search_url = reverse_lazy("projects:team_people", args=[among])
    return field
