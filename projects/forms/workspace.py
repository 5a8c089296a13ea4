"""The programme manager's choice of whose portfolio to look at."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.models import STAFF_ROLES, User


def portfolio_owners() -> QuerySet:
    """The programme's team: each of them may hold projects as officer or finance officer."""
    # IN rather than a join and DISTINCT, which compared every column of every row (the team
    # view counts and pages them).
    staff = User.groups.through.objects.filter(group__name__in=STAFF_ROLES).values("user_id")
    return User.objects.filter(pk__in=staff, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


class PortfolioOwnerForm(forms.Form):
    personne = forms.ModelChoiceField(
        label=_("Portefeuille de"),
        queryset=portfolio_owners(),
        required=False,
        empty_label=None,
    )

    @classmethod
    def for_viewer(cls, data, viewer: User) -> tuple["PortfolioOwnerForm", User]:
        """The selector as shown, and whose portfolio it names: the viewer's own by default."""
        form = cls(data or None)
        if form.is_bound and form.is_valid() and form.cleaned_data["personne"]:
            return form, form.cleaned_data["personne"]
        return cls(initial={"personne": viewer.pk}), viewer
