"""Jobs run by real worker processes: on the database queue (django-tasks-db), one worker
killed mid-job, and on RQ with a real rqworker on the local Redis.

The worker processes need committed rows, and the test's own rows are in a transaction
that is rolled back. So the test reaches the workers' database through a connection of its
own (alias ``workers``): on SQLite a file copied from the test database, on PostgreSQL the
test database itself in autocommit, its rows deleted afterwards. Nothing here depends on
speed: each wait polls for a state change, for up to a minute.
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
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.backends.sqlite3._functions import register as register_functions
from django.db.utils import load_backend
from django_tasks_db.models import DBTaskResult
from redis import Redis

from kotacerdas.accounts.models import User
from kotacerdas.jobs.models import Job
from kotacerdas.notifications.models import Notification

from .kinds import ECHO, GATE, RESULTS

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
ALIAS = "workers"
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by the test
TIMEOUT = float(os.environ.get("JOBS_TEST_TIMEOUT", "60"))
OWNER = "jobs-worker-owner"


def _connect(settings_dict: dict[str, Any]) -> None:
    """A connection of the test's own, made here rather than configured: one the test
    framework lets a test open besides its own."""
    backend = load_backend(settings_dict["ENGINE"])
    connections[ALIAS] = backend.DatabaseWrapper(settings_dict, ALIAS)


def _database_url(tmp_path: Path) -> str:
    """The workers' database: a copy of the test database (SQLite), or the test database."""
    ours = connection.settings_dict
    if connection.vendor == "sqlite":
        file = tmp_path / "jobs.sqlite3"
        connection.ensure_connection()
        script = "\n".join(connection.connection.iterdump())
        target = sqlite3.connect(file)
        register_functions(target)  # REGEXP and the rest, for the schema's constraints
        target.executescript(script)
        target.close()
        _connect({**ours, "NAME": str(file)})
        return f"sqlite:///{file}"
    _connect(dict(ours))
    user = quote(ours["USER"] or "", safe="")
    password = f":{quote(ours['PASSWORD'], safe='')}" if ours["PASSWORD"] else ""
    return f"postgres://{user}{password}@{ours['HOST']}:{ours['PORT']}/{ours['NAME']}"


def _clean() -> None:
    """Delete what the test committed (PostgreSQL: the database outlives the test)."""
    owner = User.objects.using(ALIAS).filter(username=OWNER)
    Notification.objects.using(ALIAS).filter(user__in=owner).delete()
    DBTaskResult.objects.using(ALIAS).filter(task_path__endswith="run_job").delete()
    Job.objects.using(ALIAS).filter(owner__in=owner).delete()
    owner.delete()


@dataclass
class Shared:
    """The database and media folder the worker processes share with the test."""

    database_url: str
    media: Path
    processes: list[subprocess.Popen[bytes]]

    def job(self, kind: str, **params: Any) -> Job:
        owner = User.objects.using(ALIAS).create(username=OWNER, email="owner@example.test")
        return Job.objects.using(ALIAS).create(kind=kind, owner=owner, params=params)

    def start(self, *args: str, **extra_env: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_ENV": "test",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.media),
            "TASKS_BACKEND": "database",
            "JOBS_LEASE_SECONDS": "2",
            "JOBS_HEARTBEAT_SECONDS": "0.5",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            **extra_env,
        }
        log = open(self.media.parent / "worker.log", "ab")  # noqa: SIM115 - the process's
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, str(ROOT / "tests/jobs/worker_main.py"), *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        self.processes.append(process)
        return process

    def dispatch(self, job: Job, **extra_env: str) -> None:
        """Hand the recorded job to the queue, as ``enqueue_job`` does on commit."""
        assert self.start("dispatch", str(job.pk), **extra_env).wait(timeout=TIMEOUT) == 0

    def row(self, job: Job) -> dict[str, Any]:
        return Job.objects.using(ALIAS).values().get(pk=job.pk)

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
    found = Shared(_database_url(tmp_path), media, [])
    try:
        yield found
    finally:
        for process in found.processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=TIMEOUT)
        try:
            if connection.vendor != "sqlite":
                _clean()
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]


def test_a_worker_process_runs_a_job_to_its_result(shared: Shared) -> None:
    job = shared.job(ECHO)
    shared.dispatch(job)
    assert shared.row(job)["task_id"]
    worker = shared.start("--batch", "--interval", "0.1")
    assert worker.wait(timeout=TIMEOUT) == 0
    row = shared.row(job)
    assert (row["status"], row["percent"], row["attempts"]) == ("done", 100, 1)
    assert row["outcome_url"] == f"/results/{job.pk}/"
    assert [p.name for p in shared.results()] == [f"{job.pk}.txt"]
    notice = Notification.objects.using(ALIAS).get(user_id=job.owner_id)
    assert notice.kind == "jobs.done"


def test_a_job_whose_worker_was_killed_is_taken_up_by_another_and_leaves_no_half_file(
    shared: Shared, tmp_path: Path
) -> None:
    gate = tmp_path / "gate"
    job = shared.job(GATE, gate=str(gate))
    shared.dispatch(job)

    first = shared.start("--interval", "0.1")
    shared.wait_for(
        lambda: shared.row(job)["step"] == "Waiting for the gate", "the first worker's step"
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=TIMEOUT)
    row = shared.row(job)
    assert (row["status"], row["attempts"], row["percent"]) == ("running", 1, 10)
    assert shared.results() == []

    gate.touch()
    second = shared.start("--interval", "0.1")
    shared.wait_for(lambda: shared.row(job)["status"] == "done", "the job done by the second")
    row = shared.row(job)
    assert (row["attempts"], row["percent"]) == (2, 100)
    assert [p.name for p in shared.results()] == [f"{job.pk}.txt"]
    assert (shared.media / RESULTS / f"{job.pk}.txt").read_text() == f"result of {job.pk}"
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=TIMEOUT) == 0


def test_a_job_runs_through_rq_on_redis_with_a_real_rq_worker(shared: Shared) -> None:
    """TASKS_BACKEND=rq: the job is handed to RQ on the local Redis and run by rqworker."""
    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    rq = {"TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL}
    job = shared.job(ECHO)
    shared.dispatch(job, **rq)
    task_id = shared.row(job)["task_id"]
    assert task_id and redis.exists(f"rq:job:{task_id}")
    assert shared.row(job)["status"] == "queued"

    worker = shared.start("--batch", **rq)
    assert worker.wait(timeout=TIMEOUT) == 0
    row = shared.row(job)
    assert (row["status"], row["percent"], row["attempts"]) == ("done", 100, 1)
    assert [p.name for p in shared.results()] == [f"{job.pk}.txt"]
    redis.flushdb()
