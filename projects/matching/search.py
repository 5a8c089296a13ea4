"""Free-text search of the directory's schemes, for the officer's directory search.

On PostgreSQL: the schemes' weighted vectors (french_unaccent configuration, GIN index) against
the words typed, ranked by `ts_rank`. Elsewhere: the same terms as the matching (accents, case
and stop words ignored, French stems), every term required, ranked by their weights. The
suggestions themselves do not go through here: they rank candidates with the portable terms on
every database (ranking.py).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, OuterRef, QuerySet, Subquery, Sum

from ..models import SchemeTerm
from . import text
from .index import SEARCH_CONFIG


def search_schemes(schemes: QuerySet, typed: str) -> QuerySet:
    """The schemes of `schemes` matching every word typed, best first (annotated `relevance`);
    all of them, unchanged, when nothing meaningful was typed."""
    terms = sorted(set(text.terms(typed)))
    if not terms:
        return schemes
    if connection.vendor == "postgresql":
        query = SearchQuery(typed, config=SEARCH_CONFIG, search_type="websearch")
        return (
            schemes.filter(search_vector=query)
            .annotate(relevance=SearchRank(F("search_vector"), query))
            .order_by("-relevance", "name", "pk")
        )
    for term in terms:
        schemes = schemes.filter(terms__term=term)
    weight = (
        SchemeTerm.objects.filter(scheme=OuterRef("pk"), term__in=terms)
        .order_by()
        .values("scheme")
        .annotate(total=Sum("weight"))
        .values("total")
    )
    return schemes.annotate(relevance=Subquery(weight, output_field=FloatField())).order_by(
        "-relevance", "name", "pk"
    )
