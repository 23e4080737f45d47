"""Benchmark harness: serves the app with gunicorn and measures every target in targets.py.

Run with `make bench` or `.venv/bin/python bench/run.py --help`. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from targets import SEEDS, TARGETS, Target

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2
REQUEST_TIMEOUT = 30.0  # seconds; one hung request must not hang the run
BASELINE = "healthz"  # the cheapest answer: every target's throughput is shown as a share of it
COLUMNS = (
    "target",
    "requests",
    "errors",
    "median ms",
    "p95 ms",
    "max ms",
    "req/s",
    "% of healthz",
    "SQL queries",
)


class BenchError(RuntimeError):
    """A target could not be measured (login refused, server gone)."""


@dataclass(frozen=True)
class Sample:
    ms: float
    status: int  # 0 when the request failed below HTTP
    queries: int | None


class Client:
    """One keep-alive connection with its own cookie jar; one per client thread."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, body: str | None = None, **headers: str) -> Any:
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # the next request reconnects
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response

    def timed_get(self, path: str) -> Sample:
        start = time.perf_counter()
        try:
            response = self.send("GET", path)
        except (OSError, http.client.HTTPException):
            return Sample((time.perf_counter() - start) * 1000, 0, None)
        ms = (time.perf_counter() - start) * 1000
        count = response.getheader("X-Query-Count")
        return Sample(ms, response.status, int(count) if count else None)

    def login(self, username: str, password: str) -> None:
        url = "/accounts/login/"
        self.send("GET", url)  # sets the csrftoken cookie the form must echo
        form = {"username": username, "password": password}
        body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        headers["Referer"] = f"http://{HOST}:{self.port}{url}"
        response = self.send("POST", url, body, **headers)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise BenchError(f"login as {username} refused (HTTP {response.status})")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per target")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests first")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed per target")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure targets whose name contains this (repeatable; healthz is always measured)",
    )
    parser.add_argument(
        "--database-url",
        nargs="?",
        const=os.environ.get("DATABASE_URL", ""),
        default=os.environ.get("DATABASE_URL") or None,
        help="use this database (default and bare flag: $DATABASE_URL) "
        "instead of a fresh var/bench.sqlite3",
    )
    parser.add_argument(
        "--no-prepare",
        action="store_true",
        help="the database given is already prepared: skip migrate and the seeds",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    if args.database_url == "":
        parser.error("--database-url without a value needs DATABASE_URL in the environment")
    if args.no_prepare and args.database_url is None:
        parser.error("--no-prepare needs a database (--database-url or DATABASE_URL)")
    return args


def selected(targets: list[Target], only: list[str]) -> list[Target]:
    """The targets named by ``--only`` (all without it); healthz always, as the yardstick."""
    return [t for t in targets if not only or t.name == BASELINE or any(o in t.name for o in only)]


def server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=database_url, QUERY_COUNT_HEADER="1")
    # Development settings with DEBUG off: no debug overhead, no production host checks.
    env.update(DJANGO_ENV="development", DEBUG="0", LOG_LEVEL="WARNING")
    # Every client comes from one address, and the public API allows 300 requests a minute per
    # address: the bench measures the application, so the limit is off (the limiter has tests).
    env.update(PUBLIC_API_REQUESTS_PER_ADDRESS="0")
    return env


def manage(env: dict[str, str], *command: str) -> str:
    cmd = [sys.executable, "manage.py", *command]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode:
        raise BenchError(f"manage.py {command[0]} failed:\n{done.stderr or done.stdout}")
    return done.stdout


def prepare_database(url: str | None, *, prepare: bool = True) -> str:
    """Returns the database URL; a fresh SQLite file unless one was given."""
    if url is None:
        path = ROOT / "var" / "bench.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)  # same data on every run, no sessions piling up
        url = f"sqlite:///{path}"
    if not prepare:
        return url
    env = server_env(url)
    for command in (
        ("migrate", "--noinput"),
        ("load_reference",),
        ("seed_demo",),
        ("seed_bench_masterplan", "--programmes", "300"),
    ):
        manage(env, *command)
    for module in SEEDS:  # national-scale data, one module per part (bench/seed_*.py)
        manage(env, "shell", "-c", f"import bench.{module} as seed; seed.run()")
    return url


SEED_IDS = """
import importlib, json
found = {}
for name in %r:
    module = importlib.import_module("bench." + name)
    if hasattr(module, "ids"):
        found.update(module.ids())
print(json.dumps(found))
"""


