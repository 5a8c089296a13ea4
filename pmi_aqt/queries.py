"""Query expressions shared by the apps."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_per(model, parent: str) -> Coalesce:
    """How many rows of `model` point through its foreign key `parent` at each row of the
    outer query: a correlated subquery, so a list stays one query, two counts do not multiply
    each other, and a page of the list counts only its own rows."""
    rows = (
        model._default_manager.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows), 0)


def delete_in_batches(queryset, batch_size: int = 5000) -> int:
    """Delete the rows of `queryset` a batch of ids at a time; the number deleted.

    A purge of years of history in one statement would hold its locks and its transaction for
    minutes; batches keep each one short, and a purge stopped half-way resumes where it was."""
    deleted = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        count, _details = queryset.model._default_manager.filter(pk__in=ids).delete()
        deleted += count
