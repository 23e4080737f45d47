"""What a worker does with a job, and how a job whose worker died is taken up again.

A worker **claims** the job (status running, ``attempts`` + 1, a fresh heartbeat) in a
short transaction, runs the kind's ``run`` outside any transaction while a thread renews
the heartbeat every ``JOBS_HEARTBEAT_SECONDS``, and records the outcome in a second short
transaction. Every write after the claim names the attempt it belongs to, so a worker that
was given up for dead and comes back writes nothing over the attempt that replaced it.

**Recovery.** A job whose heartbeat is older than ``JOBS_LEASE_SECONDS`` while it is
"running" belonged to a worker that died (killed, machine lost): ``requeue_stale`` puts it
back in the queue, and so it does with a job the queue never received. Every
``manage.py jobs_worker`` runs that sweep when it starts and every half lease while it
runs, so any live worker, on any machine, takes up the work of a dead one. The run starts
again from the beginning: a kind writes its results only at its end, in one transaction.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.notifications.services import notify

from . import notifications, registry
from .models import Job, Status
from .progress import JobFailed, JobOutcome, Progress, msgid
from .queue import dispatch_on_commit

logger = logging.getLogger(__name__)

UNEXPECTED = _(
    "The job stopped on an unexpected error. Try again; if it fails again, tell the administrator."
)
UNKNOWN_KIND = _("This kind of job is no longer available.")


def lease() -> timedelta:
    return timedelta(seconds=float(settings.JOBS_LEASE_SECONDS))


def _claim(job_id: str, task_id: str) -> Job | None:
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (Status.DONE, Status.FAILED):
            return None
        if job.task_id and task_id and job.task_id != task_id:
            return None  # a task the job was queued with before it was queued again
        if (
            job.status == Status.RUNNING
            and job.heartbeat is not None
            and job.heartbeat > now - lease()
        ):
            return None  # a live worker has it
        job.status = Status.RUNNING
        job.attempts += 1
        job.started = now
        job.heartbeat = now
        job.step = ""
        job.percent = 0
        job.save(update_fields=["status", "attempts", "started", "heartbeat", "step", "percent"])
        return job


class _Heartbeat(threading.Thread):
    """Renews the job's heartbeat while its attempt runs."""

    def __init__(self, job: Job) -> None:
        super().__init__(name=f"job-heartbeat-{job.pk}", daemon=True)
        self.job_id = job.pk
        self.attempt = job.attempts
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = float(settings.JOBS_HEARTBEAT_SECONDS)
        try:
            while not self.stopped.wait(interval):
                try:
                    Job.objects.filter(
                        pk=self.job_id, attempts=self.attempt, status=Status.RUNNING
                    ).update(heartbeat=timezone.now())
                except DatabaseError:
                    logger.warning("Heartbeat of job %s not written; trying again", self.job_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def _finish(job: Job, **fields: Any) -> Job | None:
    """Record the attempt's end, if the attempt still holds the job, and notify the owner."""
    with transaction.atomic():
        current = (
            Job.objects.select_for_update(of=("self",))
            .select_related("owner", "region")
            .filter(pk=job.pk, attempts=job.attempts, status=Status.RUNNING)
            .first()
        )
        if current is None:
            return None
        for name, value in fields.items():
            setattr(current, name, value)
        current.finished = timezone.now()
        current.save()
        if current.owner is not None:
            _notify_owner(current)
        return current


def _notify_owner(job: Job) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        params = {"label": job.label}
        if job.status == Status.FAILED:
            params["error"] = job.error_text
    notify(
        [job.owner] if job.owner is not None else [],
        actor=SYSTEM,
        kind=notifications.DONE if job.status == Status.DONE else notifications.FAILED,
        params=params,
        url=reverse("jobs:job_detail", args=[job.pk]),
        region=job.region,
    )


def run(job_id: str, *, task_id: str = "") -> Job | None:
    """Run one attempt of the job (nothing when it is finished or a live worker has it)."""
    job = _claim(job_id, task_id)
    if job is None:
        return None
    kind = registry.get(job.kind)
    if kind is None:
        return _finish(job, status=Status.FAILED, error=msgid(UNKNOWN_KIND), error_params={})
    heartbeat = _Heartbeat(job)
    heartbeat.start()
    try:
        outcome = kind.run(job, Progress(job))
    except JobFailed as exc:
        heartbeat.stop()
        return _finish(job, status=Status.FAILED, error=msgid(exc.message), error_params=exc.params)
    except Exception:
        heartbeat.stop()
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return _finish(job, status=Status.FAILED, error=msgid(UNEXPECTED), error_params={})
    heartbeat.stop()
    if not isinstance(outcome, JobOutcome):
        outcome = JobOutcome()
    return _finish(
        job,
        status=Status.DONE,
        percent=100,
        outcome_message=msgid(outcome.message),
        outcome_url=outcome.url,
    )


def requeue_stale(now: Any = None) -> int:
    """Queue again every job whose worker died, or that the queue never received."""
    now = now or timezone.now()
    cutoff = now - lease()
    count = 0
    candidates = list(
        Job.objects.filter(status=Status.RUNNING, heartbeat__lt=cutoff).values_list("pk", flat=True)
    ) + list(
        Job.objects.filter(status=Status.QUEUED, task_id="", created__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in candidates:
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(pk=pk).first()
            if job is None:
                continue
            stale_run = (
                job.status == Status.RUNNING
                and job.heartbeat is not None
                and job.heartbeat < cutoff
            )
            lost = job.status == Status.QUEUED and not job.task_id and job.created < cutoff
            if not (stale_run or lost):
                continue
            logger.warning("Job %s (%s) is queued again: its worker stopped", job.pk, job.kind)
            job.status = Status.QUEUED
            job.task_id = ""
            job.heartbeat = None
            job.save(update_fields=["status", "task_id", "heartbeat"])
            dispatch_on_commit(job.pk)
            count += 1
    return count


def sweep_forever(stop: threading.Event) -> None:
    """The sweep of ``jobs_worker``: at once, then every half lease until ``stop``."""
    interval = max(1.0, lease().total_seconds() / 2)
    try:
        while True:
            close_old_connections()
            try:
                requeue_stale()
            except DatabaseError:
                logger.exception("The sweep of stale jobs failed; trying again")
            if stop.wait(interval):
                return
    finally:
        connection.close()
