"""Jobs run by real worker processes on the real database queue (django-tasks-db).

The test's data (in its rolled-back transaction) is copied into a database file the
worker processes use; the test reads their work back from that file. Nothing here depends
on speed: each wait polls for a state change, for up to a minute.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3._functions import register as register_functions
from redis import Redis

from kotacerdas.jobs.models import Job
from kotacerdas.jobs.services import enqueue_job

from ..conftest import World
from .kinds import ECHO, GATE, RESULTS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="copies the test database file (SQLite)"
    ),
]

ROOT = Path(settings.BASE_DIR)
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by the test
TIMEOUT = float(os.environ.get("JOBS_TEST_TIMEOUT", "60"))


@dataclass
class Shared:
    """The database file and media folder the worker processes share with the test."""

    database: Path
    media: Path
    processes: list[subprocess.Popen[bytes]]

    def snapshot(self) -> None:
        """Copy the test's database as it is now (uncommitted rows included) to the file."""
        connection.ensure_connection()
        script = "\n".join(connection.connection.iterdump())
        target = sqlite3.connect(self.database)
        register_functions(target)  # REGEXP and the rest, for the schema's constraints
        target.executescript(script)
        target.close()

    def start_worker(self, *args: str, **extra_env: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_ENV": "test",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "MEDIA_ROOT": str(self.media),
            "TASKS_BACKEND": "database",
            "JOBS_LEASE_SECONDS": "2",
            "JOBS_HEARTBEAT_SECONDS": "0.5",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            **extra_env,
        }
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, str(ROOT / "tests/jobs/worker_main.py"), *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.database.parent / "worker.log", "ab"),  # noqa: SIM115
        )
        self.processes.append(process)
        return process

    def job(self, job: Job) -> dict[str, Any]:
        with sqlite3.connect(self.database, timeout=30) as db:
            db.row_factory = sqlite3.Row
            row = db.execute("SELECT * FROM jobs_job WHERE id = ?", [job.pk.hex]).fetchone()
            return dict(row)

    def count(self, sql: str, *params: Any) -> int:
        with sqlite3.connect(self.database, timeout=30) as db:
            return int(db.execute(sql, params).fetchone()[0])

    def wait_for(self, what: Callable[[], bool], description: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if what():
                return
            time.sleep(0.1)
        raise AssertionError(f"not seen within {TIMEOUT} s: {description}")

    def results(self) -> list[Path]:
        folder = self.media / RESULTS
        return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Shared]:
    media = tmp_path / "media"
    media.mkdir()
    found = Shared(tmp_path / "jobs.sqlite3", media, [])
    yield found
    for process in found.processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=TIMEOUT)


def _enqueue(world: World, capture: Any, kind: str, **params: Any) -> Job:
    with capture(execute=True):
        return enqueue_job(
            actor=world.users["coordinator"], kind=kind, region=world.region, params=params
        )


def test_a_worker_process_runs_a_job_to_its_result(
    world: World, shared: Shared, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks, ECHO)
    shared.snapshot()
    worker = shared.start_worker("--batch", "--interval", "0.1")
    assert worker.wait(timeout=TIMEOUT) == 0
    row = shared.job(job)
    assert (row["status"], row["percent"], row["attempts"]) == ("done", 100, 1)
    assert row["outcome_url"] == f"/results/{job.pk}/"
    assert [p.name for p in shared.results()] == [f"{job.pk}.txt"]
    owner = world.users["coordinator"].pk
    assert shared.count("SELECT count(*) FROM notifications_notification WHERE user_id = ?", owner)


def test_a_job_whose_worker_was_killed_is_taken_up_by_another_and_leaves_no_half_file(
    world: World, shared: Shared, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    gate = tmp_path / "gate"
    job = _enqueue(world, django_capture_on_commit_callbacks, GATE, gate=str(gate))
    shared.snapshot()

    first = shared.start_worker("--interval", "0.1")
    shared.wait_for(
        lambda: shared.job(job)["step"] == "Waiting for the gate", "the first worker's step"
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=TIMEOUT)
    row = shared.job(job)
    assert (row["status"], row["attempts"], row["percent"]) == ("running", 1, 10)
    assert shared.results() == []

    gate.touch()
    second = shared.start_worker("--interval", "0.1")
    shared.wait_for(lambda: shared.job(job)["status"] == "done", "the job done by the second")
    row = shared.job(job)
    assert (row["attempts"], row["percent"]) == (2, 100)
    assert [p.name for p in shared.results()] == [f"{job.pk}.txt"]
    assert (shared.media / RESULTS / f"{job.pk}.txt").read_text() == f"result of {job.pk}"
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=TIMEOUT) == 0


def test_a_job_runs_through_rq_on_redis_with_a_real_rq_worker(world: World, shared: Shared) -> None:
    """TASKS_BACKEND=rq: the job is handed to RQ on the local Redis and run by rqworker."""
    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    job = Job.objects.create(kind=ECHO, owner=world.users["coordinator"], region=world.region)
    shared.snapshot()
    rq = {"TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL}
    handing_over = shared.start_worker("dispatch", str(job.pk), **rq)
    assert handing_over.wait(timeout=TIMEOUT) == 0
    task_id = shared.job(job)["task_id"]
    assert task_id
    assert redis.exists(f"rq:job:{task_id}")
    assert shared.job(job)["status"] == "queued"

    worker = shared.start_worker("--batch", **rq)
    assert worker.wait(timeout=TIMEOUT) == 0
    row = shared.job(job)
    assert (row["status"], row["percent"], row["attempts"]) == ("done", 100, 1)
    assert [p.name for p in shared.results()] == [f"{job.pk}.txt"]
    redis.flushdb()
