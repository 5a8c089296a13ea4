"""Throughput and latency under concurrent load: gunicorn (2 workers) driven by wrk.

Both run on 127.0.0.1 only, for a bounded time per journey. Without wrk, a small threaded
Python load generator takes its place (and says so in the results).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from .measure import children, free_port, proc_peak_rss_mb

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    return round(float(match.group(1)) * UNITS[match.group(2)], 2) if match else None


def parse_wrk(output: str) -> dict:
    result = {}
    for share in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{share}%\s+(\S+)", output, re.M)
        if match:
            result[f"p{share}_ms"] = _ms(match.group(1))
    match = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    result["requests"] = int(match.group(1)) if match else 0
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["rps"] = float(match.group(1)) if match else 0.0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = int(match.group(1)) if match else 0
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if match:
        errors += sum(int(n) for n in match.groups())
    result["errors"] = errors
    return result


class Gunicorn:
    def __init__(self, *, workers: int = 2, timeout: int = 30):
        self.port = free_port()
        self.workers = workers
        self.timeout = timeout  # gunicorn's own default: 30 s
        self.process = None

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "pmi_aqt.wsgi:application", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", str(self.timeout),
             "--log-level", "warning"],
            env=os.environ.copy(),
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/compte/connexion/", timeout=2).read()  # noqa: S310
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 30 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_peak_rss_mb(self) -> list[float]:
        return [proc_peak_rss_mb(pid) for pid in children(self.process.pid)]

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def run_wrk(url: str, cookie: str, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=False
    ).stdout
    return {"tool": "wrk", **parse_wrk(output)}


def run_threads(url: str, cookie: str, seconds: int, connections: int) -> dict:
    """The fallback: `connections` threads, each requesting in a loop for `seconds`."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    response.read()
                    bad = response.status >= 400
            except OSError:
                bad = True
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += bad

    threads = [threading.Thread(target=worker) for _n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)

    def at(share):
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)

    return {
        "tool": "python-threads",
        "p50_ms": at(0.5),
        "p90_ms": at(0.9),
        "p99_ms": at(0.99),
        "requests": len(ordered),
        "rps": round(len(ordered) / seconds, 1),
        "errors": errors[0],
    }


def measure_load(journeys: dict[str, tuple[str, str]], *, seconds: int, connections: int) -> dict:
    """journeys: name -> (path, session cookie or "")."""
    runner = run_wrk if shutil.which("wrk") else run_threads
    results = []
    with Gunicorn(workers=2) as server:
        for name, (path, cookie) in journeys.items():
            result = runner(server.url + path, cookie, seconds, connections)
            results.append({"journey": name, "path": path, "seconds": seconds, **result})
        memory = server.worker_peak_rss_mb()
    return {
        "workers": 2,
        "connections": connections,
        "journeys": results,
        "web_worker_peak_rss_mb": max((m for m in memory if m), default=None),
        "web_workers_peak_rss_mb": memory,
    }


def measure_exports(exports: dict[str, str], cookie: str) -> list[dict]:
    """Each export (name -> path) downloaded whole from a fresh gunicorn worker, as README's
    production command runs it (--timeout 120): its time to the first byte and in all, its
    size, and the worker's peak memory once it is done."""
    results = []
    for name, path in exports.items():
        with Gunicorn(workers=1, timeout=120) as server:
            request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
                server.url + path, headers={"Cookie": f"sessionid={cookie}"}
            )
            started = time.perf_counter()
            size, first_byte = 0, None
            with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
                status = response.status
                # Above JOB_DIRECT_EXPORT_MAX_ROWS the answer is the page offering a background
                # job (README): timed as such, the job itself by `bench_background_jobs`.
                offered = response.headers.get_content_type() == "text/html"
                while piece := response.read(1 << 16):
                    first_byte = first_byte or time.perf_counter() - started
                    size += len(piece)
            seconds = time.perf_counter() - started
            memory = server.worker_peak_rss_mb()
        results.append(
            {
                "export": name,
                "path": path,
                "status": status,
                "answer": "background job offered" if offered else "file",
                "seconds": round(seconds, 2),
                "first_byte_seconds": round(first_byte or seconds, 2),
                "megabytes": round(size / 1e6, 1),
                "web_worker_peak_rss_mb": max((m for m in memory if m), default=None),
            }
        )
    return results
