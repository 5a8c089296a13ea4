"""What the programme's own history says of each scheme for a project: how often it was
mobilised for similar projects and obtained, and how often officers dismissed it for them.

Similar projects: the other projects that share the project's primary axis (any of its axes
when it has none), or whose company works in the same NAF division: the latest
SIMILAR_PROJECTS_READ of them. Three queries, whose cost does not grow with the years of history: at
national scale a primary axis is shared by tens of thousands of projects, and reading all their
resources took a second per project page.

Those three queries were most of a ranking's time (100–250 ms at scale 1), so the counts are
cached per *similarity key* — the axes and the NAF division that define the similar projects —
under the *history versions* of that key's scopes (each of its axes, its division, and the whole
history) in the shared cache. A write to what they count replaces the versions of the scopes of
the projects it touches (their axes and division), when it commits (`history_changed`,
connected by `watch_history_sources`; bulk writers call `forget_history`): a new project or a
confirmed scheme in one trade leaves the cached counts of every other key valid. The entry
holds the newest SIMILAR_PROJECTS_READ + 1 projects of the key and the counts over the newest
SIMILAR_PROJECTS_READ: a project among them is not its own similar project, so its own counts
are read live and taken off, the next one's added (one small query). A transaction that wrote
to the history, or a process without a cache, counts live; the others count what is committed
until the commit replaces the versions.
"""

import hashlib
import json
import threading
import uuid
from array import array
from collections import OrderedDict
from typing import NamedTuple

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save

from companies.models import Company
from companies.signals import naf_codes_written

from ..models import (
    FinancingLine,
    Project,
    Resource,
    SchemeKind,
    SuggestionDismissal,
    SupportAction,
)

STARTED_ACTIONS = (SupportAction.Status.IN_PROGRESS, SupportAction.Status.DONE)
# What a row of history says of a scheme for a similar project.
MOBILISED, OBTAINED, DISMISSED = "mobilised", "obtained", "dismissed"
# The recent history the evidence is read from (the newest similar projects).
SIMILAR_PROJECTS_READ = 2000

HISTORY_VERSION_KEY = "matching:history-version"
# The scopes a similarity key's counts depend on: the whole history (bulk writes), each axis the
# key shares, its NAF division.
WHOLE_HISTORY = "all"

# In every entry's key: raise it when what is cached changes shape.
EVIDENCE_FORMAT = 1
# Only for tidiness (entries of a replaced version are never read again): correctness is by
# version.
EVIDENCE_CACHE_SECONDS = 6 * 60 * 60


class Evidence(NamedTuple):
    """One scheme's record with similar projects: counts of projects, and of dismissals."""

    mobilised: int = 0  # similar projects it was mobilised for
    obtained: int = 0  # of those, the projects that obtained it
    dismissed: int = 0


# --- The history's versions, per scope


def axis_scope(axis_id: int) -> str:
    return f"axis:{axis_id}"


def division_scope(division: str) -> str:
    return f"division:{division}"


def _version_key(scope: str) -> str:
    return f"{HISTORY_VERSION_KEY}:{scope}"


def forget_history(scopes=(WHOLE_HISTORY,)) -> None:
    """The cached evidence of these scopes is out of date (by default all of it: after rows
    written in bulk, which say nothing of the projects they touch)."""
    cache.set_many({_version_key(scope): uuid.uuid4().hex for scope in scopes}, timeout=None)


def scopes_of_projects(project_ids) -> set[str]:
    """The scopes whose keys count these projects: their axes and their companies' divisions."""
    project_ids = [pk for pk in project_ids if pk is not None]
    if not project_ids:
        return set()
    axes = (
        Project.axes.through.objects.filter(project_id__in=project_ids)
        .values_list("interventionaxis_id", flat=True)
        .distinct()
    )
    naf_codes = Project.objects.filter(pk__in=project_ids).values_list(
        "company__naf_code", flat=True
    )
    return {axis_scope(axis_id) for axis_id in axes} | {
        division_scope(code[:2]) for code in naf_codes if code
    }


