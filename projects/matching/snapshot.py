"""The directory as the suggestions read it, held in memory by each process between two writes.

Ranking a project's suggestions reads every active scheme's conditions, axes, calls and
weighted terms: 5,000 schemes and 136,000 weighted terms at national scale, too much to
read and decode on every project page (200–400 ms). Each process keeps them in a `Directory`,
built once per *directory version*: a token in the shared cache that every directory write
replaces, at once and again when it commits (`directory_changed`), so that a write in one
process is seen by all the others on their next ranking, at the cost of one cache read per
ranking. The writing transaction itself reads the directory again after each of its writes, and
keeps that reading for itself only: it may still roll back.

The writes are those of schemes, their calls and axes, and organisations, through the ORM
(`watch_directory_sources` connects them), and of the terms (`index.index_schemes`, which every
bulk writer calls). When the cache does not answer, the directory is read for each ranking:
slower, never stale.
"""

import json
import math
import threading
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_delete, post_save

from ..models import PartnerOrganisation, SchemeCall, SchemeTerm, SupportScheme
from .eligibility import Candidate

VERSION_KEY = "matching:directory-version"


@dataclass
class Group:
    """Schemes alike for the ranking but for their words: the same conditions, calls and axes
    served, so the same verdict and the same points for any project."""

    candidate: Candidate  # one of them, to judge
    members: list[int]  # their ids


@dataclass
class Directory:
    """The active schemes (active organisations'), as the ranking reads them."""

    version: str | None
    # scheme id → the scheme's conditions, with all its axes and its calls (opening order).
    schemes: dict[int, Candidate] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    # axis id → the groups (their index in `groups`) serving it.
    groups_by_axis: dict[int, list[int]] = field(default_factory=dict)
    # term → {scheme id: the term's weight in the scheme}.
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    # scheme id → the number of its conditions other than calls, and of its calls: schemes
    # sharing them get the same verdict, judged once per project.
    conditions_of: dict[int, int] = field(default_factory=dict)
    calls_of: dict[int, int] = field(default_factory=dict)
    # Read by a transaction that wrote to the directory and had not committed: good for that
    # transaction only, until its next write, its commit or its rollback.
    uncommitted: tuple | None = None

    @property
    def size(self) -> int:
        return len(self.schemes)

    def rarity(self, terms) -> dict[str, float]:
        """Each of these terms found in the directory → its rarity (idf) in the directory."""
        size = self.size
        return {
            term: math.log(1 + size / len(self.postings[term]))
            for term in terms
            if term in self.postings
        }


def forget_directory() -> None:
    """Every process's directory is out of date (after a commit, or outside a transaction)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


class UncommittedWrites:
    """Writes to the directory in a transaction (at one savepoint), not committed yet: the
    other processes are told at commit; a rollback, even to a savepoint, drops it."""

    def __init__(self) -> None:
        self.writes = 0

    def __call__(self) -> None:
        forget_directory()


def directory_changed(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Every process's directory is out of date after a write to schemes, calls, axes served,
    organisations or terms: now, and again at commit (a process may have read the rows of
    before in between); the writing transaction reads its own writes (`current`). Also the
    receiver of the signals connected by `watch_directory_sources`."""
    # Now too, as the programme's figures do (stats/cache.py): the version then exists before
    # the first ranking, and a process reading it early reads again at commit.
    forget_directory()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    savepoints = set(connection.savepoint_ids)
    uncommitted = next(
        (
            func
            for ids, func, _robust in connection.run_on_commit
            if isinstance(func, UncommittedWrites) and ids == savepoints
        ),
        None,
    )
    if uncommitted is None:
        uncommitted = UncommittedWrites()
        transaction.on_commit(uncommitted, using=using)
    uncommitted.writes += 1


