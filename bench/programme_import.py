"""Times the Excel round trip of a 300-programme catalogue: export, preview and import.

The HTTP harness (run.py) only sends GETs; an import is an upload, a preview and a confirmation,
so it is measured in-process here, on the same database, inside a transaction that is rolled
back (the database is left as it was). Needs the reference data and at least one active region
with two agencies, e.g. after `make bench` (var/bench.sqlite3) or `make seed`:

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/programme_import.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django

    django.setup()


def _catalogue(masterplan: Any, n: int, agencies: list[Any]) -> bytes:
    """A filled-in template: ``n`` new programmes with a supporting agency and two funding lines."""
    from kotacerdas.lib.xlsx import SheetSpec, write_workbook
    from kotacerdas.planning.exchange.layout import Catalogue, layout

    names = layout()
    catalogue = Catalogue.of(masterplan)
    dimensions = list(catalogue.dimensions)
    lead, helper = agencies[0].code, agencies[1].code
    first, last = masterplan.start_year, masterplan.end_year
    codes = [f"B{i:03d}" for i in range(n)]
    programmes = [
        [None, None, code, f"Programme {code}", dimensions[i % len(dimensions)], None, "", "", ""]
        + ["medium", first, last, lead, "planned", "", 12]
        for i, code in enumerate(codes)
    ]
    supports = [[code, helper, "Support"] for code in codes]
    funding = [[code, "apbd", first, 1_000_000_000] for code in codes]
    funding += [[code, "csr", last, 250_000_000] for code in codes]
    return write_workbook(
        [
            SheetSpec(names.programmes, names.programme_columns, programmes),
            SheetSpec(names.supports, names.support_columns, supports),
            SheetSpec(names.funding, names.funding_columns, funding),
        ],
        catalogue.lists(names.lists),
    )


def _timed(action: Callable[[], Any]) -> tuple[float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the query log keeps 9000 entries; an import of 300 needs ~6000
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, len(queries)


def _one_round(n: int) -> dict[str, tuple[float, int]]:
    from django.db import transaction

    from kotacerdas.accounts.actors import SYSTEM
    from kotacerdas.framework.models import FrameworkVersion
    from kotacerdas.planning.exchange.queries import export_programmes, preview_import
    from kotacerdas.planning.exchange.services import apply_import
    from kotacerdas.planning.models import Masterplan
    from kotacerdas.regions.models import Agency, Region

    region = next(
        r
        for r in Region.objects.filter(is_active=True).order_by("code")
        if Agency.objects.filter(region=r).active().count() >= 2
    )
    agencies = list(Agency.objects.filter(region=region).active().order_by("code")[:2])
    framework = FrameworkVersion.objects.order_by("-number").first()
    timings: dict[str, tuple[float, int]] = {}
    with transaction.atomic():
        masterplan = Masterplan.objects.create(
            region=region, framework=framework, title="Benchmark", start_year=2025, years=5
        )
        data = _catalogue(masterplan, n, agencies)
        timings["preview"] = _timed(lambda: preview_import(masterplan, data))
        timings["import"] = _timed(lambda: apply_import(masterplan, data, actor=SYSTEM))
        timings["export"] = _timed(lambda: export_programmes(masterplan))
        transaction.set_rollback(True)
    return timings


def measure_programme_import(n: int = 300, rounds: int = 3) -> list[dict[str, Any]]:
    """Median milliseconds and query counts of export, preview and import of ``n`` programmes."""
    samples = [_one_round(n) for _round in range(rounds)]
    return [
        {
            "name": f"XLSX {step} ({n} programmes)",
            "median_ms": round(statistics.median(s[step][0] for s in samples), 1),
            "max_ms": round(max(s[step][0] for s in samples), 1),
            "queries": max(s[step][1] for s in samples),
            "rounds": rounds,
        }
        for step in ("export", "preview", "import")
    ]


if __name__ == "__main__":
    _setup_django()
    print(json.dumps(measure_programme_import(), indent=2))
