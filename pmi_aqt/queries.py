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
