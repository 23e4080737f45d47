"""The background job that recomputes every published masterplan's summary rows, every year
of its period: queued by itself after ``migrate`` when published masterplans have no current
summary row (an upgrade that emptied them), and by the national and province dashboards
when they meet such a masterplan. Owned by no one (the system started it); national
administrators may watch it."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import SYSTEM, allowed
from kotacerdas.jobs.models import ACTIVE, Job
from kotacerdas.jobs.progress import JobOutcome, Progress
from kotacerdas.jobs.registry import JobKind, register
from kotacerdas.jobs.services import enqueue_job

from . import summaries

logger = logging.getLogger(__name__)

REFRESH_KIND = "monitoring.refresh_summaries"
COMPUTING = _("Computing the monitoring figures")


def run_refresh(job: Job, progress: Progress) -> JobOutcome:
    def step(done: int, total: int) -> None:
        progress.report(COMPUTING, done * 100 // total if total else 100)

    progress.report(COMPUTING, 0)
    count = summaries.refresh_all(every_year=True, progress=step)
    with translation.override(settings.LANGUAGE_CODE):
        message = gettext("Monitoring figures computed for %(count)d masterplans.") % {
            "count": count
        }
    return JobOutcome(message=message)


def can_view(user: Any, job: Job) -> bool:
    return allowed(user, "monitoring.view_national_dashboard", None)


def register_kind() -> None:
    register(
        JobKind(
            code=REFRESH_KIND, label=_("Monitoring figures"), run=run_refresh, can_view=can_view
        )
    )


def active_refresh() -> Job | None:
    """The refresh job queued or running, if any: one query."""
    return Job.objects.filter(kind=REFRESH_KIND, status__in=ACTIVE).order_by("created").first()


def queue_refresh() -> Job:
    """The refresh job queued or running, queued now (as the system) when there is none.
    Two visitors at once may queue two: the second finds rows written and changes nothing."""
    with transaction.atomic():
        job = active_refresh()
        if job is not None:
            return job
        return enqueue_job(actor=SYSTEM, kind=REFRESH_KIND, region=None, params={})


def queue_refresh_if_missing(**kwargs: Any) -> Job | None:
    """After ``migrate``: queue the refresh when a published masterplan has no current
    summary row (the upgrade emptied them), so no one has to run ``refresh_monitoring``.
    A database not migrated this far (``migrate`` to an earlier migration) is left alone."""
    try:
        if not summaries.missing_masterplans().exists():
            return None
        return queue_refresh()
    except DatabaseError:
        logger.warning("Monitoring summaries not checked after migrate", exc_info=True)
        return None
