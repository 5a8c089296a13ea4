"""The programme manager's choice of whose portfolio to look at."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.models import STAFF_ROLES, User
from pmi_aqt.accounts.search import matching_people, person_label
from pmi_aqt.forms import SearchChoiceField


def portfolio_owners() -> QuerySet:
    """The programme's team: each of them may hold projects as officer or finance officer."""
    # IN rather than a join and DISTINCT, which compared every column of every row (the team
    # view counts and pages them).
    staff = User.groups.through.objects.filter(group__name__in=STAFF_ROLES).values("user_id")
    return User.objects.filter(pk__in=staff, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


class PortfolioOwnerForm(forms.Form):
    # Typed and searched: the team is some 600 people at national scale, too many for a select.
    personne = SearchChoiceField(
        label=_("Portefeuille de"),
        queryset=portfolio_owners(),
        search=matching_people,
        label_of=person_label,
        required=False,
        help_text=_("Nom ou adresse e-mail ; vide pour le vôtre."),
    )

    def __init__(self, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personne"].widget.search_url = search_url

    @classmethod
    def for_viewer(
        cls, data, viewer: User, search_url: str = ""
    ) -> tuple["PortfolioOwnerForm", User]:
        """The selector as shown, and whose portfolio it names: the viewer's own by default; a
        name that matches nobody or several people is answered on the form, over the viewer's
        own portfolio."""
        form = cls(data or None, search_url=search_url)
        if form.is_bound and form.is_valid() and form.cleaned_data["personne"]:
            return form, form.cleaned_data["personne"]
        if form.is_bound and form.errors:
            return form, viewer
        return cls(initial={"personne": viewer.pk}, search_url=search_url), viewer
