"""Who a scheme is for: the hard rules that keep a scheme out of a project's suggestions, each
worded so the officer can check it, and what a fitting scheme is aimed at.

A rule only excludes on what is known: a company without a size or a NAF code, or a project
without a budget, is not excluded for it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.models import Department, HeadcountBand

from ..models import CallWindow, SchemeCall
from . import naf, text

# A dated call opening within this many days is worth preparing: the scheme is suggested.
UPCOMING_CALL_DAYS = 120
# An open call closing within this many days is flagged.
DEADLINE_SOON_DAYS = 30

# Each size band's bounds, in the order of HeadcountBand, to word a range of sizes.
BAND_BOUNDS = {
    HeadcountBand.MICRO: (1, 9),
    HeadcountBand.SMALL: (10, 49),
    HeadcountBand.MEDIUM: (50, 249),
    HeadcountBand.INTERMEDIATE: (250, 499),
    HeadcountBand.LARGE: (500, None),
}


@dataclass
class ProjectProfile:
    """What the rules and the ranking know of the project and its company."""

    headcount_band: str
    department: str
    naf_code: str
    budget: Decimal | None
    terms: set[str]  # every term of the project's words and its company's activity
    today: datetime.date
    # Reasons already worded for this project, by what they depend on: thousands of candidates
    # share a handful of conditions.
    worded: dict = field(default_factory=dict)

    def word(self, key: tuple, build: Callable[[], str]) -> str:
        if key not in self.worded:
            self.worded[key] = build()
        return self.worded[key]


@dataclass
class Candidate:
    """A scheme as read for matching: its conditions, nothing it does not need."""

    pk: int
    name: str
    organisation: str
    kind: str
    headcount_bands: list[str]
    departments: list[str]
    naf_included: list[str]
    naf_excluded: list[str]
    trades: str
    budget_min: Decimal | None
    budget_max: Decimal | None
    axis_ids: set[int] = field(default_factory=set)  # only the axes the project wants
    calls: list[tuple[datetime.date, datetime.date, bool]] = field(default_factory=list)


@dataclass
class CallState:
    """Where a scheme's calls for applications stand today."""

    open_all_year: bool = False
    open_until: datetime.date | None = None  # the nearest deadline of the calls open today
    next_window: CallWindow | None = None  # the next call, when none is open
    closed_since: datetime.date | None = None  # the last deadline passed

    @property
    def is_open(self) -> bool:
        return self.open_all_year or self.open_until is not None


@dataclass
class Verdict:
    """Whether a scheme may be suggested, and the reasons both ways."""

    exclusions: list[str] = field(default_factory=list)
    fits: list[str] = field(default_factory=list)  # conditions met, shown as reasons
    targeted: int = 0  # how many of its size and territory conditions name the company
    trade_targeted: bool = False  # reserved to a trade, the project's
    call: CallState = field(default_factory=CallState)
    deadline_soon: bool = False

    @property
    def eligible(self) -> bool:
        return not self.exclusions


def day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def euros(value: Decimal) -> str:
    return f"{number_format(value, decimal_pos=0, force_grouping=True)} €"


def sizes_label(bands: list[str]) -> str:
    """'de 10 à 249 salariés', 'de 1 à 9 ou de 250 à 499 salariés', '250 salariés et plus'."""
    runs: list[list[int | None]] = []
    for band, (low, high) in BAND_BOUNDS.items():
        if band not in bands:
            continue
        if runs and runs[-1][1] is not None and runs[-1][1] + 1 == low:
            runs[-1][1] = high
        else:
            runs.append([low, high])
    parts = [
        _("de %(low)s salariés et plus") % {"low": low}
        if high is None
        else _("de %(low)s à %(high)s") % {"low": low, "high": high}
        for low, high in runs
    ]
    joined = _(" ou ").join(parts)
    if runs and runs[-1][1] is not None:
        joined = _("%(sizes)s salariés") % {"sizes": joined}
    return joined


