"""Timing, query counting and peak memory helpers."""

import math
import os
import resource
import statistics
import time
from contextlib import contextmanager

from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of a list of numbers."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: list[float]) -> dict:
    ms = [value * 1000 for value in seconds]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "max_ms": round(max(ms), 2),
    }


@contextmanager
def rolled_back():
    """Everything inside is undone, and on-commit callbacks (email deliveries) never run."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def count_queries(call) -> tuple[int, object]:
    # The connection keeps its last 9,000 queries only, and the capture stops the reset that a
    # request would make: emptied first, a crawl of many pages never counts against a full log.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def own_peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def proc_peak_rss_mb(pid: int) -> float | None:
    """VmHWM (peak resident set) of a running process, from /proc."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except OSError:
        return []


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