class UncommittedHistory:
    """Writes to the history in a transaction, not committed yet: the scopes they touch are
    replaced at commit (read then: a new project's axes are added after it is saved); until
    then this transaction counts live, and the others count what is committed."""

    def __init__(self) -> None:
        self.project_ids: set[int] = set()
        self.scopes: set[str] = set()

    def __call__(self) -> None:
        forget_history(self.scopes | scopes_of_projects(self.project_ids))


def history_changed(
    using: str = DEFAULT_DB_ALIAS, *, project_ids=(), scopes=None, **kwargs
) -> None:
    """The cached evidence counting these projects or these scopes (the whole history when
    neither is said) is out of date after a write to resources, financing lines, support
    actions, dismissals, projects' axes or companies, or companies' NAF codes: at commit, or now
    outside a transaction."""
    if scopes is None:
        scopes = set() if project_ids else {WHOLE_HISTORY}
    scopes = set(scopes)
    connection_ = transaction.get_connection(using)
    if not connection_.in_atomic_block:
        forget_history(scopes | scopes_of_projects(project_ids))
        return
    current = set(connection_.savepoint_ids)
    pending = next(
        (
            func
            for ids, func, _robust in connection_.run_on_commit
            if isinstance(func, UncommittedHistory) and ids <= current
        ),
        None,
    )
    if pending is None:
        pending = UncommittedHistory()
        transaction.on_commit(pending, using=using)
    pending.project_ids.update(project_ids)
    pending.scopes.update(scopes)


def _history_row_written(sender, instance, using: str, **kwargs) -> None:
    """A resource, financing line, support action or dismissal counts for its project's keys."""
    if instance.project_id is None:
        history_changed(using)
    else:
        history_changed(using, project_ids=[instance.project_id])


def _wrote_history(connection_) -> bool:
    """This connection's transaction wrote to the history and has not committed."""
    return connection_.in_atomic_block and any(
        isinstance(func, UncommittedHistory) for _ids, func, _robust in connection_.run_on_commit
    )


def _project_written(sender, instance: Project, created: bool, using: str, **kwargs) -> None:
    """A new project, or one whose company or primary axis changed, changes who is similar."""
    values = instance.__dict__
    moved = "company_id" in values and values["company_id"] != instance._stored_company_id
    new_axis = (
        values.get("primary_axis_id") is not None
        and values["primary_axis_id"] != instance._stored_primary_axis_id
    )
    if moved and not created:
        # Rare: the division of before is not known any more.
        history_changed(using)
    elif created or new_axis:
        # Counted under its axes and division (its primary axis only chooses its own key).
        history_changed(using, project_ids=[instance.pk])
    instance._stored_company_id = values.get("company_id")


def _company_written(sender, instance: Company, created: bool, using: str, **kwargs) -> None:
    """A company's NAF code changes which projects share its projects' division (a new company
    has no project yet)."""
    values = instance.__dict__
    if not created and "naf_code" in values and values["naf_code"] != instance._stored_naf_code:
        divisions = {(code or "")[:2] for code in (values["naf_code"], instance._stored_naf_code)}
        history_changed(
            using, scopes=[division_scope(division) for division in divisions if division]
        )
    instance._stored_naf_code = values.get("naf_code")


def _axes_written(
    sender, instance, action: str, reverse: bool, pk_set, using: str, **kwargs
) -> None:
    """Projects given or losing axes: the keys sharing those axes (from an axis's side, that
    axis)."""
    if not action.startswith("post_"):
        return
    if reverse:
        history_changed(using, scopes=[axis_scope(instance.pk)])
    elif pk_set is None:  # cleared: which axes were there is not said
        history_changed(using)
    else:
        history_changed(using, scopes=[axis_scope(axis_id) for axis_id in pk_set])


