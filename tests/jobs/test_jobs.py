"""Jobs run by the worker code in this process: progress, outcome, failure, retry,
notifications, a worker given up for dead, and the sweep that queues stale jobs again.

The queue itself and real worker processes are tested in ``test_worker_processes.py``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.jobs import worker
from kotacerdas.jobs.models import Job, Status
from kotacerdas.jobs.progress import Progress
from kotacerdas.jobs.services import enqueue_job, retry_job
from kotacerdas.notifications.models import Notification

from ..conftest import World
from .kinds import ECHO, result_name

pytestmark = pytest.mark.django_db


def _enqueue(world: World, django_capture_on_commit_callbacks: Any, **params: Any) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue_job(
            actor=world.users["coordinator"], kind=ECHO, region=world.region, params=params
        )
    job.refresh_from_db()
    return job


def test_enqueue_queues_a_task_on_the_database_backend(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == Status.QUEUED
    assert job.owner == world.users["coordinator"]
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}


def test_the_task_is_handed_over_only_when_the_caller_commits(world: World) -> None:
    job = enqueue_job(actor=world.users["coordinator"], kind=ECHO, region=world.region, params={})
    assert not DBTaskResult.objects.exists()
    assert Job.objects.get(pk=job.pk).task_id == ""


def test_a_run_reports_its_step_and_finishes_with_its_outcome(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks)
    worker.run(str(job.pk), task_id=job.task_id)
    job.refresh_from_db()
    assert (job.status, job.percent, job.attempts) == (Status.DONE, 100, 1)
    assert job.outcome_url == f"/results/{job.pk}/"
    assert job.started is not None and job.finished is not None
    assert default_storage.exists(result_name(job))
    notice = Notification.objects.get(user=world.users["coordinator"])
    assert notice.kind == "jobs.done" and notice.url == f"/jobs/{job.pk}/"
    with translation.override("id"):
        assert "Echo selesai." in notice.text


def test_a_finished_job_is_not_run_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks)
    worker.run(str(job.pk), task_id=job.task_id)
    assert worker.run(str(job.pk), task_id=job.task_id) is None
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_failure_is_shown_in_the_readers_language_and_can_be_retried(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks, crash=True)
    worker.run(str(job.pk), task_id=job.task_id)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert not default_storage.exists(result_name(job))
    with translation.override("en"):
        assert job.error_text.startswith("The job stopped on an unexpected error.")
    with translation.override("id"):
        assert job.error_text.startswith("Pekerjaan berhenti karena galat tak terduga.")
    assert Notification.objects.get(user=world.users["coordinator"]).kind == "jobs.failed"

    with django_capture_on_commit_callbacks(execute=True):
        retried = retry_job(actor=world.users["coordinator"], job=job)
    assert (retried.status, retried.error, retried.percent) == (Status.QUEUED, "", 0)
    retried.refresh_from_db()
    assert retried.task_id and retried.task_id != job.task_id
    Job.objects.filter(pk=job.pk).update(params={})
    worker.run(str(job.pk), task_id=Job.objects.get(pk=job.pk).task_id)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Status.DONE, 2)


def test_a_job_failed_message_keeps_its_parameters(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks, fail="Kota Bengkulu")
    worker.run(str(job.pk), task_id=job.task_id)
    job.refresh_from_db()
    assert job.error_text == "Kota Bengkulu has no programmes."


def test_only_the_owner_retries_and_only_a_failed_job(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        retry_job(actor=world.users["coordinator"], job=job)
    Job.objects.filter(pk=job.pk).update(status=Status.FAILED)
    with pytest.raises(PermissionDenied):
        retry_job(actor=world.users["national_admin"], job=job)
    assert Job.objects.get(pk=job.pk).status == Status.FAILED


def test_a_worker_given_up_for_dead_writes_nothing_over_the_attempt_that_replaced_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks)
    claimed = worker._claim(str(job.pk), job.task_id)
    assert claimed is not None
    old = Progress(claimed)
    # the worker stops renewing its heartbeat; the sweep queues the job again
    Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert worker.requeue_stale() == 1
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.task_id
    worker.run(str(job.pk), task_id=job.task_id)
    old.report("Late news", 10)
    assert worker._finish(claimed, status=Status.FAILED) is None
    job.refresh_from_db()
    assert (job.status, job.attempts, job.percent, job.step) == (Status.DONE, 2, 100, "Counting")


def test_a_live_worker_keeps_its_job(world: World, django_capture_on_commit_callbacks: Any) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks)
    assert worker._claim(str(job.pk), job.task_id) is not None
    assert worker.requeue_stale() == 0
    assert worker.run(str(job.pk), task_id=job.task_id) is None
    assert Job.objects.get(pk=job.pk).status == Status.RUNNING


def test_a_job_the_queue_never_received_is_queued_by_the_sweep(world: World) -> None:
    job = enqueue_job(actor=world.users["coordinator"], kind=ECHO, region=world.region, params={})
    Job.objects.filter(pk=job.pk).update(created=timezone.now() - timedelta(hours=1))
    assert worker.requeue_stale() == 1


def test_a_task_of_an_earlier_queueing_does_not_run_the_job(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = _enqueue(world, django_capture_on_commit_callbacks)
    assert worker.run(str(job.pk), task_id="some-older-task") is None
    assert Job.objects.get(pk=job.pk).status == Status.QUEUED


def test_a_job_of_a_kind_no_longer_registered_fails_with_a_message(world: World) -> None:
    job = Job.objects.create(kind="gone.kind", owner=world.users["coordinator"])
    worker.run(str(job.pk))
    job.refresh_from_db()
    assert job.status == Status.FAILED
    with translation.override("en"):
        assert job.error_text == "This kind of job is no longer available."
        assert str(job) == "gone.kind (Failed)"


def test_enqueue_refuses_an_unknown_kind_and_parameters_that_are_not_json(world: World) -> None:
    with pytest.raises(ValueError, match="No job kind"):
        enqueue_job(actor=SYSTEM, kind="nope", region=None, params={})
    with pytest.raises(ValueError, match="plain JSON"):
        enqueue_job(actor=SYSTEM, kind=ECHO, region=None, params={"when": timezone.now()})
    assert not Job.objects.exists()


def test_a_system_job_has_no_owner_and_notifies_nobody(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue_job(actor=SYSTEM, kind=ECHO, region=None, params={})
    worker.run(str(job.pk), task_id=Job.objects.get(pk=job.pk).task_id)
    assert Job.objects.get(pk=job.pk).status == Status.DONE
    assert not Notification.objects.exists()
