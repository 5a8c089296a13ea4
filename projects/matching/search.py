"""Free-text search of the directory's schemes, and the officer's directory search.

On PostgreSQL: the schemes' weighted vectors (french_unaccent configuration, GIN index) against
the words typed, ranked by `ts_rank`. Elsewhere: the same terms as the matching (accents, case
and stop words ignored, French stems), every term required, ranked by their weights. A name
holding what was typed as it is typed (a part of a word, "Xylo") is found too, ranked after.
The suggestions themselves do not go through here: they rank candidates with the portable
terms on every database (ranking.py).

The officer's search (`restrict`, `explain`) narrows the directory by the company a scheme
must fit (size, département) and by its calls, with the rules of eligibility.py, and says for
each scheme shown why it came up and where its calls stand.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth
from django.utils.translation import gettext as _

from ..models import SchemeCall, SchemeTerm, SupportScheme
from . import eligibility, text
from .eligibility import CallState, Candidate, ProjectProfile
from .index import SEARCH_CONFIG

WORDS_SHOWN = 6


def search_schemes(schemes: QuerySet, typed: str) -> QuerySet:
    """The schemes of `schemes` matching every word typed, or whose name holds what was typed,
    best first (annotated `relevance`); all of them, unchanged, when nothing meaningful was
    typed."""
    terms = sorted(set(text.terms(typed)))
    if not terms:
        return schemes
    in_name = Q(name__icontains=typed.strip())
    if connection.vendor == "postgresql":
        query = SearchQuery(typed, config=SEARCH_CONFIG, search_type="websearch")
        return (
            schemes.filter(Q(search_vector=query) | in_name)
            .annotate(relevance=SearchRank(F("search_vector"), query))
            .order_by("-relevance", "name", "pk")
        )
    every_term = Q()
    for term in terms:
        every_term &= Exists(SchemeTerm.objects.filter(scheme=OuterRef("pk"), term=term))
    weight = (
        SchemeTerm.objects.filter(scheme=OuterRef("pk"), term__in=terms)
        .order_by()
        .values("scheme")
        .annotate(total=Sum("weight"))
        .values("total")
    )
    return (
        schemes.filter(every_term | in_name)
        .annotate(
            relevance=Coalesce(Subquery(weight, output_field=FloatField()), Value(0.0)),
        )
        .order_by("-relevance", "name", "pk")
    )


# --- The officer's directory search


@dataclass(frozen=True)
class Criteria:
    """What the officer asks of the schemes besides words: the company they must fit, and
    whether a call must be open today."""

    typed: str = ""
    headcount_band: str = ""
    department: str = ""
    open_calls: bool = False
    today: datetime.date = field(default_factory=datetime.date.today)


def open_today(today: datetime.date) -> Q:
    """A call open today, or no call at all (open all year), as `eligibility.call_state` says:
    a yearly call is open when today falls between its opening and closing days of the year,
    once its first occurrence has opened."""
    calls = SchemeCall.objects.filter(scheme=OuterRef("pk"))
    day_of_year = today.month * 100 + today.day
    yearly = (
        calls.filter(recurs_yearly=True, opens_on__lte=today)
        .annotate(
            opens_day=ExtractMonth("opens_on") * 100 + ExtractDay("opens_on"),
            closes_day=ExtractMonth("closes_on") * 100 + ExtractDay("closes_on"),
        )
        .filter(
            # Within one calendar year, or across the new year.
            Q(opens_day__lte=F("closes_day"))
            & Q(opens_day__lte=day_of_year, closes_day__gte=day_of_year)
            | Q(opens_day__gt=F("closes_day"))
            & (Q(opens_day__lte=day_of_year) | Q(closes_day__gte=day_of_year))
        )
    )
    dated = calls.filter(recurs_yearly=False, opens_on__lte=today, closes_on__gte=today)
    return ~Exists(calls) | Exists(dated) | Exists(yearly)


def restrict(schemes: QuerySet, criteria: Criteria) -> QuerySet:
    """The schemes fitting the criteria, best first for the words typed."""
    if criteria.headcount_band or criteria.department:
        schemes = schemes.annotate(**eligibility.prefilter_annotations())
    if criteria.headcount_band:
        schemes = schemes.filter(eligibility.fits_size(criteria.headcount_band))
    if criteria.department:
        schemes = schemes.filter(eligibility.fits_department(criteria.department))
    if criteria.open_calls:
        schemes = schemes.filter(open_today(criteria.today))
    return search_schemes(schemes, criteria.typed)


@dataclass
class Finding:
    """Why a scheme came up in the search, and what to know before calling its organisation."""

    reasons: list[str]
    conditions: list[str]
    call: CallState
    call_label: str
    deadline_soon: bool


def explain(schemes: list[SupportScheme], criteria: Criteria) -> None:
    """Give each scheme shown its `finding`: the words typed it holds, the conditions met
    (size, territory, trade, calls: the rules of the suggestions) and those to check. The
    schemes come with their calls prefetched; one query for the words of all of them."""
    shown_words = dict(text.terms_with_words(criteria.typed))
    terms = set(shown_words)
    held: dict[int, set[str]] = {}
    if terms and schemes:
        rows = SchemeTerm.objects.filter(
            scheme_id__in=[scheme.pk for scheme in schemes], term__in=terms
        ).values_list("scheme_id", "term")
        for scheme_id, term in rows:
            held.setdefault(scheme_id, set()).add(term)
    profile = ProjectProfile(
        headcount_band=criteria.headcount_band,
        department=criteria.department,
        naf_code="",
        budget=None,
        terms=terms,
        today=criteria.today,
    )
    for scheme in schemes:
        candidate = Candidate(
            pk=scheme.pk,
            name=scheme.name,
            organisation=scheme.organisation.name,
            kind=scheme.kind,
            headcount_bands=scheme.headcount_bands,
            departments=scheme.departments,
            naf_included=scheme.naf_included,
            naf_excluded=[],  # no company's activity to exclude
            trades=scheme.trades,
            budget_min=None,
            budget_max=None,
            calls=[(c.opens_on, c.closes_on, c.recurs_yearly) for c in scheme.calls.all()],
        )
        verdict = eligibility.judge(candidate, profile)
        reasons = []
        words = [shown_words[term] for term in shown_words if term in held.get(scheme.pk, ())]
        if words:
            reasons.append(
                _("mots en commun : %(words)s") % {"words": ", ".join(words[:WORDS_SHOWN])}
            )
        scheme.finding = Finding(
            reasons=reasons + verdict.fits,
            conditions=verdict.exclusions,
            call=verdict.call,
            call_label=eligibility.describe_call_state(verdict.call),
            deadline_soon=verdict.deadline_soon,
        )
