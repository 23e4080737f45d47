"""Job kinds used by the tests (registered by the tests' conftest and by the worker
processes the tests start). They write their result file at their end only."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from kotacerdas.accounts.actors import allowed
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.progress import JobFailed, JobOutcome, Progress
from kotacerdas.jobs.registry import JobKind, register

ECHO = "tests.echo"
GATE = "tests.gate"
RESULTS = "jobs-test"


def result_name(job: Job) -> str:
    return f"{RESULTS}/{job.pk}.txt"


def _write_result(job: Job) -> JobOutcome:
    with transaction.atomic():
        if default_storage.exists(result_name(job)):
            default_storage.delete(result_name(job))
        default_storage.save(result_name(job), ContentFile(f"result of {job.pk}".encode()))
    return JobOutcome(message="Done.", url=f"/results/{job.pk}/")


def run_echo(job: Job, progress: Progress) -> JobOutcome:
    progress.report("Counting", 50)
    if job.params.get("fail"):
        raise JobFailed("%(name)s has no programmes.", {"name": job.params["fail"]})
    if job.params.get("crash"):
        raise RuntimeError("boom")
    return _write_result(job)


def run_gate(job: Job, progress: Progress) -> JobOutcome:
    """Reports a step, then waits until the test opens the gate (a file), then writes."""
    progress.report("Waiting for the gate", 10)
    gate = Path(job.params["gate"])
    for _ in range(int(120 / 0.05)):
        if gate.exists():
            break
        time.sleep(0.05)
    progress.report("Writing", 90)
    return _write_result(job)


def can_view(user: Any, job: Job) -> bool:
    return job.region is not None and allowed(user, "regions.view_region_data", job.region)


def register_all() -> None:
    register(JobKind(code=ECHO, label="Echo", run=run_echo, can_view=can_view))
    register(JobKind(code=GATE, label="Gate", run=run_gate, can_view=can_view))
