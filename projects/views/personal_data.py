"""People's rights over their data: erasure and export of a contact, export of a company, from
the company's page; export and erasure of a user's account, from the manager's page (who may:
projects/permissions.py)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies.models import Company, Contact
from pmi_aqt.accounts.permissions import (
    can_anonymise_person,
    can_manage_programme,
    ensure,
    require,
)
from pmi_aqt.exports import export_filename
from pmi_aqt.jobs.views import background

from ..background import ACCOUNT_DATA_ZIP
from ..permissions import can_handle_personal_data
from ..services.data_export import ZIP_CONTENT_TYPE, export_zip
from ..services.personal_data import contact_anonymise, contact_delete, user_anonymise


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


@require(can_anonymise_person)
@require_POST
def user_anonymise_view(request: HttpRequest, user_pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=user_pk)
    ensure(can_anonymise_person(request.user, person))
    user_anonymise(user=person, by=request.user)
    messages.success(
        request,
        _(
            "Le compte est fermé et les données personnelles de la personne sont effacées : "
            "nom, adresse, téléphone, mentions dans les textes et e-mails reçus."
        ),
    )
    return redirect("accounts:security_policy")


# --- The right of access: a zip of everything the portal holds


def _zip_response(subject, name: str) -> HttpResponse:
    response = HttpResponse(export_zip(subject), content_type=ZIP_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(name, "zip")}"'
    return response


@require(can_handle_personal_data)
@require_GET
def company_export(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=company_pk)
    ensure(can_handle_personal_data(request.user, company))
    return _zip_response(company, f"donnees-entreprise-{company.pk}")


@require(can_handle_personal_data)
@require_GET
def contact_export(request: HttpRequest, company_pk: int, contact_pk: int) -> HttpResponse:
    contact = _contact_for(request, company_pk, contact_pk)
    return _zip_response(contact, f"donnees-contact-{contact.pk}")


@require(can_manage_programme)
@require_http_methods(["GET", "HEAD", "POST"])
def user_export(request: HttpRequest, user_pk: int) -> HttpResponse:
    """Always a background job: an officer's years of projects, exchanges and moves are tens of
    thousands of rows (seconds of work). The GET offers it, the POST starts it."""
    person = get_object_or_404(get_user_model(), pk=user_pk)
    return background(request, kind=ACCOUNT_DATA_ZIP, parameters={"person": person.pk})
