"""Times the masterplan document for 100 programmes and 300 indicators: DOCX and PDF.

Measured inside the application (reading the data, drawing the charts, writing the file),
on the same database, inside a transaction that is rolled back. The queue's own overhead
(enqueue → a worker takes the job) is not included. Needs the reference data and an active
region with two agencies, e.g. after `make bench` (var/bench.sqlite3) or `make seed`:

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/documents.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django

    django.setup()


def _masterplan(programmes: int, indicators: int) -> Any:
    from kotacerdas.framework.models import FrameworkVersion
    from kotacerdas.monitoring.models import Indicator, Target
    from kotacerdas.planning.models import (
        FundingLine,
        Masterplan,
        Programme,
        ProgrammeSupport,
    )
    from kotacerdas.regions.models import Agency, Region

    region = next(
        r
        for r in Region.objects.filter(is_active=True).order_by("code")
        if Agency.objects.filter(region=r).active().count() >= 2
    )
    lead, helper = list(Agency.objects.filter(region=region).active().order_by("code")[:2])
    framework = FrameworkVersion.objects.order_by("-number").first()
    assert framework is not None
    dimensions = list(framework.dimensions.order_by("position"))
    plan = Masterplan.objects.create(
        region=region, framework=framework, title="Benchmark", start_year=2025, years=5
    )
    made = Programme.objects.bulk_create(
        Programme(
            masterplan=plan,
            code=f"B{i:03d}",
            name=f"Programme {i}",
            dimension=dimensions[i % len(dimensions)],
            horizon="medium",
            start_year=2025 + i % 3,
            end_year=2029,
            lead_agency=lead,
        )
        for i in range(programmes)
    )
    ProgrammeSupport.objects.bulk_create(
        ProgrammeSupport(programme=p, agency=helper, role="Data") for p in made
    )
    FundingLine.objects.bulk_create(
        FundingLine(programme=p, source=source, year=year, amount=Decimal(250_000_000))
        for p in made
        for source, year in (("apbd", 2025), ("apbn", 2027))
    )
    rows = Indicator.objects.bulk_create(
        Indicator(
            masterplan=plan,
            programme=made[i % programmes],
            code=f"IK{i:03d}",
            name=f"Indicator {i}",
            unit="%",
            level="outcome",
            baseline_value=Decimal(10),
            baseline_year=2024,
            frequency="yearly",
            responsible_agency=lead,
        )
        for i in range(indicators)
    )
    Target.objects.bulk_create(
        Target(indicator=row, year=year, value=Decimal(20 + year - 2025))
        for row in rows
        for year in range(2025, 2030)
    )
    return plan


def _one_round(programmes: int, indicators: int) -> dict[str, float]:
    from django.db import transaction

    from kotacerdas.documents.render import context, docx, pdf
    from kotacerdas.documents.render.figures import draw

    timings: dict[str, float] = {}
    with transaction.atomic():
        plan = _masterplan(programmes, indicators)
        for name, render in (("DOCX", docx.render), ("PDF", pdf.render)):
            start = time.perf_counter()
            doc = context.build(plan)
            render(doc, figures=draw(doc))
            timings[name] = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    return timings


def measure_documents(programmes: int = 100, indicators: int = 300, rounds: int = 3) -> list:
    samples = [_one_round(programmes, indicators) for _round in range(rounds)]
    return [
        {
            "name": f"masterplan {kind} ({programmes} programmes, {indicators} indicators)",
            "median_ms": round(statistics.median(s[kind] for s in samples), 1),
            "max_ms": round(max(s[kind] for s in samples), 1),
            "queries": "-",
            "rounds": rounds,
        }
        for kind in ("DOCX", "PDF")
    ]


if __name__ == "__main__":
    _setup_django()
    print(json.dumps(measure_documents(), indent=2))
