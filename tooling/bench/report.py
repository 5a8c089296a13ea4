"""What the bench ran on, the targets, and the readable table."""

import contextlib
import os
import platform
from importlib import metadata

from django.conf import settings
from django.db import connection

from .generate.reset import existing_counts

TARGETS = {
    "page_p95_ms": 100,
    "admin_p95_ms": 300,
    "page_x_trivial": 25,
    "select_options": 300,
    "scan_seconds": 10,
    "emails_per_second": 200,
    "web_worker_mb": 150,
}


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if "model name" in line), "")
        with open("/proc/meminfo") as info:
            memory_kb = int(info.readline().split()[1])
    except OSError:
        memory_kb = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = str(cursor.fetchone()[0])
    versions = {}
    for package in ("django", "celery", "gunicorn", "psycopg2-binary", "redis"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "database": database.split(" on ")[0],
        "debug": settings.DEBUG,
        # Other work on the machine shows here: figures are only comparable at a low load.
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "versions": versions,
        "data": existing_counts(),
    }


def table(summary: dict) -> str:
    lines = []
    lines.extend(pages_table(summary))
    lines.append("Reminder scans (whole data set, rolled back)")
    for row in summary["scans"]:
        flag = "" if row["seconds"] <= TARGETS["scan_seconds"] else "  <-- over 10 s"
        lines.append(
            f"  {row['scan']:<30} {row['seconds']:>8.2f} s {row['queries']:>6} queries "
            f"{row['emails']:>6} emails{flag}"
        )
    load = summary.get("load")
    if load:
        lines.append(
            f"Load on gunicorn ({load['workers']} workers, {load['connections']} connections)"
        )
        for row in load["journeys"]:
            lines.append(
                f"  {row['journey']:<28} {row['rps']:>8.1f} req/s  p50 {row.get('p50_ms')} ms"
                f"  p99 {row.get('p99_ms')} ms  {row['requests']} requests  "
                f"{row['errors']} errors ({row['tool']})"
            )
        lines.append(f"  web worker peak RSS: {load['web_worker_peak_rss_mb']} MB")
    exports = summary.get("exports")
    if exports:
        lines.append("Exports of the whole lists and the yearly report (one gunicorn worker each)")
        for row in exports:
            lines.append(
                f"  {row['export']:<28} {row['seconds']:>7.1f} s  first byte "
                f"{row['first_byte_seconds']} s  {row['megabytes']} MB  "
                f"worker peak RSS {row['web_worker_peak_rss_mb']} MB  HTTP {row['status']}"
                f"  ({row.get('answer', 'file')})"
            )
    mail = summary.get("email")
    if mail:
        lines.append(
            f"Email: {mail.get('emails_per_second')} emails/s through one worker "
            f"({mail.get('worker_concurrency')} processes) "
            f"({mail.get('emails')} in {mail.get('seconds')} s); "
            f"worker peak RSS {mail.get('celery_worker_peak_rss_mb')} MB; the delivery "
            f"function alone in-process: {(mail.get('in_process') or {}).get('emails_per_second')}"
            " emails/s"
        )
    lines.append(f"Load average at start: {summary['machine']['load_average']}")
    lines.append(f"Bench process peak RSS: {summary['bench_process_peak_rss_mb']} MB")
    return "\n".join(lines)


def pages_table(summary: dict) -> list[str]:
    """Every page crawled, worst first (the trivial view, the yardstick, on top)."""
    pages = summary["pages"]
    lines = [
        f"Pages: {len(pages) - 1} requests crawled and timed (in-process, up to "
        f"{summary['pages_repeat']} timed requests each, DEBUG off), worst first",
        f"  {'page':<62} {'as':<9} {'median':>9} {'p95':>9} {'x triv':>7} {'queries':>7}  status",
    ]
    for row in pages:
        limit = TARGETS["admin_p95_ms"] if row.get("kind") == "admin" else TARGETS["page_p95_ms"]
        flag = ""
        if not row["ok"]:
            flag = "  <-- unexpected status"
        elif row.get("largest_select", 0) > TARGETS["select_options"]:
            flag = f"  <-- a select of {row['largest_select']} options"
        elif row.get("kind") != "download" and row["p95_ms"] > limit:
            flag = f"  <-- p95 > {limit} ms"
        elif row.get("kind") not in ("download", "admin") and (
            row["x_trivial"] > TARGETS["page_x_trivial"]
        ):
            flag = f"  <-- over {TARGETS['page_x_trivial']}x trivial"
        lines.append(
            f"  {row['page'][:62]:<62} {row['as']:<9} {row['median_ms']:>7.1f}ms"
            f" {row['p95_ms']:>7.1f}ms {row['x_trivial']:>7.1f} {row['queries']:>7}"
            f"  {row['status']}{flag}"
        )
    actions = summary.get("actions") or []
    if actions:
        names = sorted({action["name"] for action in actions})
        lines.append(f"Actions taking a POST only (not timed): {len(names)}: " + ", ".join(names))
    for problem in summary.get("not_measured") or []:
        status = f" ({problem['status']})" if problem.get("status") else ""
        lines.append(f"  NOT MEASURED {problem['key']}: {problem['reason']}{status}")
    return lines
