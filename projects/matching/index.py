"""Each scheme's weighted terms (the inverted index the ranking reads on every database) and,
on PostgreSQL, its weighted French full-text vector (for free-text search in the directory).

Call `index_schemes` after writing schemes or organisations: the directory's views and
services do, and so must any bulk writer (the demo, an import). It also tells every process
that the directory changed (snapshot.py). `manage.py index_directory` rebuilds everything.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery

from ..models import PartnerOrganisation, SchemeKind, SchemeTerm, SupportScheme
from . import snapshot, text

# How much a word says of a scheme, by where it is written. The name, keywords and trades say
# what the scheme is for; the description tells more, with more words; the organisation's
# competences and the kind of scheme are what it can bring.
NAME_WEIGHT = 3.0
KEYWORDS_WEIGHT = 3.0
TRADES_WEIGHT = 2.0
DESCRIPTION_WEIGHT = 1.0
COMPETENCES_WEIGHT = 1.5
KIND_WEIGHT = 1.5
ORGANISATION_WEIGHT = 1.0
# A word repeated adds a little, up to this much.
REPEAT_BONUS, REPEAT_CAP = 0.1, 0.5

# PostgreSQL's text search configuration created by migration: French stems, accents ignored.
SEARCH_CONFIG = "french_unaccent"

SCHEME_FIELDS = (
    "pk",
    "name",
    "kind",
    "keywords",
    "trades",
    "description",
    "organisation__name",
    "organisation__competences",
)


def build_terms(
    *,
    name: str,
    kind: str,
    keywords: str,
    trades: str,
    description: str,
    organisation: str,
    competences: str,
) -> dict[str, float]:
    """term → weight for one scheme: the weight of the strongest place the term is written,
    plus a little for each repetition."""
    kind_label = str(dict(SchemeKind.choices).get(kind, ""))
    weights: dict[str, float] = {}
    repeats: dict[str, int] = {}
    for source, weight in (
        (name, NAME_WEIGHT),
        (keywords, KEYWORDS_WEIGHT),
        (trades, TRADES_WEIGHT),
        (description, DESCRIPTION_WEIGHT),
        (competences, COMPETENCES_WEIGHT),
        (kind_label, KIND_WEIGHT),
        (organisation, ORGANISATION_WEIGHT),
    ):
        for term in text.terms(source):
            if len(term) > SchemeTerm._meta.get_field("term").max_length:
                continue
            repeats[term] = repeats.get(term, -1) + 1
            weights[term] = max(weights.get(term, 0.0), weight)
    return {
        term: round(weight + min(REPEAT_CAP, REPEAT_BONUS * repeats[term]), 3)
        for term, weight in weights.items()
    }


def index_schemes(schemes: QuerySet | Iterable[int]) -> int:
    """Rewrite the terms (and on PostgreSQL the search vector) of these schemes; returns how
    many schemes were indexed. Three queries, four on PostgreSQL."""
    if isinstance(schemes, QuerySet):
        ids = list(schemes.values_list("pk", flat=True))
    else:
        ids = list(schemes)
    rows = SupportScheme.objects.filter(pk__in=ids).values_list(*SCHEME_FIELDS)
    new_terms = []
    for pk, name, kind, keywords, trades, description, organisation, competences in rows:
        built = build_terms(
            name=name,
            kind=kind,
            keywords=keywords,
            trades=trades,
            description=description,
            organisation=organisation,
            competences=competences,
        )
        new_terms.extend(
            SchemeTerm(scheme_id=pk, term=term, weight=weight) for term, weight in built.items()
        )
    SchemeTerm.objects.filter(scheme_id__in=ids).delete()
    SchemeTerm.objects.bulk_create(new_terms, batch_size=2000)
    if connection.vendor == "postgresql":
        SupportScheme.objects.filter(pk__in=ids).update(search_vector=search_vector())
    snapshot.directory_changed()
    return len(ids)


def index_organisation_schemes(organisation: PartnerOrganisation) -> int:
    """An organisation's name and competences are words of each of its schemes."""
    return index_schemes(SupportScheme.objects.filter(organisation=organisation))


def search_vector():
    """The weighted vector of a scheme, as an expression for an UPDATE of SupportScheme (the
    organisation's competences come through a subquery: an UPDATE cannot join)."""
    competences = Subquery(
        PartnerOrganisation.objects.filter(pk=OuterRef("organisation_id")).values("competences")[:1]
    )
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("keywords", "trades", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector(competences, weight="C", config=SEARCH_CONFIG)
    )
