"""The figures of a period, cached until something they count changes.

Every figure reads tens of thousands of rows a year at national scale, so a period's figures
are kept in the cache under a version that any write to what they count replaces
(`watch_figure_sources`): a page shown twice without a change in between is computed once.
The dashboard may show the previous version's figures while a worker computes the current ones
(`allow_stale`): writes happen all day, and a recomputation takes seconds.
"""

import dataclasses
import logging
import uuid
from datetime import date

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from companies.models import Company

from .. import jobs
from ..models import (
    CollectiveAction,
    CollectiveParticipation,
    FinancingLine,
    FollowUp,
    InterventionAxis,
    PartnerOrganisation,
    Project,
    StageChange,
    StudentPlacement,
    SupportAction,
    YearlyTarget,
)
from .figures import ProgrammeFigures
from .period import Period
from .summed import summarised_programme_figures as compute_programme_figures

logger = logging.getLogger(__name__)

FIGURES_VERSION_KEY = "programme-figures:version"
# In every period's key: raise it when the cached classes move or change, so that figures pickled
# by an earlier release are never read (2: the classes moved from projects/stats.py; 3: each
# count carries the link to its list; 4: collective actions and student placements).
FIGURES_FORMAT = 4
# Only for tidiness and as a bound for writes made outside the ORM: invalidation is by version.
FIGURES_CACHE_SECONDS = 60 * 60


def forget_figures() -> None:
    """Make every cached period's figures stale now (after a commit, or outside a transaction)."""
    cache.set(FIGURES_VERSION_KEY, uuid.uuid4().hex, None)


def figures_changed(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Make every cached period's figures stale, after a write to what they count.

    Now, for what this transaction reads next; at commit too, because another request may have
    computed and cached the figures meanwhile without seeing the uncommitted write. Also the
    receiver of the signals connected by `watch_figure_sources`.
    """
    forget_figures()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(forget_figures, using=using)


def watch_figure_sources() -> None:
    """Connect the writes that change a figure to the cache's version (from the app's ready())."""
    through = Project.axes.through
    for model in (
        Project,
        through,
        StageChange,
        Company,
        FinancingLine,
        SupportAction,
        FollowUp,
        YearlyTarget,
        InterventionAxis,
        CollectiveAction,
        CollectiveParticipation,
        StudentPlacement,
        # An institution's name labels its placements' bar.
        PartnerOrganisation,
    ):
        uid = f"programme-figures:{model._meta.label}"
        post_save.connect(figures_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(figures_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(figures_changed, sender=through, dispatch_uid="programme-figures:axes")


# How long a period's refresh may take before another one may be handed to the workers (a
# worker lost mid-refresh must not leave the period stale until its figures expire).
REFRESH_LOCK_SECONDS = 5 * 60


def programme_figures(
    period: Period,
    today: date | None = None,
    supported_limit: int | None = None,
    *,
    allow_stale: bool = False,
) -> ProgrammeFigures:
    """Every figure of the dashboard and the report, from the cache while nothing changed.

    One cache read when cached; otherwise fourteen queries whatever the volume, and a write.
    `supported_limit` caps the list of supported companies (the first ones by name); their
    number is always `progress.distinct_companies`.

    With `allow_stale`, figures cached before the last write are returned at once (marked
    `stale`) while a Celery task computes the current ones; computed here only when none are
    cached or the broker is down. The report never asks for stale figures.
    """
    today = today or timezone.localdate()
    key = figures_key(period, today, supported_limit)
    found = cache.get_many([FIGURES_VERSION_KEY, key])
    version = found.get(FIGURES_VERSION_KEY)
    if version is not None and key in found and found[key][0] == version:
        return found[key][1]
    stale = found.get(key) if allow_stale and version is not None else None
    if stale is not None and _refresh_later(key, period, today, supported_limit):
        # An eager Celery (or a quick worker) may have stored the current figures already.
        again = cache.get_many([FIGURES_VERSION_KEY, key])
        if key in again and again[key][0] == again.get(FIGURES_VERSION_KEY):
            return again[key][1]
        return dataclasses.replace(stale[1], stale=True)
    return _compute_and_store(key, version, period, today, supported_limit)


def figures_key(period: Period, today: date, supported_limit: int | None) -> str:
    """The cache key of a period's figures (their version is in the cached value)."""
    return ":".join(
        [
            f"programme-figures-{FIGURES_FORMAT}",
            translation.get_language() or "",
            period.label,
            today.isoformat(),
            str(supported_limit),
        ]
    )


def _compute_and_store(
    key: str, version: str | None, period: Period, today: date, supported_limit: int | None
) -> ProgrammeFigures:
    computed_at = timezone.now()
    figures = compute_programme_figures(period, today, supported_limit)
    if version is None:
        # No version yet (or the cache lost it): start one, unless another request just did.
        version = uuid.uuid4().hex
        if not cache.add(FIGURES_VERSION_KEY, version, None):
            return figures
    # Stored under the version read before computing: a write meanwhile leaves it stale.
    figures = dataclasses.replace(figures, cache_key=f"{key}:{version}", computed_at=computed_at)
    cache.set(key, (version, figures), FIGURES_CACHE_SECONDS)
    return figures


def _refresh_lock_key(key: str) -> str:
    return f"{key}:refreshing"


def _refresh_later(key: str, period: Period, today: date, supported_limit: int | None) -> bool:
    """Hand the period's refresh to the workers, once at a time; False if the broker is down."""
    lock = _refresh_lock_key(key)
    if not cache.add(lock, True, REFRESH_LOCK_SECONDS):
        return True  # Already handed over: its result will come.
    try:
        jobs.enqueue(
            jobs.REFRESH_PROGRAMME_FIGURES,
            first_year=period.first_year,
            last_year=period.last_year,
            today=today.isoformat(),
            supported_limit=supported_limit,
            language=translation.get_language() or "",
        )
    except Exception:  # noqa: BLE001 - broker down: computed in the request, never lost.
        logger.warning(
            "Broker unavailable, programme figures computed in the request", exc_info=True
        )
        cache.delete(lock)
        return False
    return True


def programme_figures_refresh(
    period: Period, today: date, supported_limit: int | None = None
) -> bool:
    """Compute and cache the period's figures unless the current ones are cached already (the
    Celery task's work); frees the period's refresh. True when computed."""
    key = figures_key(period, today, supported_limit)
    try:
        found = cache.get_many([FIGURES_VERSION_KEY, key])
        version = found.get(FIGURES_VERSION_KEY)
        if version is not None and key in found and found[key][0] == version:
            return False
        _compute_and_store(key, version, period, today, supported_limit)
        return True
    finally:
        cache.delete(_refresh_lock_key(key))