def watch_history_sources() -> None:
    """Connect the ORM's writes to the history's version (from the app's ready()). Writes that
    send no signal call `history_changed` or `forget_history` themselves."""
    for model in (Resource, FinancingLine, SupportAction, SuggestionDismissal):
        uid = f"matching-history:{model._meta.label}"
        post_save.connect(_history_row_written, sender=model, dispatch_uid=uid)
        post_delete.connect(_history_row_written, sender=model, dispatch_uid=uid)
    post_save.connect(_project_written, sender=Project, dispatch_uid="matching-history:project")
    post_delete.connect(history_changed, sender=Project, dispatch_uid="matching-history:project")
    post_save.connect(_company_written, sender=Company, dispatch_uid="matching-history:company")
    m2m_changed.connect(
        _axes_written, sender=Project.axes.through, dispatch_uid="matching-history:axes"
    )
    naf_codes_written.connect(history_changed, dispatch_uid="matching-history:naf-codes")


# --- The evidence


def _similarity(project: Project, axis_ids: set[int]) -> tuple[frozenset[int], str]:
    """What defines the project's similar projects: the axes shared, the NAF division."""
    axes = {project.primary_axis_id} if project.primary_axis_id else axis_ids
    return frozenset(axes), (project.company.naf_code or "")[:2]


def newest_similar(axes: frozenset[int], division: str) -> list[int]:
    """The ids of the newest SIMILAR_PROJECTS_READ + 1 projects sharing one of these axes or in
    this division, newest first (one more: the project asking may be among them).

    The newest of those sharing the axes and the newest of those in the same division are read
    apart, each down an index from the newest, then merged: the newest of both are among them.
    Read as one query, PostgreSQL at times joined every project with every company (0.5 s)."""
    wanted = SIMILAR_PROJECTS_READ + 1
    found: set[int] = set()
    if axes:
        sharing = Project.axes.through.objects.filter(interventionaxis_id__in=axes)
        found.update(
            sharing.order_by("-project_id").values_list("project_id", flat=True).distinct()[:wanted]
        )
    if division:
        same_trade = Project.objects.filter(company__naf_code__startswith=division)
        if len(found) == wanted:
            # Older than the oldest of those, no project can be among the newest.
            same_trade = same_trade.filter(pk__gte=min(found))
        found.update(same_trade.order_by("-pk").values_list("pk", flat=True)[:wanted])
    return sorted(found, reverse=True)[:wanted]


def similar_projects(project: Project, axis_ids: set[int]) -> list[int]:
    """The ids of the newest SIMILAR_PROJECTS_READ similar projects, newest first."""
    newest = newest_similar(*_similarity(project, axis_ids))
    return [pk for pk in newest if pk != project.pk][:SIMILAR_PROJECTS_READ]


def evidence(
    project: Project, axis_ids: set[int], *, directory_version: str | None = None
) -> dict[int, Evidence]:
    """scheme id → its evidence among similar projects.

    From the shared cache when an entry of the current history version and of this
    `directory_version` (the directory says which schemes an organisation's actions count for)
    is there: no query, or one when the project is among the newest of its key. Otherwise
    three: the similar projects (two), then their resources, financing lines, support actions
    and dismissals counted per scheme; and cached, unless this transaction wrote to the history
    or no version is known."""
    axes, division = _similarity(project, axis_ids)
    key = None
    if directory_version is not None and not _wrote_history(transaction.get_connection()):
        version = _history_version(axes, division)
        if version is not None:
            axis_key = ",".join(map(str, sorted(axes)))
            key = (
                f"matching:evidence:{EVIDENCE_FORMAT}:{version}:{directory_version}:"
                f"{axis_key}:{division}"
            )
            held = _held_entry(key)
            if held is not None:
                newest, counts = held
                return _for_project(project.pk, newest, counts)
    newest = newest_similar(axes, division)
    if not [pk for pk in newest if pk != project.pk]:
        return {}  # no similar project: nothing to count (nor to cache, the project aside)
    top, extra = newest[:SIMILAR_PROJECTS_READ], newest[SIMILAR_PROJECTS_READ:]
    parts = _counted(newest, own=project.pk, extra=extra[0] if extra else None)
    # Over the newest SIMILAR_PROJECTS_READ, for any project of the key; this one's own counts
    # are never its evidence.
    counts = _sum(parts[REST], parts[OWN])
    if key is not None:
        _hold_entry(key, newest, counts)
    if project.pk in top:
        return _sum(parts[REST], parts[EXTRA])
    return counts


