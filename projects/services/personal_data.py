"""A person's right to erasure (a contact, or a user's account): anonymisation that keeps the
programme's statistics.

The person's own row keeps its place (the company, the projects and the figures still count
it) under a neutral name; every text that names them — exchanges, notes, decisions, emails, the
history of changes, saved intake drafts — has their name, email and phone replaced; the emails
sent to them keep their date and kind but lose their body; the documents they uploaded are
deleted from storage. A contact can then be deleted outright.

A user's account (someone of the programme's team or the task force who left) is erased the same
way from the manager's page: the projects, exchanges and reviews keep their rows, signed by a
closed, anonymous account. The documents they uploaded stay: they are the companies' files, not
theirs.
"""

import json
import re
from collections.abc import Iterable

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from companies.models import Contact
from pmi_aqt.mailing.models import OutboundEmail, Unsubscription
from pmi_aqt.search import DerivedTextField

from ..models import Document, IntakeDraft

REDACTED = "[effacé]"
# The address an anonymised contact or account is given (never deliverable: .invalid).
ANONYMISED_DOMAIN = "anonyme.invalid"
REDACTED_BODY = "[Contenu effacé à la demande de la personne (droit à l'effacement).]"


def _terms(contact: Contact) -> list[str]:
    """What names the person in a text: longest first, so a full name goes before its parts."""
    # Not a first or last name alone: "Paris" or "Martin" would be erased from every company's
    # texts. The full name, both ways round, the address and the phone number.
    terms = {
        contact.full_name,
        f"{contact.last_name} {contact.first_name}".strip(),
        contact.email,
        contact.phone,
    }
    if contact.user_id:
        terms.add(contact.user.email)
    return sorted((term for term in terms if term and len(term) >= 3), key=len, reverse=True)


