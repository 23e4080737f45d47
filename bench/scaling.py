"""Does a region's page slow down as the nation fills up? The same pages measured on the
synthetic national data set (``generate_national_dataset``) at 20, 100 and 514 regions.

    python bench/scaling.py --url-template 'sqlite:///var/scale/s{n}.sqlite3' --build
    python bench/scaling.py --url-template 'postgres://postgres@127.0.0.1:5432/kc_scale_{n}'

One database per size (``{n}`` in the template is the number of regions). ``--build`` first
prepares each from nothing (``migrate``, ``load_reference``, ``seed_demo``, then
``generate_national_dataset --regions n``) and records how long the data set took. Then, for
each size, a child process opens that database and requests each page with Django's test
client in-process, logged in as the persona who uses it, ``--requests`` times after a few
unmeasured ones: the **process CPU time** of each request (``time.process_time``: Python,
templates and, on SQLite, the database engine; the machine's other processes are left out),
its wall time, its SQL queries and the wall time spent waiting on them (on PostgreSQL that is
the server's work plus the round trip; the server is measured from outside the process,
because ``pg_stat_statements`` is not preloaded on the machines this ran on).

Region pages (the region dashboard, the agency report card, the realisation report form and
the masterplan status API) read one region: their 514 ÷ 20 ratio of median CPU time must stay
under ``LIMIT`` (1.5). The province and national dashboards list regions by nature (paged):
their ratio is reported, not judged.

Writes ``bench/results-scaling.json`` (``results-scaling-postgresql.json``; or ``--json``)
and its table into ``docs/benchmarks-national.md`` (or ``--markdown``), between the vendor's markers
(``<!-- scaling:sqlite -->`` … ``<!-- /scaling:sqlite -->``; added at the end when missing).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1.5
SIZES = (20, 100, 514)
WARMUP = 3


@dataclass(frozen=True)
class Page:
    """A page to measure: ``path`` is filled from the child's ids, ``persona`` logs in."""

    name: str
    path: str
    persona: str
    region_page: bool


PAGES = (
    Page("region dashboard", "/regions/{region}/dashboard/", "coordinator", True),
    Page(
        "agency report card",
        "/regions/{region}/agencies/{agency}/report-card/",
        "editor",
        True,
    ),
    Page("realisation report form", "/indicators/{indicator}/report/", "editor", True),
    Page("masterplan status API", "/api/v1/masterplans/{masterplan}/status", "coordinator", True),
    Page("province dashboard", "/provinces/{province}/dashboard/", "province", False),
    Page("national dashboard", "/national/dashboard/", "national", False),
)


