"""Pages of long lists whose cost does not grow with the rows skipped or counted.

The project list, the company list, the staff's list of emails and the technical admin's long
tables page with `IdPaginator`: a page is chosen over the ids alone (an index walk for each of
their orders), then its rows are read by id, with their joins and per-row counts computed for
those rows only; a page in the second half is read from the end; a whole, unfiltered list of
a large table shows PostgreSQL's estimate of its size instead of counting it on each visit.

Lists whose order spans a join (the financing lines by company, then project) cannot choose
a page over one index: `keyset_page` reads the rows after (or before) the last row shown,
from the order's leading index, and the links name that row instead of a page number.
"""

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Expression, F, Q, QuerySet
from django.utils.functional import cached_property

# Below this many rows an exact count of a whole table costs a few milliseconds.
ESTIMATED_COUNT_FROM = 50_000
# Searches count this many rows at most ("more than 1,000 results"): a common word finds tens
# of thousands of projects, exchanges or emails, which nobody pages through, and counting them
# all reads every matching row (a trigram index is rechecked on the table).
SEARCH_COUNT_LIMIT = 1_000
ADMIN_COUNT_LIMIT = SEARCH_COUNT_LIMIT

_PRIMARY_KEY = {"pk", "-pk", "id", "-id"}


def estimated_row_count(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of the rows of an unfiltered queryset, or None.

    The planner's own figure (kept by ANALYZE, scaled to the table's current size): one cheap
    query instead of counting a quarter of a million rows on each visit of the list. None when
    the queryset is filtered, on other databases, or when the table is small enough to count.
    """
    if queryset.query.where or connection.vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    estimate = round(plan[0]["Plan"]["Plan Rows"])
    return estimate if estimate >= ESTIMATED_COUNT_FROM else None


def total_ordering(queryset: QuerySet) -> tuple:
    """The queryset's order (its own, else its model's), ending with the primary key so that
    every row has one place and the order can be read backwards."""
    ordering = tuple(queryset.query.order_by or queryset.model._meta.ordering or ())
    if not ordering or ordering[-1] not in _PRIMARY_KEY:
        ordering += ("-pk",)
    return ordering


class IdPaginator(Paginator):
    """Pages chosen over the ids alone, then the page's rows read by id.

    The OFFSET walks the filtered and sorted ids only (an index scan for every sort), never
    the joined rows or the per-row subqueries of the pages skipped; the page's rows are then
    read from `rows` (the list's joins and annotations; by default the list itself) in the same
    query (`pk IN (… LIMIT 25 OFFSET n)`). A page in the second half is counted from the end,
    in the reverse order (the order is total, ending with the id), so no page skips more than
    half of the rows: page 8,000 of 10,000 skips 50,000 rows rather than 200,000.

    The whole, unfiltered list of a large table is counted approximately (`approximate`, which
    the page says), from PostgreSQL's estimate; a page in its second half is read from the end,
    which needs the exact count, so that page counts exactly.

    Usable by Django's admin as `ModelAdmin.paginator` (same positional arguments).
    """

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        *,
        ordering=None,
        rows: QuerySet | None = None,
        count_limit: int | None = None,
    ):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.ordering = tuple(ordering) if ordering is not None else total_ordering(object_list)
        self.rows = rows if rows is not None else object_list
        self.estimate = estimated_row_count(object_list)
        # A filtered list counted up to this many rows; `more_than_limit` says there are more.
        self.count_limit = count_limit
        self.more_than_limit = False

    @property
    def approximate(self) -> bool:
        return self.estimate is not None

    @cached_property
    def count(self) -> int:
        if self.approximate:
            return self.estimate
        if self.count_limit is None:
            return super().count
        # COUNT(*) over the first rows only (a LIMIT in a subquery).
        counted = self.object_list.order_by().values("pk")[: self.count_limit + 1].count()
        self.more_than_limit = counted > self.count_limit
        return min(counted, self.count_limit)

    def _count_exactly(self) -> None:
        # Forget the estimate and the figures Paginator cached from it.
        self.estimate = None
        self.count_limit = None
        for cached in ("count", "num_pages"):
            self.__dict__.pop(cached, None)

    def _bounds(self, number: int) -> tuple[int, int]:
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return bottom, top

    def _ids(self) -> QuerySet:
        if not self.object_list.query.distinct:
            return self.object_list
        # DISTINCT would add the order's columns to the ids' SELECT (the admin's filters across
        # a many-to-many relation): the rows are made unique by IN instead.
        unique = self.object_list.order_by().values("pk")
        return self.object_list.model._default_manager.filter(pk__in=unique)

    def page(self, number):
        number = self.validate_number(number)
        bottom, top = self._bounds(number)
        # Beyond a limited count there is no known end to read from.
        from_the_end = bottom > self.count - top and not self.more_than_limit
        if from_the_end and self.approximate:
            self._count_exactly()
            number = min(number, self.num_pages)  # the estimate may have promised more pages
            bottom, top = self._bounds(number)
            from_the_end = bottom > self.count - top
        ids = self._ids().order_by(*self.ordering).values("pk")
        if from_the_end:
            page_ids = ids.reverse()[self.count - top : self.count - bottom]
        else:
            page_ids = ids[bottom:top]
        rows = self.rows.filter(pk__in=page_ids).order_by(*self.ordering)
        return self._get_page(rows, number, self)


class AdminIdPaginator(IdPaginator):
    """IdPaginator for the technical admin's large tables: a search is counted up to
    ADMIN_COUNT_LIMIT rows, which the admin's templates say ("plus de 1 000"), and the page's
    rows are read by their ids alone, with the list's joins: the ids chosen already passed the
    search and the filters, which are not run a second time (a search across a join is the
    most expensive part of such a list)."""

    def __init__(self, object_list: QuerySet, *args, **kwargs):
        kwargs.setdefault("count_limit", ADMIN_COUNT_LIMIT)
        if "rows" not in kwargs and not object_list.query.annotations:
            rows = object_list.model._default_manager.all()
            rows.query.select_related = copy.deepcopy(object_list.query.select_related)
            kwargs["rows"] = rows
        super().__init__(object_list, *args, **kwargs)


# --- Pages after or before a row (keyset pagination)


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list read from a row onwards (or backwards): its rows, and whether rows
    come before or after it. Links name the first or last row shown, never a page number."""

    rows: list
    has_previous: bool
    has_next: bool

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def first_pk(self):
        return self.rows[0].pk if self.rows else None

    @property
    def last_pk(self):
        return self.rows[-1].pk if self.rows else None


def _keys(ordering: Sequence) -> dict[str, Expression]:
    """The ordering's keys as named expressions (all ascending; the last one unique)."""
    return {
        f"keyset_{index}": F(key) if isinstance(key, str) else key
        for index, key in enumerate(ordering)
    }


def _beyond(names: list[str], values: tuple, lookup: str) -> Q:
    """Rows after (`gt`) or before (`lt`) the values in the keys' order: (k0 > v0) or (k0 = v0
    and (k1 > v1 or …)), with k0 >= v0 first, alone, so that an index on k0 starts there."""
    condition = Q(**{f"{names[-1]}__{lookup}": values[-1]})
    for name, value in zip(reversed(names[:-1]), reversed(values[:-1]), strict=True):
        condition = Q(**{f"{name}__{lookup}": value}) | (Q(**{name: value}) & condition)
    return Q(**{f"{names[0]}__{lookup}e": values[0]}) & condition


def keyset_page(
    queryset: QuerySet,
    ordering: Sequence,
    per_page: int,
    *,
    after=None,
    before=None,
    last: bool = False,
) -> KeysetPage:
    """The `per_page` rows of `queryset` (in `ordering`, ascending keys ending with a unique
    one) that follow the row whose pk is `after`, or precede the one `before`, or end the list
    (`last`), or begin it. Whatever the row, the database starts from it through the order's
    index: no OFFSET, a page deep in the list costs what the first costs.

    The row is read by its pk alone, for its place in the order: one the filters no longer keep
    still marks where the page starts; one deleted since gives the first page.
    """
    keys = _keys(ordering)
    names = list(keys)
    cursor = after if after is not None else before
    listed = queryset.alias(**keys)
    if cursor is not None:
        values = (
            queryset.model._default_manager.filter(pk=cursor)
            .annotate(**keys)
            .values_list(*names)
            .first()
        )
        if values is None:
            cursor = after = before = None
        else:
            listed = listed.filter(_beyond(names, values, "gt" if after is not None else "lt"))
    backwards = before is not None or (last and cursor is None)
    if backwards:
        ordered = listed.order_by(*(F(name).desc() for name in names))
    else:
        ordered = listed.order_by(*names)
    rows = list(ordered[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        return KeysetPage(rows, has_previous=more, has_next=before is not None)
    return KeysetPage(rows, has_previous=after is not None, has_next=more)
