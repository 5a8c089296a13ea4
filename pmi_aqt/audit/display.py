"""History entries as people read them: who, when, what, and « champ : avant → après »."""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from dateutil import parser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY = "—"
ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("Création"),
    LogEntry.Action.UPDATE: gettext_lazy("Modification"),
    LogEntry.Action.DELETE: gettext_lazy("Suppression"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRecord:
    pk: int
    at: datetime.datetime
    author: str
    action: str
    object_type: str
    object_label: str
    changes: list[FieldChange]


def with_display_facts(entries: QuerySet) -> QuerySet:
    """What `audit_record` reads, in the same query."""
    return entries.select_related("content_type", "actor")


def _value(field, raw, labels: dict[str, str]) -> str:
    if raw in (None, "None", ""):
        return EMPTY
    if field is None:
        return str(raw)
    if field.many_to_one or field.one_to_one:
        return labels.get(str(raw), _("n° %(id)s (supprimé)") % {"id": raw})
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return _("oui") if str(raw) == "True" else _("non")
    if kind in ("DateField", "DateTimeField"):
        try:
            moment = parser.parse(str(raw))
        except (ValueError, OverflowError):
            return str(raw)
        if kind == "DateField":
            return formats.date_format(moment.date(), "d/m/Y")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return formats.date_format(timezone.localtime(moment), "d/m/Y H:i")
    return str(raw)


def _changes(entry: LogEntry, model) -> list[FieldChange]:
    labels = (entry.additional_data or {}).get("labels", {})
    result = []
    for name, values in (entry.changes_dict or {}).items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is not None and (field.auto_created and not field.concrete or field.primary_key):
            continue  # the id, and rows pointing to this one, which a creation lists empty
        title = str(getattr(field, "verbose_name", name))
        if field is not None and not field.concrete:
            field = None  # many-to-many: its values are labels already
        if isinstance(values, dict) and values.get("type") == "m2m":
            objects = ", ".join(values.get("objects", [])) or EMPTY
            if values.get("operation") == "delete":
                result.append(FieldChange(title, objects, EMPTY))
            else:
                result.append(FieldChange(title, EMPTY, objects))
            continue
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        field_labels = labels.get(name, {})
        result.append(
            FieldChange(
                title,
                _value(field, values[0], field_labels),
                _value(field, values[1], field_labels),
            )
        )
    return result


def audit_record(entry: LogEntry) -> AuditRecord:
    model = entry.content_type.model_class()
    if entry.actor_id:
        author = str(entry.actor)
    elif entry.actor_email:
        author = entry.actor_email  # an account deleted since
    else:
        author = _("système")
    return AuditRecord(
        pk=entry.pk,
        at=entry.timestamp,
        author=author,
        action=str(ACTIONS.get(entry.action, _("Modification"))),
        object_type=str(model._meta.verbose_name) if model else entry.content_type.model,
        object_label=entry.object_repr,
        changes=_changes(entry, model),
    )


def entries_for_project(project_id: int, limit: int) -> list[AuditRecord]:
    """The history of a project and of every row that belongs to it, newest first, one query."""
    entries = with_display_facts(
        LogEntry.objects.filter(additional_data__project=project_id).order_by("-timestamp", "-id")
    )[:limit]
    return [audit_record(entry) for entry in entries]


def entries_for_company(company_id: int, limit: int) -> list[AuditRecord]:
    """The history of a company's own record, its contacts and exchanges (not its projects')."""
    entries = with_display_facts(
        LogEntry.objects.filter(additional_data__company=company_id)
        .exclude(additional_data__has_key="project")
        .order_by("-timestamp", "-id")
    )[:limit]
    return [audit_record(entry) for entry in entries]


def entries_for_scope(model, pk: int, scope: str, limit: int) -> list[AuditRecord]:
    """The history of a row of `model` and of the rows scoped to it (`additional_data[scope]`),
    newest first, one query (two the first time a content type is read). Entries written
    before the row had a scope are found by the row itself."""
    own = Q(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk))
    entries = with_display_facts(
        LogEntry.objects.filter(own | Q(**{f"additional_data__{scope}": pk})).order_by(
            "-timestamp", "-id"
        )
    )[:limit]
    return [audit_record(entry) for entry in entries]