def _pattern(terms: Iterable[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def _scrub(value, pattern: re.Pattern):
    """`value` with every term replaced; JSON values are walked."""
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value


def _text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.primary_key
        and not field.choices
        # Rewritten by its trigger from the texts scrubbed here (projects/search_columns.py).
        and not isinstance(field, DerivedTextField)
    ]


# Where people's words are stored: the programme's apps, the outbox and the change history.
# Not Django's own tables (content types, groups, permissions, sessions), which name no one.
SCRUBBED_APPS = {"accounts", "companies", "projects", "taskforce", "mailing", "auditlog"}


def _sql_pattern(terms: Iterable[str]) -> str:
    """One case-blind regular expression for the database: any of the terms, or their JSON-escaped
    form (stored JSON escapes non-ASCII letters). Every character that is neither a letter, a
    digit nor a space is escaped, which both PostgreSQL's and Python's engines read literally."""
    forms = {form for term in terms for form in (term, json.dumps(term)[1:-1])}
    return "|".join(re.sub(r"([^\w\s])", r"\\\1", form) for form in sorted(forms))


def _scrub_every_table(terms: list[str]) -> int:
    """Replace the terms in every text column of every model; the number of rows changed.

    One scan per column whatever the number of terms: the retention job erases hundreds of
    people at once, and reading every table once per person would take hours at scale."""
    pattern, sql_pattern = _pattern(terms), _sql_pattern(terms)
    changed = 0
    for model in apps.get_models():
        if model._meta.proxy or model._meta.app_label not in SCRUBBED_APPS:
            continue
        for field in _text_fields(model):
            if isinstance(field, models.JSONField):
                rows = model._default_manager.annotate(
                    _as_text=Cast(field.name, models.TextField())
                )
                lookup = "_as_text__iregex"
            else:
                rows, lookup = model._default_manager.all(), f"{field.name}__iregex"
            found = rows.filter(**{lookup: sql_pattern}).values_list("pk", field.name)
            for pk, value in found:
                model._default_manager.filter(pk=pk).update(**{field.name: _scrub(value, pattern)})
                changed += 1
    return changed


def contact_anonymise(*, contact: Contact, by=None) -> Contact:
    """Erase what names the contact everywhere, keep the row (and the statistics) under a
    neutral name. Recorded in the history as one entry, without the erased values."""
    return contacts_anonymise([contact.pk])[0]


@transaction.atomic
def contacts_anonymise(contact_ids: Iterable[int]) -> list[Contact]:
    """Erase several contacts at once (the retention job's batches): each one's own rows, then
    one pass over every table for all their names together."""
    # Locks the contacts alone: PostgreSQL refuses to lock the nullable side of the join.
    contacts = list(
        Contact.objects.select_related("user")
        .select_for_update(of=("self",))
        .filter(pk__in=list(contact_ids))
        .order_by("pk")
    )
    terms = sorted(
        {term for contact in contacts for term in _terms(contact)}, key=len, reverse=True
    )
    with disable_auditlog():
        for contact in contacts:
            _erase_own_rows(contact)
        if terms:
            _scrub_every_table(terms)
    for contact in contacts:
        LogEntry.objects.log_create(
            contact,
            action=LogEntry.Action.UPDATE,
            changes={"anonymisation": ["", _("données personnelles effacées")]},
            force_log=True,
            additional_data={"company": contact.company_id},
        )
    return contacts


def _erase_own_rows(contact: Contact) -> None:
    """The contact's row, account, uploads, emails, unsubscription and drafts."""
    addresses = {contact.email.lower()} | (
        {contact.user.email.lower()} if contact.user_id else set()
    )
    # Their uploads leave the storage; the project keeps nothing of them.
    for document in Document.objects.filter(uploaded_by_contact=contact):
        document.file.delete(save=False)
        document.delete()
    # Emails to them: date, kind and status stay (the programme's record), not the text.
    to_them = Q()
    for address in addresses:
        to_them |= Q(to__iexact=address)
    OutboundEmail.objects.filter(to_them).update(
        subject=REDACTED, body_text=REDACTED_BODY, body_html="", to="efface@invalid.example"
    )
    Unsubscription.objects.filter(email__in=addresses).delete()
    IntakeDraft.objects.filter(email__in=addresses).delete()
    # The person's own row and account first: unique addresses cannot all become "[effacé]".
    contact.first_name = _("Contact")
    contact.last_name = _("anonymisé n° %(id)s") % {"id": contact.pk}
    contact.email = f"contact-{contact.pk}@{ANONYMISED_DOMAIN}"
    contact.phone = ""
    contact.job_title = ""
    contact.contact_consent = False
    contact.contact_consent_at = None
    contact.save()
    if contact.user_id:
        _user_anonymise(contact.user)


def _user_terms(user) -> list[str]:
    """What names a user in a text (as `_terms` for a contact)."""
    terms = {
        f"{user.first_name} {user.last_name}".strip(),
        f"{user.last_name} {user.first_name}".strip(),
        user.email,
        user.phone,
    }
    return sorted((term for term in terms if term and len(term) >= 3), key=len, reverse=True)


@transaction.atomic
def user_anonymise(*, user, by=None):
    """Erase what names a user everywhere; the account stays, closed, under a neutral address,
    with its roles, second factor and calendar feed gone. A company contact's account goes with
    the contact (their own uploads and all). Recorded in the history as one entry."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pmi_aqt.accounts.models import CalendarFeed

    user = type(user).objects.select_for_update().get(pk=user.pk)
    terms = _user_terms(user)
    address = user.email.lower()
    contacts = list(Contact.objects.filter(user=user).values_list("pk", flat=True))
    if contacts:
        contacts_anonymise(contacts)
        user.refresh_from_db()
    with disable_auditlog():
        OutboundEmail.objects.filter(Q(to__iexact=address) | Q(recipient_user=user)).update(
            subject=REDACTED, body_text=REDACTED_BODY, body_html="", to="efface@invalid.example"
        )
        Unsubscription.objects.filter(email__iexact=address).delete()
        IntakeDraft.objects.filter(email__iexact=address).delete()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        CalendarFeed.objects.filter(user=user).delete()
        _user_anonymise(user)
        if terms:
            _scrub_every_table(terms)
    LogEntry.objects.log_create(
        user,
        action=LogEntry.Action.UPDATE,
        changes={"anonymisation": ["", _("données personnelles effacées")]},
        force_log=True,
    )
    return user


def _user_anonymise(user) -> None:
    user.email = f"compte-{user.pk}@{ANONYMISED_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    LogEntry.objects.filter(actor=user).update(actor_email=user.email)


@transaction.atomic
def contact_delete(*, contact: Contact, by=None) -> None:
    """Delete a contact: first erased everywhere, then the row itself. Their account, if they
    had one, stays anonymised and closed: the history of what it did keeps its place."""
    contact_anonymise(contact=contact, by=by).delete()
