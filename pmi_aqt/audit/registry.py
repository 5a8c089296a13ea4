"""Which models keep a history, and what each history entry records besides the diff.

django-auditlog writes one LogEntry per create, update and delete of a registered model (one
table for every model, the diff as JSON, the author taken from the request by its middleware;
empty for Celery jobs and commands, shown as « système »). We add two things, in
`additional_data`, once, when the entry is written:

- the scope: the project and/or the company the row belongs to, so that a timeline finds the
  entries of a project and of all its children — deleted ones included — in one query;
- the labels of the related rows a diff names (a foreign key is stored as an id), so that
  reading a page of entries never goes back to the database row by row.
"""

from collections.abc import Callable, Iterable

from auditlog.context import auditlog_disabled
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.signals import m2m_changed

from pmi_aqt.search import DerivedTextField

Scope = Callable[[models.Model], dict[str, int]]

_scopes: dict[type[models.Model], Scope] = {}


def audit(
    model: type[models.Model],
    *,
    scope: Scope | None = None,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    m2m: Iterable[str] = (),
) -> None:
    """Keep the history of `model`; `scope(row)` says which project/company it belongs to."""
    # Timestamps the database sets itself, and texts it derives from other columns, say
    # nothing a history entry does not already say.
    automatic = [
        field.name
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or isinstance(field, DerivedTextField)
    ]
    auditlog.register(
        model,
        include_fields=list(include) if include is not None else None,
        exclude_fields=[*exclude, *automatic],
        m2m_fields=set(m2m),
    )
    if scope is not None:
        _scopes[model] = scope
        # auditlog sends no post_log for a many-to-many change: its entry gets its scope here
        # (connected after auditlog's own receiver, so run after it has written the entry).
        for name in m2m:
            m2m_changed.connect(
                _scope_m2m_entry,
                sender=model._meta.get_field(name).remote_field.through,
                dispatch_uid=f"audit:m2m-scope:{model._meta.label}.{name}",
            )


def scope_project(row) -> dict[str, int]:
    """For rows that belong to a project (its needs, financing, documents...)."""
    return {"project": row.project_id} if row.project_id else {}


def scope_company(row) -> dict[str, int]:
    """For rows that belong to a company (its contacts, its exchanges)."""
    return {"company": row.company_id} if row.company_id else {}


def _related_labels(model: type[models.Model], changes: dict) -> dict[str, dict[str, str]]:
    """{field: {id: label}} for each foreign key the diff names; one query per such field."""
    labels = {}
    for name, values in (changes or {}).items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.many_to_one or field.one_to_one) or not isinstance(values, list | tuple):
            continue
        ids = {value for value in values if value not in (None, "None", "")}
        if not ids:
            continue
        related = field.related_model._default_manager.in_bulk(
            [field.related_model._meta.pk.to_python(value) for value in ids]
        )
        labels[name] = {str(pk): str(obj) for pk, obj in related.items()}
    return labels


def _complete_entry(sender, instance, log_entry: LogEntry | None = None, **kwargs) -> None:
    if log_entry is None:
        return
    data = dict(log_entry.additional_data or {})
    scope = _scopes.get(sender)
    if scope is not None:
        data.update(scope(instance))
    labels = _related_labels(
        sender, log_entry.changes if isinstance(log_entry.changes, dict) else {}
    )
    if labels:
        data["labels"] = labels
    if data:
        log_entry.additional_data = data
        log_entry.save(update_fields=["additional_data"])


def _scope_m2m_entry(sender, instance, action, reverse, **kwargs) -> None:
    """Give the entry auditlog just wrote for a many-to-many change (a project's axes) the
    scope of its row, so that the timeline shows it."""
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    if auditlog_disabled.get():  # auditlog wrote no entry (e.g. rows restored, not edited)
        return
    scope = _scopes.get(type(instance))
    if scope is None:
        return
    from django.contrib.contenttypes.models import ContentType

    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_pk=str(instance.pk),
        )
        .order_by("-pk")
        .first()
    )
    if entry is not None and not (entry.additional_data or {}).keys() & scope(instance).keys():
        entry.additional_data = {**(entry.additional_data or {}), **scope(instance)}
        entry.save(update_fields=["additional_data"])


def connect() -> None:
    post_log.connect(_complete_entry, dispatch_uid="audit:complete-entry")


def record_update(instance: models.Model, changes: dict[str, tuple]) -> None:
    """Keep the history of a change written by a conditional UPDATE.

    `QuerySet.update()` sends no signal, so auditlog does not see it; the services that claim a
    row that way (so that a double click is harmless) say here what they changed.
    """
    entry = LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.UPDATE,
        changes={name: [str(before), str(after)] for name, (before, after) in changes.items()},
    )
    _complete_entry(type(instance), instance, log_entry=entry)


def record_creations(instances: Iterable[models.Model]) -> None:
    """Keep the history of rows written by `bulk_create()`, which sends no signal either."""
    for instance in instances:
        entry = LogEntry.objects.log_create(
            instance,
            action=LogEntry.Action.CREATE,
            changes={
                field.name: ["None", str(field.value_from_object(instance))]
                for field in type(instance)._meta.concrete_fields
                if not field.primary_key and not isinstance(field, DerivedTextField)
            },
        )
        _complete_entry(type(instance), instance, log_entry=entry)


def _label_of_related(instance: models.Model, changes: dict) -> dict[str, dict[str, str]]:
    """The labels `_related_labels` would read, from the related rows the instance holds in
    memory (no query)."""
    labels = {}
    for field in type(instance)._meta.concrete_fields:
        if (field.many_to_one or field.one_to_one) and field.name in changes:
            related = field.get_cached_value(instance) if field.is_cached(instance) else None
            if related is not None:
                labels[field.name] = {str(related.pk): str(related)}
    return labels


def record_bulk_writes(
    created: Iterable[models.Model],
    updated: Iterable[tuple[models.Model, dict[str, tuple]]],
    *,
    actor,
    batch_size: int = 500,
) -> None:
    """Keep the history of many rows written in bulk (an import): as `record_creations` and
    `record_update`, in one INSERT per `batch_size` entries rather than several queries per row.

    Bulk writes send no signal, so auditlog's middleware cannot name the author: `actor` does.
    """
    from auditlog.cid import get_cid
    from django.contrib.contenttypes.models import ContentType

    cid = get_cid()
    entries = []

    def entry(instance: models.Model, action: int, changes: dict) -> LogEntry:
        model = type(instance)
        data = dict(_scopes[model](instance)) if model in _scopes else {}
        labels = _label_of_related(instance, changes)
        if labels:
            data["labels"] = labels
        return LogEntry(
            content_type=ContentType.objects.get_for_model(model),
            object_pk=str(instance.pk),
            object_id=instance.pk,
            object_repr=str(instance),
            action=action,
            changes=changes,
            actor=actor,
            actor_email=getattr(actor, "email", None),
            cid=cid,
            additional_data=data or None,
        )

    for instance in created:
        changes = {
            field.name: ["None", str(field.value_from_object(instance))]
            for field in type(instance)._meta.concrete_fields
            if not field.primary_key
        }
        entries.append(entry(instance, LogEntry.Action.CREATE, changes))
    for instance, changed in updated:
        changes = {name: [str(before), str(after)] for name, (before, after) in changed.items()}
        entries.append(entry(instance, LogEntry.Action.UPDATE, changes))
    LogEntry.objects.bulk_create(entries, batch_size=batch_size)
