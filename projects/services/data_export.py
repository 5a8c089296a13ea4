"""The right of access: everything the portal holds about a contact, a user or a company, as a
zip of a readable HTML summary and machine-readable JSON.

The rows are found through the schema itself — every model with a foreign key to the person or
the company, and, for a company, every model with a foreign key to one of its projects — so a
model added later is exported without anyone remembering to list it. Secrets (password hashes,
second-factor keys and codes) are left out.
"""

import io
import json
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from companies.models import Company, Contact
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.search import DerivedTextField

from ..models import Project

SECRET_FIELDS = {"password", "key", "token", "bin_key", "session_data"}
ZIP_CONTENT_TYPE = "application/zip"


def account_export_name(person) -> str:
    """The start of the file's name for a person's account data (the date follows)."""
    return f"donnees-compte-{person.pk}"


@dataclass
class ExportSection:
    label: str
    model_label: str
    rows: list[dict] = field(default_factory=list)


def _row(obj: models.Model) -> dict:
    values = {"id": obj.pk, "label": str(obj)}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in SECRET_FIELDS or model_field.primary_key:
            continue
        if isinstance(model_field, DerivedTextField):  # a copy of texts already exported
            continue
        value = model_field.value_from_object(obj)
        if isinstance(value, models.Model):
            value = value.pk
        if hasattr(value, "name") and isinstance(model_field, models.FileField):
            value = value.name
        values[model_field.name] = value
    return values


def _pointing_at(target: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every foreign key or one-to-one field to `target`."""
    found = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if (model_field.many_to_one or model_field.one_to_one) and issubclass(
                target, model_field.related_model
            ):
                found.append((model, model_field.name))
    return found


def _collect(sections: dict, model, queryset) -> None:
    key = model._meta.label
    section = sections.setdefault(
        key, ExportSection(str(model._meta.verbose_name_plural).capitalize(), key)
    )
    known = {row["id"] for row in section.rows}
    section.rows += [_row(obj) for obj in queryset if obj.pk not in known]


def _foreign_keys(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]


def _with_relations(queryset: models.QuerySet) -> models.QuerySet:
    """The rows with the rows they point at, and those rows' own, read in the same query: a
    row's label (its `__str__`) names them — a stage change names its project, which names its
    company — and reading them row by row would cost a query each."""
    names = []
    for model_field in _foreign_keys(queryset.model):
        names.append(model_field.name)
        names += [
            f"{model_field.name}__{further.name}"
            for further in _foreign_keys(model_field.related_model)
            if further.related_model is not queryset.model
        ]
    return queryset.select_related(*names).order_by("pk")


def _related_rows(sections: dict, target: type[models.Model], ids: list) -> None:
    """Every row pointing at one of `ids` (rows of `target`): one query per kind of row, however
    many the targets (a company's projects, its contacts)."""
    if not ids:
        return
    for model, name in _pointing_at(target):
        rows = model._default_manager.filter(**{f"{name}__in": ids})
        _collect(sections, model, _with_relations(rows))


def export_sections(subject: models.Model) -> list[ExportSection]:
    sections: dict[str, ExportSection] = {}
    _collect(sections, type(subject), [subject])
    _related_rows(sections, type(subject), [subject.pk])
    if isinstance(subject, Company):
        projects = list(Project.objects.filter(company=subject).values_list("pk", flat=True))
        _related_rows(sections, Project, projects)
        contacts = list(Contact.objects.filter(company=subject).values_list("pk", flat=True))
        _related_rows(sections, Contact, contacts)
    if isinstance(subject, Contact):
        # The emails written to them (addressed by email, not by a key).
        _collect(sections, OutboundEmail, OutboundEmail.objects.filter(to__iexact=subject.email))
    return [section for section in sections.values() if section.rows]


def export_zip(subject: models.Model) -> bytes:
    """The zip: donnees.json (every row, every field) and resume.html (the same, to read)."""
    sections = export_sections(subject)
    now = timezone.now()
    data = {
        "objet": str(subject),
        "exporté_le": now,
        "données": {section.model_label: section.rows for section in sections},
    }
    summary = render_to_string(
        "projects/personal_data/export_summary.html",
        {"subject": subject, "sections": sections, "exported_at": now},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "donnees.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        archive.writestr("resume.html", summary)
    return buffer.getvalue()