def departments_label(codes: list[str]) -> str:
    labels = dict(Department.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


@lru_cache(maxsize=10_000)
def trade_phrases(trades: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(the trade as written, its terms) for each trade of a scheme."""
    return tuple((phrase, frozenset(text.terms(phrase))) for phrase in text.phrases(trades))


def call_state(calls: list[tuple[datetime.date, datetime.date, bool]], today) -> CallState:
    if not calls:
        return CallState(open_all_year=True)

    state = CallState()
    for opens_on, closes_on, recurs in calls:
        past, upcoming = SchemeCall(
            opens_on=opens_on, closes_on=closes_on, recurs_yearly=recurs
        ).window(today)
        if upcoming and upcoming.opens_on <= today:
            if state.open_until is None or upcoming.closes_on < state.open_until:
                state.open_until = upcoming.closes_on
        elif upcoming and (
            state.next_window is None or upcoming.opens_on < state.next_window.opens_on
        ):
            state.next_window = upcoming
        if past and (state.closed_since is None or past.closes_on > state.closed_since):
            state.closed_since = past.closes_on
    return state


def describe_call_state(state: CallState) -> str:
    """Where a scheme's calls stand, in a sentence for its directory sheet."""
    if state.open_all_year:
        return _("Ouvert toute l'année.")
    if state.open_until:
        return _("Appel ouvert jusqu'au %(date)s.") % {"date": day(state.open_until)}
    if state.next_window:
        return _("Prochain appel du %(opens)s au %(closes)s.") % {
            "opens": day(state.next_window.opens_on),
            "closes": day(state.next_window.closes_on),
        }
    if state.closed_since:
        return _("Appel clos depuis le %(date)s.") % {"date": day(state.closed_since)}
    return _("Aucun appel ouvert.")


def json_holds(field: str, value: str) -> Q:
    """The scheme's JSON list `field` holds the string `value`, on every database: the list's
    text holds it between quotes (codes of sizes, départements and NAF never contain one)."""
    return Q(**{f"{field}_text__contains": f'"{value}"'})


def _json_text(*fields: str) -> dict:
    return {f"{field}_text": Cast(field, TextField()) for field in fields}


def fits_size(band: str) -> Q:
    """Open to companies of this size (a scheme naming no size is open to all); on schemes
    annotated with `prefilter_annotations()`."""
    return Q(headcount_bands_text="[]") | json_holds("headcount_bands", band)


def fits_department(code: str) -> Q:
    """Open to companies of this département (no département named: all of them)."""
    return Q(departments_text="[]") | json_holds("departments", code)


def prefilter_annotations() -> dict:
    """The columns `fits_size` and `fits_department` read."""
    return _json_text("headcount_bands", "departments", "naf_excluded")


def judge(candidate: Candidate, profile: ProjectProfile, *, calls: bool = True) -> Verdict:
    """The verdict of every rule of the scheme on this project; `calls=False` leaves out its
    calls (a caller that already knows the call it speaks of is open).

    Of the project, the rules read its company's size, département and NAF code, its budget
    only when the scheme bounds one (`bounds_budget`), and its words only to find one of the
    scheme's trades in them (`trade_said`): projects alike in these get the same verdict, and a
    caller judging thousands of projects judges one of each (alerts.py). Keep it so."""
    verdict = Verdict()
    _judge_size(candidate, profile, verdict)
    _judge_territory(candidate, profile, verdict)
    _judge_trade(candidate, profile, verdict)
    _judge_budget(candidate, profile, verdict)
    if calls:
        _judge_calls(candidate, profile, verdict)
    return verdict


def bounds_budget(candidate: Candidate) -> bool:
    return candidate.budget_min is not None or candidate.budget_max is not None


def trade_said(candidate: Candidate, terms: set[str]) -> str:
    """The first of the scheme's trades said in words whose every term is among `terms`."""
    return next(
        (phrase for phrase, words in trade_phrases(candidate.trades) if words and words <= terms),
        "",
    )


def judge_calls(candidate: Candidate, profile: ProjectProfile) -> Verdict:
    """The verdict of the scheme's calls alone: `judge` is `joined(judge(calls=False),
    judge_calls)`, so that a ranking judges each distinct set of conditions once and each
    distinct set of calls once."""
    verdict = Verdict()
    _judge_calls(candidate, profile, verdict)
    return verdict


def joined(rules: Verdict, calls: Verdict) -> Verdict:
    """`judge`'s verdict from its two halves, reasons in the same order (calls last)."""
    return Verdict(
        exclusions=rules.exclusions + calls.exclusions,
        fits=rules.fits + calls.fits,
        targeted=rules.targeted,
        trade_targeted=rules.trade_targeted,
        call=calls.call,
        deadline_soon=calls.deadline_soon,
    )


def _judge_size(candidate: Candidate, profile: ProjectProfile, verdict: Verdict) -> None:
    bands = candidate.headcount_bands
    if not bands or not profile.headcount_band:
        return
    if profile.headcount_band in bands:
        verdict.fits.append(
            profile.word(
                ("size",),
                lambda: (
                    _("destiné aux entreprises de %(band)s")
                    % {"band": HeadcountBand(profile.headcount_band).label.lower()}
                ),
            )
        )
        verdict.targeted += 1
    else:
        verdict.exclusions.append(
            profile.word(
                ("sizes", *bands),
                lambda: _("réservé aux entreprises %(sizes)s") % {"sizes": sizes_label(bands)},
            )
        )


def _judge_territory(candidate: Candidate, profile: ProjectProfile, verdict: Verdict) -> None:
    codes = candidate.departments
    if not codes:
        return
    if profile.department in codes:
        verdict.fits.append(
            _("intervient en %(department)s") % {"department": Department(profile.department).label}
        )
        verdict.targeted += 1
    else:
        verdict.exclusions.append(
            _("réservé aux départements : %(departments)s")
            % {"departments": departments_label(codes)}
        )


def _judge_trade(candidate: Candidate, profile: ProjectProfile, verdict: Verdict) -> None:
    excluded_by = naf.covered_by_any(candidate.naf_excluded, profile.naf_code)
    if excluded_by:
        verdict.exclusions.append(
            _("exclut les activités %(activity)s") % {"activity": naf.describe(excluded_by)}
        )
    phrases = trade_phrases(candidate.trades)
    if not candidate.naf_included and not phrases:
        return
    included_by = naf.covered_by_any(candidate.naf_included, profile.naf_code)
    if included_by:
        verdict.fits.append(
            _("réservé aux activités %(activity)s, dont celle de l'entreprise")
            % {"activity": naf.describe(included_by)}
        )
        verdict.trade_targeted = True
        return
    said = trade_said(candidate, profile.terms)
    if said:
        verdict.fits.append(
            _("réservé à la filière « %(trade)s », dont relève le projet") % {"trade": said}
        )
        verdict.trade_targeted = True
        return

    def worded() -> str:
        wanted = [phrase for phrase, _terms in phrases]
        wanted += [naf.describe(pattern) for pattern in candidate.naf_included]
        return _("réservé à la filière : %(trades)s") % {"trades": ", ".join(wanted)}

    verdict.exclusions.append(
        profile.word(("trades", candidate.trades, *candidate.naf_included), worded)
    )


def _judge_budget(candidate: Candidate, profile: ProjectProfile, verdict: Verdict) -> None:
    if profile.budget is None or not bounds_budget(candidate):
        return
    low, high = candidate.budget_min, candidate.budget_max
    if (low is None or profile.budget >= low) and (high is None or profile.budget <= high):
        return
    if low is not None and high is not None:
        wanted = _("de %(low)s à %(high)s") % {"low": euros(low), "high": euros(high)}
    elif low is not None:
        wanted = _("d'au moins %(low)s") % {"low": euros(low)}
    else:
        wanted = _("de %(high)s au plus") % {"high": euros(high)}
    verdict.exclusions.append(
        _("pour les projets %(range)s (budget du projet : %(budget)s)")
        % {"range": wanted, "budget": euros(profile.budget)}
    )


def _judge_calls(candidate: Candidate, profile: ProjectProfile, verdict: Verdict) -> None:
    state = verdict.call = call_state(candidate.calls, profile.today)
    today = profile.today
    if state.open_all_year:
        return
    if state.open_until is not None:
        left = (state.open_until - today).days
        verdict.deadline_soon = left <= DEADLINE_SOON_DAYS
        verdict.fits.append(
            ngettext(
                "appel ouvert jusqu'au %(date)s (dans %(days)s jour)",
                "appel ouvert jusqu'au %(date)s (dans %(days)s jours)",
                left,
            )
            % {"date": day(state.open_until), "days": left}
        )
        return
    upcoming = state.next_window
    if upcoming and (upcoming.opens_on - today).days <= UPCOMING_CALL_DAYS:
        verdict.fits.append(
            _("prochain appel du %(opens)s au %(closes)s")
            % {"opens": day(upcoming.opens_on), "closes": day(upcoming.closes_on)}
        )
        return
    if state.closed_since:
        closed = _("appel clos depuis le %(date)s") % {"date": day(state.closed_since)}
    else:
        closed = _("aucun appel ouvert")
    if upcoming:
        closed += _(" ; prochain appel le %(date)s") % {"date": day(upcoming.opens_on)}
    verdict.exclusions.append(closed)