def with_ids(targets: list[Target], env: dict[str, str]) -> list[Target]:
    """The targets with each ``{name}`` of their paths filled from the seed modules' ``ids()``
    (objects looked up by name in the prepared database, not assumed ids)."""
    if not any("{" in t.path for t in targets):
        return targets
    output = manage(env, "shell", "-c", SEED_IDS % (SEEDS,)).strip().splitlines()[-1]
    ids = json.loads(output)
    return [replace(t, path=t.path.format_map(ids)) if "{" in t.path else t for t in targets]


DATABASE_FACTS = """
import json
from django.db import connection
from kotacerdas.regions.models import Region
if connection.vendor == "sqlite":
    import sqlite3
    version = sqlite3.sqlite_version
else:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
name = connection.settings_dict["NAME"]
print(json.dumps([connection.vendor, version, str(name), Region.objects.count()]))
"""


def database_facts(env: dict[str, str]) -> dict[str, Any]:
    """Which database the run measured: vendor, server version, name (no credentials)."""
    output = manage(env, "shell", "-c", DATABASE_FACTS).strip().splitlines()[-1]
    vendor, version, name, regions = json.loads(output)
    return {
        "database_engine": vendor,
        "database_version": version,
        "database_name": Path(name).name if vendor == "sqlite" else name,
        "regions": regions,
    }


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages (None where the system does not tell)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "gunicorn", "--chdir", "src", "--bind", f"{HOST}:{port}"]
    cmd += ["--workers", str(WORKERS), "kotacerdas.config.wsgi:application"]
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_healthy(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        if Client(port).timed_get("/healthz").status == 200:
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-2000:]
    raise BenchError(f"gunicorn did not answer /healthz (log {log}):\n{tail}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        if server.poll() is not None:
            return
        try:
            os.killpg(server.pid, sig)  # the whole group: master and workers
            server.wait(timeout=grace)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def run_phase(clients: list[Client], path: str, total: int, seconds: float) -> list[Sample]:
    """Sends ``total`` GETs spread over the clients, all at once; stops at the time limit."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    issued = 0
    samples: list[Sample] = []

    def work(client: Client) -> None:
        nonlocal issued
        while time.monotonic() < deadline:
            with lock:
                if issued >= total:
                    return
                issued += 1
            samples.append(client.timed_get(path))

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT)
    return samples


def percentile(sorted_ms: list[float], fraction: float) -> float:
    return sorted_ms[max(0, math.ceil(fraction * len(sorted_ms)) - 1)]


def measure(target: Target, port: int, args: argparse.Namespace) -> dict[str, Any]:
    clients = [Client(port) for _ in range(args.clients)]
    if target.login:
        for client in clients:
            client.login(*target.login)
    run_phase(clients, target.path, args.warmup, args.timeout)
    start = time.perf_counter()
    samples = run_phase(clients, target.path, args.requests, args.timeout)
    elapsed = time.perf_counter() - start
    if not samples:
        raise BenchError("no request completed")
    ms = sorted(s.ms for s in samples)
    queries = {s.queries for s in samples if s.queries is not None}
    return {
        "name": target.name,
        "path": target.path,
        "login": target.login[0] if target.login else None,
        "requests": len(samples),
        "errors": sum(not 200 <= s.status < 300 for s in samples),
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "max_ms": round(ms[-1], 1),
        "throughput_rps": round(len(samples) / elapsed, 1),
        "queries_max": max(queries, default=None),
        "queries_varied": len(queries) > 1,
    }


def add_shares(results: list[dict[str, Any]]) -> None:
    """Each target's throughput as a share of /healthz in the same run: a figure that says how
    heavy a page is with less of the machine's speed and load in it than the milliseconds."""
    base = next((r for r in results if r["name"] == BASELINE and "failed" not in r), None)
    for result in results:
        if base and "failed" not in result and base["throughput_rps"]:
            share = 100 * result["throughput_rps"] / base["throughput_rps"]
            result["healthz_share_pct"] = round(share, 1)
        else:
            result["healthz_share_pct"] = None


def row(result: dict[str, Any], varied: str = " (varied)") -> list[str]:
    if "failed" in result:
        message = " ".join(result["failed"].split())[:200]
        return [result["name"], *["-"] * (len(COLUMNS) - 2), f"FAILED: {message}"]
    keys = ("requests", "errors", "median_ms", "p95_ms", "max_ms", "throughput_rps")
    share = result.get("healthz_share_pct")
    queries = "-" if result["queries_max"] is None else str(result["queries_max"])
    queries += varied if result["queries_varied"] else ""
    cells = [result["name"], *(str(result[k]) for k in keys)]
    return [*cells, "-" if share is None else f"{share:.1f} %", queries]


def print_table(results: list[dict[str, Any]]) -> None:
    rows = [list(COLUMNS), *(row(r) for r in results)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    for cells in rows:
        numbers = (c.rjust(w + 2) for c, w in zip(cells[1:], widths[1:], strict=True))
        print(cells[0].ljust(widths[0]) + "".join(numbers))


def measure_in_process(env: dict[str, str]) -> list[dict[str, Any]]:
    """Operations that are not one GET (the Excel round trip): bench/programme_import.py
    times them inside the application on the same database and prints JSON."""
    found: list[dict[str, Any]] = []
    for script_name, label in (
        ("programme_import.py", "XLSX round trip"),
        ("documents.py", "masterplan document"),
    ):
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / script_name)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if done.returncode:
            found.append({"name": label, "failed": (done.stderr or done.stdout)[-400:]})
        else:
            found.extend(json.loads(done.stdout))
    return found


def in_process_lines(in_process: list[dict[str, Any]]) -> list[str]:
    if not in_process:
        return []
    lines = [
        "",
        "Measured inside the application (not over HTTP), median of the rounds shown:",
        "",
        "| operation | rounds | median ms | max ms | SQL queries |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in in_process:
        if "failed" in r:
            lines.append(f"| {r['name']} | - | - | - | FAILED: {' '.join(r['failed'].split())} |")
        else:
            cells = (r["name"], r["rounds"], r["median_ms"], r["max_ms"], r["queries"])
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return lines


DATABASE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def format_load(load: list[float] | None) -> str:
    return "unknown" if load is None else " / ".join(f"{x:.2f}" for x in load)


def write_markdown(
    path: Path,
    results: list[dict[str, Any]],
    machine: dict[str, Any],
    in_process: list[dict[str, Any]] | None = None,
) -> None:
    load = machine.get("load_average_start")
    load_end = machine.get("load_average_end")
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`bench/run.py`) on {machine['date']}; do not edit by hand.",
        "",
        f"Machine: {machine['cpu_count']} CPUs, {machine['platform']}, Python "
        f"{machine['python']}; load average {format_load(load)} at the start, "
        f"{format_load(load_end)} at the end.",
        "",
        f"Database: {DATABASE_LABELS.get(machine['database_engine'], machine['database_engine'])} "
        f"{machine['database_version']} (`{machine['database_name']}`) with "
        f"{machine['regions']} regions.",
        "",
        f"Load: gunicorn with {machine['workers']} workers; {machine['clients']} concurrent "
        f"clients, {machine['requests']} requests per target after {machine['warmup']} warm-up "
        'requests. "% of healthz" is a target\'s throughput as a share of `/healthz` in the '
        "same run (100 % would be as cheap as the health check).",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" + "---:|" * (len(COLUMNS) - 1),
    ]
    lines += ["| " + " | ".join(row(r, " ⚠ varied")) + " |" for r in results]
    lines += in_process_lines(in_process or [])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    args = parse_args()
    targets = selected(TARGETS, args.only)
    url = prepare_database(args.database_url, prepare=not args.no_prepare)
    env = server_env(url)
    targets = with_ids(targets, env)
    machine = {
        "cpu_count": os.cpu_count(),
        "load_average_start": load_average(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **database_facts(env),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "workers": WORKERS,
        "clients": args.clients,
        "requests": args.requests,
        "warmup": args.warmup,
    }
    port = free_port()
    log = ROOT / "var" / "bench-gunicorn.log"
    server = start_server(env, port, log)
    results: list[dict[str, Any]] = []
    try:
        wait_healthy(server, port, log)
        for target in targets:
            try:
                results.append(measure(target, port, args))
            except (BenchError, OSError, http.client.HTTPException) as exc:
                results.append({"name": target.name, "path": target.path, "failed": str(exc)})
    finally:
        stop_server(server)
    wanted = not args.only or any(o.lower() in "xlsx round trip" for o in args.only)
    in_process = measure_in_process(env) if wanted else []
    machine["load_average_end"] = load_average()
    add_shares(results)
    print_table(results)
    for line in in_process_lines(in_process):
        print(line)
    report = {"machine": machine, "results": results, "in_process": in_process}
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    write_markdown(args.markdown, results, machine, in_process)
    loads = (format_load(machine["load_average_start"]), format_load(machine["load_average_end"]))
    database = f"{machine['database_engine']} {machine['database_version']}"
    print(f"\nDatabase: {database}; load average {loads[0]} at the start, {loads[1]} at the end")
    print(f"Wrote {args.json} and {args.markdown}")
    failed = any("failed" in r for r in in_process)
    return 1 if failed or any("failed" in r or r["errors"] for r in results) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        sys.exit(f"bench: {exc}")
