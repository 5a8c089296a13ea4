"""A contact's right to erasure, from the company's page (who may: projects/permissions.py)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Contact
from pmi_aqt.accounts.permissions import ensure, require

from ..permissions import can_handle_personal_data
from ..services.personal_data import contact_anonymise, contact_delete


def _contact_for(request: HttpRequest, company_pk: int, contact_pk: int) -> Contact:
    contact = get_object_or_404(
        Contact.objects.select_related("company"), pk=contact_pk, company_id=company_pk
    )
    ensure(can_handle_personal_data(request.user, contact.company))
    return contact


def _contacts_url(company_pk: int) -> str:
    return f"{reverse('companies:detail', args=[company_pk])}#contacts"


@require(can_handle_personal_data)
@require_POST
def contact_anonymise_view(request: HttpRequest, company_pk: int, contact_pk: int) -> HttpResponse:
    contact = _contact_for(request, company_pk, contact_pk)
    contact_anonymise(contact=contact, by=request.user)
    messages.success(
        request,
        _(
            "Les données personnelles du contact sont effacées : nom, adresse, téléphone, "
            "mentions dans les textes, e-mails reçus et documents déposés."
        ),
    )
    return redirect(_contacts_url(company_pk))


@require(can_handle_personal_data)
@require_POST
def contact_delete_view(request: HttpRequest, company_pk: int, contact_pk: int) -> HttpResponse:
    contact = _contact_for(request, company_pk, contact_pk)
    contact_delete(contact=contact, by=request.user)
    messages.success(request, _("Le contact est supprimé, et ses données effacées partout."))
    return redirect(_contacts_url(company_pk))
