"""Starting and retrying background jobs.

``enqueue_job`` is called by the service of the app that owns the kind, after that
service's own permission check, inside or outside its transaction: the job row is written
in the caller's transaction and handed to the queue only once it has committed (a job
whose hand-over was lost is handed over again by the workers' sweep, see ``worker.py``).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.regions.models import Region

from . import registry
from .models import Job, Status
from .queue import dispatch_on_commit


def enqueue_job(*, actor: Actor, kind: str, region: Region | None, params: dict[str, Any]) -> Job:
    """Record a job of ``kind`` owned by the actor and queue it once the caller commits."""
    if registry.get(kind) is None:
        raise ValueError(f"No job kind {kind!r} is registered.")
    try:
        json.dumps(params)
    except (TypeError, ValueError) as exc:
        raise ValueError("Job parameters must be plain JSON values.") from exc
    with transaction.atomic():
        require(actor, "jobs.enqueue_job", region)
        with acting(actor):
            job = Job.objects.create(
                kind=kind, owner=user_of(actor), region=region, params=dict(params)
            )
        dispatch_on_commit(job.pk)
    return job


def retry_job(*, actor: Actor, job: Job) -> Job:
    """Queue a failed job again, from the beginning."""
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        require(actor, "jobs.retry_job", current)
        if current.status != Status.FAILED:
            raise ValidationError(_("Only a failed job can be tried again."), code="not_failed")
        with acting(actor):
            current.status = Status.QUEUED
            current.step = ""
            current.percent = 0
            current.error = ""
            current.error_params = {}
            current.outcome_message = ""
            current.outcome_url = ""
            current.started = None
            current.finished = None
            current.heartbeat = None
            current.task_id = ""
            current.save()
        dispatch_on_commit(current.pk)
    return current