# --- pure helpers (tested in tests/test_bench_scaling.py) ---------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0–1) of a non-empty list."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil, at least the first
    return ordered[int(rank) - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    """Median and p95 in milliseconds of durations given in seconds."""
    return {
        "median_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(percentile(values, 0.95) * 1000, 2),
    }


def ratio(large: float, small: float) -> float | None:
    """How many times slower ``large`` is than ``small`` (None when small is zero)."""
    if small <= 0:
        return None
    return round(large / small, 2)


def verdict(found: float | None, limit: float = LIMIT) -> str:
    """PASS when the ratio stays within the limit, FAIL above it, n/a without a ratio."""
    if found is None:
        return "n/a"
    return "PASS" if found <= limit else "FAIL"


def compare(results: dict[int, dict[str, Any]], sizes: Sequence[int]) -> list[dict[str, Any]]:
    """One row per page: its medians at each size, the ratio of the largest size to the
    smallest, and the verdict for region pages (the others are reported, not judged)."""
    small, large = min(sizes), max(sizes)
    rows = []
    for page in PAGES:
        row: dict[str, Any] = {"page": page.name, "region_page": page.region_page}
        for n in sizes:
            found = results[n]["pages"][page.name]
            row[str(n)] = {
                "cpu_median_ms": found["cpu"]["median_ms"],
                "cpu_p95_ms": found["cpu"]["p95_ms"],
                "wall_median_ms": found["wall"]["median_ms"],
                "sql_median_ms": found["sql"]["median_ms"],
                "queries": found["queries"],
            }
        row["cpu_ratio"] = ratio(row[str(large)]["cpu_median_ms"], row[str(small)]["cpu_median_ms"])
        row["sql_ratio"] = ratio(row[str(large)]["sql_median_ms"], row[str(small)]["sql_median_ms"])
        row["verdict"] = verdict(row["cpu_ratio"]) if page.region_page else "reported"
        rows.append(row)
    return rows


def markdown(report: dict[str, Any]) -> str:
    """The results as a markdown page."""
    sizes = report["sizes"]
    small, large = min(sizes), max(sizes)
    lines = [
        f"## Scaling from {small} to {large} regions, {report['vendor']}",
        "",
        "Written by `bench/scaling.py`; see its docstring for what is measured. Each page",
        f"requested {report['requests']} times (after {WARMUP} unmeasured) in-process with",
        "Django's test client, logged in as the persona who uses it. **CPU** is the process",
        "CPU time of a request (Python, templates and, on SQLite, the database engine);",
        "**SQL** the wall time spent waiting on queries. Medians in ms, p95 of CPU in brackets.",
        "",
        "### Data sets",
        "",
        "| regions | masterplans | indicators | realisations | build | load during build |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for n in sizes:
        facts = report["results"][str(n)]["facts"]
        build = report.get("builds", {}).get(str(n))
        took = f"{build['seconds'] / 60:.1f} min" if build else "—"
        load = " → ".join(str(build[k][0]) for k in ("load_start", "load_end")) if build else "—"
        lines.append(
            f"| {n} | {facts['masterplans']} | {facts['indicators']:,} | "
            f"{facts['realisations']:,} | {took} | {load} |".replace(",", " ")
        )
    lines += [
        "",
        "### Pages",
        "",
        "| page | persona | queries | "
        + " | ".join(f"CPU at {n}" for n in sizes)
        + f" | CPU {large} ÷ {small} | "
        + " | ".join(f"SQL at {n}" for n in sizes)
        + " | verdict (≤ 1.5×) |",
        "|---|---|---:|" + "---:|" * (2 * len(sizes) + 1) + "---|",
    ]
    personas = {p.name: p.persona for p in PAGES}
    for row in report["comparison"]:
        queries = " / ".join(str(row[str(n)]["queries"]) for n in sizes)
        cpu = " | ".join(
            f"{row[str(n)]['cpu_median_ms']:.1f} ({row[str(n)]['cpu_p95_ms']:.1f})" for n in sizes
        )
        sql = " | ".join(f"{row[str(n)]['sql_median_ms']:.1f}" for n in sizes)
        shown = f"{row['cpu_ratio']:.2f}×" if row["cpu_ratio"] is not None else "—"
        lines.append(
            f"| {row['page']} | {personas[row['page']]} | {queries} | {cpu} | {shown} | {sql} "
            f"| {row['verdict']} |"
        )
    lines += ["", "Load average (1, 5, 15 min) while measuring:", ""]
    for n in sizes:
        found = report["results"][str(n)]
        lines.append(f"- {n} regions: {found['load_start']} → {found['load_end']}")
    lines.append("")
    return "\n".join(lines)


def with_section(page: str, vendor: str, section: str, kind: str = "scaling") -> str:
    """``page`` with the text between the markers of ``kind`` and vendor
    (``<!-- scaling:sqlite -->`` … ``<!-- /scaling:sqlite -->``) replaced by ``section`` (the
    markers and section added at the end when the page has none)."""
    start, end = f"<!-- {kind}:{vendor} -->", f"<!-- /{kind}:{vendor} -->"
    block = f"{start}\n{section.strip()}\n{end}"
    if start in page and end in page:
        before, rest = page.split(start, 1)
        return before + block + rest.split(end, 1)[1]
    return page.rstrip("\n") + "\n\n" + block + "\n"


# --- the child: one database, measured in-process ------------------------------------------


def _setup_personas() -> tuple[dict[str, Any], dict[str, str], dict[str, int]]:
    """The users who open the pages (made once per database, bench/seed_national.py), the ids
    the paths need and what the database holds."""
    from bench import seed_national

    try:
        users = seed_national.setup_personas()
    except LookupError as exc:
        raise SystemExit(str(exc)) from exc
    ids = {key.removeprefix("nat_"): value for key, value in seed_national.ids().items()}
    return users, ids, seed_national.facts()


def measure(requests: int) -> dict[str, Any]:
    """Every page of ``PAGES`` on the configured database (Django set up by the caller)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    users, ids, facts = _setup_personas()
    load_start = [round(x, 2) for x in os.getloadavg()]
    pages = {}
    for page in PAGES:
        client = Client(HTTP_ACCEPT_LANGUAGE="id")
        client.force_login(users[page.persona])
        path = page.path.format_map(ids)
        cpu: list[float] = []
        wall: list[float] = []
        sql: list[float] = []
        counts: list[int] = []
        for attempt in range(WARMUP + requests):
            spent = [0.0, 0]

            def timed(execute: Any, *args: Any, spent: list[Any] = spent) -> Any:
                started = time.perf_counter()
                try:
                    return execute(*args)
                finally:
                    spent[0] += time.perf_counter() - started
                    spent[1] += 1

            # Each request builds its page from the database: the region dashboard's body kept
            # in the cache (monitoring.dashboard_cache) would otherwise be measured instead.
            cache.clear()
            with connection.execute_wrapper(timed):
                wall_start, cpu_start = time.perf_counter(), time.process_time()
                response = client.get(path)
                cpu_used = time.process_time() - cpu_start
                wall_used = time.perf_counter() - wall_start
            if response.status_code != 200:
                raise SystemExit(f"{page.name}: {path} answered {response.status_code}")
            if attempt >= WARMUP:
                cpu.append(cpu_used)
                wall.append(wall_used)
                sql.append(spent[0])
                counts.append(int(spent[1]))
        pages[page.name] = {
            "path": path,
            "persona": page.persona,
            "cpu": summary(cpu),
            "wall": summary(wall),
            "sql": summary(sql),
            "queries": max(counts),
        }
    return {
        "vendor": connection.vendor,
        "facts": facts,
        "pages": pages,
        "load_start": load_start,
        "load_end": [round(x, 2) for x in os.getloadavg()],
    }


def child(requests: int) -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]  # kotacerdas, and bench as a package
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.config.settings")
    import django

    django.setup()
    print(json.dumps(measure(requests)))


# --- the parent: build, run a child per size, write the report ------------------------------


def environment(url: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=url, DJANGO_ENV="development", DEBUG="0") | {
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def manage(url: str, *command: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=environment(url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(url: str, regions: int) -> dict[str, Any]:
    """Prepare an empty database, then time the data set's generation."""
    for command in (("migrate", "--noinput"), ("load_reference",), ("seed_demo",)):
        manage(url, *command)
    load_start = [round(x, 2) for x in os.getloadavg()]
    started = time.monotonic()
    manage(url, "generate_national_dataset", f"--regions={regions}", "--i-know-this-is-synthetic")
    return {
        "seconds": round(time.monotonic() - started, 1),
        "load_start": load_start,
        "load_end": [round(x, 2) for x in os.getloadavg()],
    }


def run_child(url: str, requests: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", f"--requests={requests}"],
        cwd=ROOT,
        env=environment(url),
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def parse_args(argv: Iterable[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url-template", help="database URL with {n} for the number of regions")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page")
    parser.add_argument("--build", action="store_true", help="prepare each database first")
    parser.add_argument(
        "--builds", type=Path, help="JSON of build times measured elsewhere (size → facts)"
    )
    parser.add_argument(
        "--json", type=Path, help="default: bench/results-scaling[-postgresql].json"
    )
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs" / "benchmarks-national.md")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.child and not args.url_template:
        parser.error("--url-template is required")
    return args


def main(argv: Iterable[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        child(args.requests)
        return
    builds: dict[str, Any] = json.loads(args.builds.read_text()) if args.builds else {}
    results: dict[int, dict[str, Any]] = {}
    for n in args.sizes:
        url = args.url_template.format(n=n)
        if args.build:
            builds[str(n)] = build(url, n)
            print(f"{n} regions built in {builds[str(n)]['seconds']} s", flush=True)
        results[n] = run_child(url, args.requests)
        print(f"{n} regions measured", flush=True)
    vendor = results[args.sizes[0]]["vendor"]
    report = {
        "vendor": vendor,
        "sizes": args.sizes,
        "requests": args.requests,
        "limit": LIMIT,
        "builds": builds,
        "results": {str(n): found for n, found in results.items()},
        "comparison": compare(results, args.sizes),
    }
    suffix = "" if vendor == "sqlite" else f"-{vendor}"
    out = args.json or ROOT / "bench" / f"results-scaling{suffix}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    page = args.markdown.read_text() if args.markdown.exists() else ""
    args.markdown.write_text(with_section(page, vendor, markdown(report)))
    for row in report["comparison"]:
        print(f"{row['page']:<28} {row['cpu_ratio']}× {row['verdict']}")


if __name__ == "__main__":
    main()
