"""Tables of the jobs app: one row per piece of background work a user asked for.

The queue (django-tasks) carries only the job's id; the row holds what the user sees
(status, step, percentage, error, result link) and the lease that lets another worker take
the job over when the one running it died (see ``worker.py``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.constraints import Check
from kotacerdas.regions.models import Region

from . import registry


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE = (Status.QUEUED, Status.RUNNING)


def _translated(text: str, params: dict[str, Any]) -> str:
    if not text:
        return ""
    message = gettext(text)
    if params:
        try:
            return message % params
        except (KeyError, TypeError, ValueError):
            return message
    return message


class Job(models.Model):
    """A piece of background work of one kind, asked for by its owner (none for work the
    system started).

    Step, error and outcome message are stored as English msgids (the error with its
    parameters) and rendered in the reader's language. ``attempts`` counts the times a
    worker took the job; it also fences a worker given up for dead from writing over the
    attempt that replaced it. ``heartbeat`` is renewed while a worker runs the job.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=255, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent"), default=0)
    error = models.TextField(_("error"), blank=True)
    error_params = models.JSONField(_("error parameters"), default=dict, blank=True)
    outcome_message = models.TextField(_("outcome message"), blank=True)
    outcome_url = models.CharField(_("outcome link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["owner", "-created"], name="job_owner_recent"),
            models.Index(fields=["status", "heartbeat"], name="job_status_heartbeat"),
        ]
        constraints = [
            Check(
                condition=Q(percent__lte=100),
                name="job_percent_at_most_100",
                violation_error_message=_("A percentage is at most 100."),
                violation_error_code="percent_over_100",
                field="percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.region_id}

    @property
    def label(self) -> str:
        kind = registry.get(self.kind)
        return str(kind.label) if kind is not None else self.kind

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def step_text(self) -> str:
        return _translated(self.step, {})

    @property
    def error_text(self) -> str:
        return _translated(self.error, self.error_params)

    @property
    def outcome_text(self) -> str:
        return _translated(self.outcome_message, {})
