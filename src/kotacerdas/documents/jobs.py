"""The background jobs that generate a masterplan's document (registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import allowed
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.progress import JobFailed, JobOutcome, Progress
from kotacerdas.jobs.registry import JobKind, register
from kotacerdas.planning.models import Masterplan, MasterplanVersion

from .models import GeneratedDocument
from .services import KINDS, generate_document


def _masterplan(job: Job) -> Masterplan | None:
    return (
        Masterplan.objects.select_related("region", "region__province")
        .filter(pk=job.params.get("masterplan"))
        .first()
    )


def _run(job: Job, progress: Progress, format: str) -> JobOutcome:
    masterplan = _masterplan(job)
    if masterplan is None:
        raise JobFailed(_("The masterplan of this job no longer exists."))
    version = None
    if job.params.get("version"):
        version = MasterplanVersion.objects.filter(
            pk=job.params["version"], masterplan=masterplan
        ).first()
        if version is None:
            raise JobFailed(_("The masterplan version of this job was deleted."))
    if job.owner is None:
        raise JobFailed(_("The person who asked for this job no longer exists."))
    try:
        row = generate_document(
            actor=job.owner,
            masterplan=masterplan,
            format=format,
            language=job.params.get("language") or "id",
            version=version,
            progress=progress,
        )
    except PermissionDenied as error:
        raise JobFailed(_("You may no longer generate this masterplan's document.")) from error
    return JobOutcome(
        message=str(_("The document is ready.")),
        url=reverse("documents:document_download", kwargs={"pk": row.pk}),
    )


def run_docx(job: Job, progress: Progress) -> JobOutcome:
    return _run(job, progress, GeneratedDocument.Format.DOCX)


def run_pdf(job: Job, progress: Progress) -> JobOutcome:
    return _run(job, progress, GeneratedDocument.Format.PDF)


def can_view(user: Any, job: Job) -> bool:
    masterplan = _masterplan(job)
    return masterplan is not None and allowed(user, "documents.view_documents", masterplan)


def register_kinds() -> None:
    register(
        JobKind(
            KINDS[GeneratedDocument.Format.DOCX],
            _("Masterplan document (DOCX)"),
            run_docx,
            can_view,
        )
    )
    register(
        JobKind(
            KINDS[GeneratedDocument.Format.PDF],
            _("Masterplan document (PDF)"),
            run_pdf,
            can_view,
        )
    )