def watch_directory_sources() -> None:
    """Connect the ORM's writes to the directory's version (from the app's ready()). The terms
    are written in bulk, without signals: `index_schemes` says it itself."""
    for model in (SupportScheme, SchemeCall, PartnerOrganisation):
        uid = f"matching-directory:{model._meta.label}"
        post_save.connect(directory_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(directory_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        directory_changed, sender=SupportScheme.axes.through, dispatch_uid="matching-directory:axes"
    )


def _uncommitted_writes(connection) -> tuple | None:
    """What this connection's transaction wrote to the directory and has not committed, as a
    value that changes with each write and each rollback; None when nothing."""
    writes = tuple(
        (func, func.writes)
        for _ids, func, _robust in connection.run_on_commit
        if isinstance(func, UncommittedWrites)
    )
    return (connection, writes) if writes else None


def current_version() -> str | None:
    """The directory's version in the shared cache (a new one when none is there); None when
    the cache does not answer."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


_held: Directory | None = None
_lock = threading.Lock()


def current() -> Directory:
    """This process's directory, read again when its version is no longer the shared one, or
    for a transaction that wrote to it (and after that transaction)."""
    global _held
    version = current_version()
    uncommitted = _uncommitted_writes(transaction.get_connection())

    def usable(held: Directory | None) -> bool:
        return (
            version is not None
            and held is not None
            and held.version == version
            and held.uncommitted == uncommitted
        )

    if usable(_held):
        return _held
    with _lock:
        if usable(_held):
            return _held
        # The version is read before the rows: a write committed meanwhile leaves a newer one.
        directory = read(version)
        directory.uncommitted = uncommitted
        if version is not None:
            _held = directory
    return directory


def read(version: str | None) -> Directory:
    """The active schemes' conditions, axes, calls and terms, in four queries."""
    active = SupportScheme.objects.filter(is_active=True, organisation__is_active=True)
    directory = Directory(version)
    schemes = directory.schemes
    shared: dict = {}  # equal values held once: thousands of schemes share a handful

    def once(value):
        return shared.setdefault(value, value)

    numbers: dict[tuple, int] = {}

    def number(key: tuple) -> int:
        return numbers.setdefault(key, len(numbers))

    # The JSON lists come as text, decoded once per distinct value: decoding them row by row
    # through the field took longer than the query.
    rows = (
        active.order_by()
        .annotate(
            bands=Cast("headcount_bands", TextField()),
            departments_text=Cast("departments", TextField()),
            naf_in=Cast("naf_included", TextField()),
            naf_out=Cast("naf_excluded", TextField()),
        )
        .values_list(
            "pk",
            "name",
            "organisation__name",
            "kind",
            "bands",
            "departments_text",
            "naf_in",
            "naf_out",
            "trades",
            "budget_min",
            "budget_max",
        )
    )
    decoded: dict[str, tuple] = {}

    def decode(value: str) -> tuple:
        if value not in decoded:
            decoded[value] = tuple(json.loads(value)) if value else ()
        return decoded[value]

    for (
        pk,
        name,
        organisation,
        kind,
        bands,
        departments,
        naf_in,
        naf_out,
        trades,
        low,
        high,
    ) in rows:
        conditions = (
            decode(bands),
            decode(departments),
            decode(naf_in),
            decode(naf_out),
            once(trades),
            low,
            high,
        )
        directory.conditions_of[pk] = number(("conditions", *conditions))
        schemes[pk] = Candidate(
            pk=pk,
            name=name,
            organisation=once(organisation),
            kind=kind,
            headcount_bands=list(conditions[0]),
            departments=list(conditions[1]),
            naf_included=list(conditions[2]),
            naf_excluded=list(conditions[3]),
            trades=conditions[4],
            budget_min=low,
            budget_max=high,
        )
    for scheme_id, axis_id in SupportScheme.axes.through.objects.filter(
        supportscheme__in=active
    ).values_list("supportscheme_id", "interventionaxis_id"):
        if scheme_id in schemes:
            schemes[scheme_id].axis_ids.add(axis_id)
    # In the order `call_state` has always read them (the model's ordering).
    calls = (
        SchemeCall.objects.filter(scheme__in=active)
        .order_by("opens_on", "id")
        .values_list("scheme_id", "opens_on", "closes_on", "recurs_yearly")
    )
    for scheme_id, opens_on, closes_on, recurs in calls:
        if scheme_id in schemes:
            schemes[scheme_id].calls.append((opens_on, closes_on, recurs))
    grouped: dict[tuple, Group] = {}
    for pk, candidate in schemes.items():
        candidate.axis_ids = once(frozenset(candidate.axis_ids))
        directory.calls_of[pk] = number(("calls", *candidate.calls))
        key = (directory.conditions_of[pk], directory.calls_of[pk], candidate.axis_ids)
        group = grouped.get(key)
        if group is None:
            group = grouped[key] = Group(candidate, [])
            for axis_id in candidate.axis_ids:
                directory.groups_by_axis.setdefault(axis_id, []).append(len(directory.groups))
            directory.groups.append(group)
        group.members.append(pk)
    terms = (
        SchemeTerm.objects.filter(scheme__in=active)
        .order_by()
        .values_list("scheme_id", "term", "weight")
    )
    postings = directory.postings
    for scheme_id, term, weight in terms.iterator(chunk_size=20_000):
        if scheme_id in schemes:
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = {}
            posting[scheme_id] = once(weight)
    return directory
