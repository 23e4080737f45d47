"""Handing a job to the task queue (django-tasks: the database backend by default, RQ on
Redis when configured). The queue carries only the job's id."""

from __future__ import annotations

import logging
import uuid

from django.db import transaction

from .models import Job

logger = logging.getLogger(__name__)


def dispatch(job_id: uuid.UUID) -> None:
    """Enqueue the task that runs the job and remember the queue's task id.

    A queue that cannot be reached leaves the job queued without a task id: the workers'
    sweep hands it over again.
    """
    from .tasks import run_job

    try:
        result = run_job.enqueue(str(job_id))
    except Exception:
        logger.exception("Job %s could not be queued; the sweep will queue it again", job_id)
        return
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


def dispatch_on_commit(job_id: uuid.UUID) -> None:
    transaction.on_commit(lambda: dispatch(job_id))