# Entries this process decoded, by key (a key names its versions: never out of date), the
# latest used last. Decoding 4,000 schemes' counts took 5–20 ms a ranking.
_decoded: OrderedDict[str, tuple[list[int], dict[int, Evidence]]] = OrderedDict()
DECODED_HELD = 64
_decoded_lock = threading.Lock()


def _held_entry(key: str) -> tuple[list[int], dict[int, Evidence]] | None:
    """The entry of this key: decoded by this process already, or from the shared cache."""
    with _decoded_lock:
        entry = _decoded.get(key)
        if entry is not None:
            _decoded.move_to_end(key)
            return entry
    stored = cache.get(key)
    if stored is None:
        return None
    newest_bytes, counts_bytes = stored
    newest, flat = array("q"), array("q")
    newest.frombytes(newest_bytes)
    flat.frombytes(counts_bytes)
    counts = {
        scheme_id: Evidence(mobilised, obtained, dismissed)
        for scheme_id, mobilised, obtained, dismissed in zip(
            flat[0::4], flat[1::4], flat[2::4], flat[3::4], strict=True
        )
    }
    entry = (newest.tolist(), counts)
    _remember(key, entry)
    return entry


def _hold_entry(key: str, newest: list[int], counts: dict[int, Evidence]) -> None:
    """Keep this entry in the shared cache, as flat arrays of integers (pickled objects took
    longer to read than the counts to compute), and in this process."""
    flat = array("q")
    for scheme_id, record in counts.items():
        flat.extend((scheme_id, *record))
    cache.set(key, (array("q", newest).tobytes(), flat.tobytes()), EVIDENCE_CACHE_SECONDS)
    _remember(key, (newest, counts))


def _remember(key: str, entry: tuple[list[int], dict[int, Evidence]]) -> None:
    with _decoded_lock:
        _decoded[key] = entry
        _decoded.move_to_end(key)
        while len(_decoded) > DECODED_HELD:
            _decoded.popitem(last=False)


def _history_version(axes: frozenset[int], division: str) -> str | None:
    """The versions of a key's scopes in the shared cache, as one token (a new version for a
    scope that has none); None when the cache does not answer."""
    scopes = [WHOLE_HISTORY, *(axis_scope(axis_id) for axis_id in sorted(axes))]
    if division:
        scopes.append(division_scope(division))
    keys = [_version_key(scope) for scope in scopes]
    versions = cache.get_many(keys)
    missing = [key for key in keys if key not in versions]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None)
        versions.update(cache.get_many(missing))
        if any(key not in versions for key in keys):
            return None
    joined = ":".join(versions[key] for key in keys)
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


def _for_project(
    project_id: int, newest: list[int], counts: dict[int, Evidence]
) -> dict[int, Evidence]:
    """The cached counts of a key, for one of its projects: when the project is among the
    newest SIMILAR_PROJECTS_READ, its own counts taken off and the next project's added."""
    top = newest[:SIMILAR_PROJECTS_READ]
    if project_id not in top:
        return counts
    extra = newest[SIMILAR_PROJECTS_READ] if len(newest) > SIMILAR_PROJECTS_READ else None
    parts = _counted([project_id] + ([extra] if extra else []), own=project_id, extra=extra)
    return _sum(_sum(counts, parts[OWN], sign=-1), parts[EXTRA])


REST, OWN, EXTRA = 0, 1, 2  # the parts `_counted` counts apart


def _sum(
    counts: dict[int, Evidence], more: dict[int, Evidence], sign: int = 1
) -> dict[int, Evidence]:
    """Counts of disjoint sets of projects, added (or taken off): counts of distinct projects
    add up across distinct projects."""
    if not more:
        return counts
    total = dict(counts)
    for scheme_id, (mobilised, obtained, dismissed) in more.items():
        before = total.get(scheme_id, NO_EVIDENCE)
        record = Evidence(
            before.mobilised + sign * mobilised,
            before.obtained + sign * obtained,
            before.dismissed + sign * dismissed,
        )
        if record == NO_EVIDENCE:
            total.pop(scheme_id, None)
        else:
            total[scheme_id] = record
    return total


NO_EVIDENCE = Evidence()


