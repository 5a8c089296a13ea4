"""What the history of changes costs: a write with and without it, and a project's timeline
read over a history of a realistic size.

Everything runs inside transactions that are rolled back. The generated data set carries no
history (it is written with COPY, which sends no signal), so the timeline part first adds
`history_entries` synthetic entries spread over the projects, as years of edits would leave.
"""

import datetime as dt
import random

from auditlog.context import disable_auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from .measure import count_queries, rolled_back, summary_ms, timed
from .writer import TableWriter

WRITES = 200
TIMELINE_READS = 30


def _writes(companies, *, audited: bool) -> dict:
    from companies.models import Company

    seconds, queries = [], []
    with rolled_back():
        for number, company_id in enumerate(companies):
            company = Company.objects.get(pk=company_id)
            company.city = f"Ville {number}"

            def save(company=company):
                if audited:
                    company.save()
                else:
                    with disable_auditlog():
                        company.save()

            count, (elapsed, _) = count_queries(lambda save=save: timed(save))
            seconds.append(elapsed)
            queries.append(count)
    return {**summary_ms(seconds), "queries_per_write": max(queries)}


def _synthetic_history(project_ids: list[int], count: int) -> None:
    from auditlog.models import LogEntry

    from projects.models import Project

    content_type = ContentType.objects.get_for_model(Project)
    writer = TableWriter(
        LogEntry,
        ["content_type", "object_pk", "object_id", "object_repr", "action", "changes",
         "changes_text", "timestamp", "additional_data"],
    )  # fmt: skip
    now = timezone.now()
    rng = random.Random(14)
    for number in range(count):
        project_id = rng.choice(project_ids)
        writer.add(
            (
                content_type.pk,
                str(project_id),
                project_id,
                f"Projet {project_id}",
                LogEntry.Action.UPDATE,
                {"stage": ["diagnostic", "montage"]},
                "",
                now - dt.timedelta(minutes=number),
                {"project": project_id},
            )
        )
    writer.close()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE auditlog_logentry")


def measure_audit(*, history_entries: int = 500_000) -> dict:
    from companies.models import Company
    from pmi_aqt.audit.display import entries_for_project
    from projects.models import Project

    companies = list(Company.objects.order_by("?").values_list("pk", flat=True)[:WRITES])
    result = {
        "company_save_with_history": _writes(companies, audited=True),
        "company_save_without_history": _writes(companies, audited=False),
    }
    project_ids = list(Project.objects.values_list("pk", flat=True)[:50_000])
    with rolled_back():
        _synthetic_history(project_ids, history_entries)
        sample = random.Random(7).sample(project_ids, min(TIMELINE_READS, len(project_ids)))
        seconds = []
        for project_id in sample:
            elapsed, _ = timed(lambda project_id=project_id: entries_for_project(project_id, 50))
            seconds.append(elapsed)
    result["project_timeline"] = {**summary_ms(seconds), "history_entries": history_entries}
    return result


def audit_lines(audit: dict) -> list[str]:
    on, off = audit["company_save_with_history"], audit["company_save_without_history"]
    timeline = audit["project_timeline"]
    return [
        "History of changes (django-auditlog; rolled back)",
        f"  company save with history    median {on['median_ms']} ms  p95 {on['p95_ms']} ms  "
        f"{on['queries_per_write']} queries",
        f"  company save without history median {off['median_ms']} ms  p95 {off['p95_ms']} ms  "
        f"{off['queries_per_write']} queries",
        f"  project timeline over {timeline['history_entries']:,} entries: median "
        f"{timeline['median_ms']} ms  p95 {timeline['p95_ms']} ms",
    ]
