"""The background jobs that generate reports, one per kind of ``report_kinds.KINDS`` and
all run the same way (registered in ``apps.py``)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import allowed
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.progress import JobFailed, JobOutcome, Progress
from kotacerdas.jobs.registry import JobKind, register

from .report_kinds import KINDS, ReportKind
from .services_reports import generate


def _subject(kind: ReportKind, job: Job) -> Any:
    return kind.subjects().filter(pk=job.params.get(kind.param)).first()


def run(kind: ReportKind, job: Job, progress: Progress) -> JobOutcome:
    subject = _subject(kind, job)
    if subject is None:
        raise JobFailed(kind.gone)
    if job.owner is None:
        raise JobFailed(_("The person who asked for this job no longer exists."))
    try:
        row = generate(
            kind.code,
            actor=job.owner,
            subject=subject,
            language=job.params.get("language") or "id",
            format=job.params.get("format") or kind.formats[0],
            year=job.params.get("year"),
            progress=progress,
        )
    except PermissionDenied as error:
        raise JobFailed(kind.denied) from error
    except ValidationError as error:
        raise JobFailed(
            _("The report could not be generated: %(reason)s"),
            {"reason": " ".join(error.messages)},
        ) from error
    return JobOutcome(
        message=str(_("The report is ready.")),
        url=reverse("documents:report_download", kwargs={"pk": row.pk}),
    )


def can_view(kind: ReportKind, user: Any, job: Job) -> bool:
    """Who may follow the job: whoever may generate its report."""
    subject = _subject(kind, job)
    return subject is not None and allowed(user, kind.permission, kind.guarded(subject))


def register_kinds() -> None:
    for kind in KINDS.values():
        register(JobKind(kind.job_kind, kind.label, partial(run, kind), partial(can_view, kind)))