def _counted(
    project_ids: list[int], *, own: int, extra: int | None
) -> tuple[dict[int, Evidence], dict[int, Evidence], dict[int, Evidence]]:
    """The resources, financing lines, support actions and dismissals of these projects,
    counted per scheme in one query, in three parts: the project `own`, the project `extra`,
    and the others (REST, OWN, EXTRA)."""
    # Looked up by key in each of the four parts of the union, handed over as one parameter:
    # 2,000 ids as a list of 8,000 parameters took Django longer to prepare than the database
    # to answer.
    similar = _ids_parameter(project_ids)

    def outcome(obtained: Q) -> Case:
        return Case(When(obtained, then=Value(OBTAINED)), default=Value(MOBILISED))

    resources = (
        Resource.objects.filter(project__in=similar, scheme__isnull=False)
        .annotate(outcome=outcome(Q(status=Resource.Status.OBTAINED)))
        .values_list("scheme_id", "project_id", "outcome")
        .order_by()
    )
    lines = (
        FinancingLine.objects.filter(project__in=similar, scheme__isnull=False)
        .annotate(outcome=outcome(Q(status=FinancingLine.Status.GRANTED)))
        .values_list("scheme_id", "project_id", "outcome")
        .order_by()
    )
    # Actions name an organisation, not a scheme: each counts for that organisation's schemes
    # of the same kind (a collaborative action for its research partnerships).
    actions = (
        SupportAction.objects.filter(project__in=similar)
        .exclude(status=SupportAction.Status.CANCELLED)
        .filter(
            Q(provider__schemes__kind=F("kind"))
            | Q(
                kind=SupportAction.Kind.COLLABORATIVE,
                provider__schemes__kind=SchemeKind.RESEARCH,
            )
        )
        .annotate(outcome=outcome(Q(status__in=STARTED_ACTIONS)))
        .values_list("provider__schemes__id", "project_id", "outcome")
        .order_by()
    )
    dismissals = (
        SuggestionDismissal.objects.filter(project__in=similar)
        .annotate(outcome=Value(DISMISSED))
        .values_list("scheme_id", "project_id", "outcome")
        .order_by()
    )
    # The union would take Resource's default ordering, which names no column of the rows.
    # UNION ALL: a repeated row changes no count of distinct projects, and a project dismisses
    # a scheme once (one row per project and scheme); removing duplicates cost a tenth of the
    # query.
    rows = resources.union(lines, actions, dismissals, all=True).order_by()
    # Counted per scheme by the database: reading the rows (tens of thousands for a common
    # axis) and gathering them in sets took most of a ranking's time.
    rows_sql, params = rows.query.sql_with_params()
    counted = f"""
        WITH history (scheme_id, project_id, outcome) AS ({rows_sql})
        SELECT scheme_id,
            CASE WHEN project_id = %s THEN {EXTRA} WHEN project_id = %s THEN {OWN}
                ELSE {REST} END AS part,
            COUNT(DISTINCT CASE WHEN outcome <> %s THEN project_id END),
            COUNT(DISTINCT CASE WHEN outcome = %s THEN project_id END),
            COUNT(CASE WHEN outcome = %s THEN 1 END)
        FROM history GROUP BY scheme_id, part"""  # noqa: S608 (the ORM's SQL, values bound)
    parts: tuple[dict, dict, dict] = ({}, {}, {})
    with connection.cursor() as cursor:
        cursor.execute(counted, (*params, extra or 0, own or 0, DISMISSED, OBTAINED, DISMISSED))
        for scheme_id, part, mobilised, obtained, dismissed in cursor.fetchall():
            parts[part][scheme_id] = Evidence(mobilised, obtained, dismissed)
    return parts


def _ids_parameter(ids: list[int]) -> RawSQL:
    """These ids as a subquery of a single JSON parameter, for `…__in=`."""
    if connection.vendor == "postgresql":
        sql = "SELECT jsonb_array_elements_text(%s::jsonb)::bigint"
    else:
        sql = "SELECT value FROM json_each(%s)"
    return RawSQL(sql, [json.dumps(ids)])  # noqa: S611 (constant SQL, the ids bound)
