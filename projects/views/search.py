"""The portal's search results, from the header's search box (projects/search.py)."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.permissions import require
from pmi_aqt.search import MIN_LENGTH

from ..permissions import can_search_portal
from ..search import search_portal


class PortalSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher dans le portail"),
        min_length=MIN_LENGTH,
        max_length=100,
        strip=True,
        help_text=_(
            "Entreprises, contacts, projets et annuaire ; accents et majuscules indifférents."
        ),
        error_messages={
            "required": _("Saisissez ce que vous cherchez."),
            "min_length": _("Saisissez au moins %(limit_value)d caractères."),
            "max_length": _("Saisissez au plus %(limit_value)d caractères."),
        },
    )


@require(can_search_portal)
def portal_search(request: HttpRequest) -> HttpResponse:
    form = PortalSearchForm(request.GET if "q" in request.GET else None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    groups = search_portal(request.user, text) if text else []
    context = {
        "form": form,
        "groups": groups,
        "text": text,
        "found": sum(group.count for group in groups),
    }
    return render(request, "projects/search.html", context)
