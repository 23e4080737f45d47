"""Times the masterplan document for 100 programmes and 300 indicators: DOCX and PDF.

Two measures:

- **enqueue to file**: the masterplan is committed, a real ``manage.py jobs_worker`` process
  (database queue, as in production) runs beside this script, and each round is timed from
  ``request_document`` (the button's service) until the job is done and its file is kept;
  the masterplan, its jobs and files are deleted at the end;
- **rendering alone**, inside the application (reading the data, drawing the charts,
  writing the file), inside a transaction that is rolled back.

Needs the reference data and an active region with two agencies, e.g. after `make bench`
(var/bench.sqlite3) or `make seed`:

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/documents.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
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


def _requester(plan: Any) -> Any:
    """A national administrator (who may generate any region's document), made if none."""
    from kotacerdas.accounts.models import Membership, Role, User

    found = User.objects.filter(memberships__role=Role.NATIONAL_ADMIN).first()
    if found is None:
        found = User.objects.create(username="bench-documents", email="bench@example.test")
        Membership.objects.create(user=found, role=Role.NATIONAL_ADMIN)
    return found


def _worker() -> subprocess.Popen[bytes]:
    """A real worker process on the same database, looking at the queue every 0.2 s."""
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), "jobs_worker", "--interval", "0.2"],
        cwd=ROOT,
        env={**os.environ, "TASKS_BACKEND": "database"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_done(job_id: Any, timeout: float = 600) -> str:
    from kotacerdas.jobs.models import Job, Status

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
        if status in (Status.DONE, Status.FAILED):
            return str(status)
        time.sleep(0.05)
    raise TimeoutError(f"job {job_id} not done after {timeout} s")


def _enqueue_to_file(programmes: int, indicators: int, rounds: int) -> dict[str, list[float]]:
    """Each format ``rounds`` times, from the request to the kept file, through the queue."""
    from kotacerdas.documents.services import request_document

    samples: dict[str, list[float]] = {"DOCX": [], "PDF": []}
    plan = _masterplan(programmes, indicators)  # committed: the worker reads it
    requester = _requester(plan)
    worker = _worker()
    try:
        warm = request_document(actor=requester, masterplan=plan, format="docx")
        _wait_done(warm.pk)  # the worker's start-up (imports, fonts) is not a user's wait
        for _round in range(rounds):
            for kind in ("DOCX", "PDF"):
                start = time.perf_counter()
                job = request_document(actor=requester, masterplan=plan, format=kind.lower())
                if _wait_done(job.pk) != "done":
                    raise RuntimeError(f"the {kind} job failed")
                samples[kind].append((time.perf_counter() - start) * 1000)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        for row in plan.generated_documents.all():
            row.file.delete(save=False)
        from kotacerdas.jobs.models import Job

        Job.objects.filter(params__masterplan=plan.pk).delete()
        plan.delete()
    return samples


def measure_documents(programmes: int = 100, indicators: int = 300, rounds: int = 3) -> list:
    size = f"{programmes} programmes, {indicators} indicators"
    queued = _enqueue_to_file(programmes, indicators, rounds)
    samples = [_one_round(programmes, indicators) for _round in range(rounds)]
    load = round(os.getloadavg()[0], 1)
    found = [
        {
            "name": f"masterplan {kind}, enqueue to file, real worker ({size}; load {load})",
            "median_ms": round(statistics.median(queued[kind]), 1),
            "max_ms": round(max(queued[kind]), 1),
            "queries": "-",
            "rounds": rounds,
        }
        for kind in ("DOCX", "PDF")
    ]
    return found + [
        {
            "name": f"masterplan {kind}, rendering alone ({size})",
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
