"""The programme import as a background job, for files of more than ``QUEUE_ABOVE_ROWS``
programmes (registered by ``PlanningConfig.ready``).

The worker reads the kept file, applies it with ``apply_import`` as the user who uploaded
it (all or nothing, the same checks as on the page) and deletes the file once the import
is done or refused; a run cut short keeps it, for the worker that takes the job up again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import allowed
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.progress import JobFailed, JobOutcome, Progress
from kotacerdas.jobs.registry import JobKind, register

from ..masterplans.models import Masterplan
from .services import IMPORT_KIND, ImportRefused, apply_import

QUEUE_ABOVE_ROWS = 100
SHOWN_ERRORS = 50


def _describe(refused: ImportRefused) -> str:
    lines = []
    for error in refused.errors[:SHOWN_ERRORS]:
        where = ", ".join(
            str(part) for part in (error.sheet, error.row or "", error.column) if part
        )
        lines.append(f"{where}: {error.message}" if where else error.message)
    if len(refused.errors) > SHOWN_ERRORS:
        lines.append("…")
    return "; ".join(lines)


def run_import(job: Job, progress: Progress) -> JobOutcome:
    name = str(job.params.get("file", ""))
    masterplan = (
        Masterplan.objects.select_related("region").filter(pk=job.params.get("masterplan")).first()
    )
    if masterplan is None:
        default_storage.delete(name)
        raise JobFailed(_("The masterplan no longer exists; nothing was imported."))
    if job.owner is None:
        raise JobFailed(_("This kind of job is no longer available."))
    if not name or not default_storage.exists(name):
        raise JobFailed(_("The uploaded file is no longer available; upload it again."))
    progress.report(_("Reading the file"), 10)
    with default_storage.open(name, "rb") as kept:
        data = kept.read()
    progress.report(_("Checking and importing the programmes"), 30)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            done = apply_import(masterplan, data, actor=job.owner)
        except ImportRefused as refused:
            default_storage.delete(name)
            raise JobFailed(
                _("Nothing was imported. %(summary)s %(errors)s"),
                {"summary": str(refused), "errors": _describe(refused)},
            ) from refused
        message = gettext("Imported: %(added)d programmes added, %(changed)d changed.") % {
            "added": len(done.added),
            "changed": len(done.changed),
        }
    default_storage.delete(name)
    return JobOutcome(
        message=message, url=reverse("planning:programme_list", kwargs={"pk": masterplan.pk})
    )


def can_view(user: Any, job: Job) -> bool:
    masterplan = Masterplan.objects.filter(pk=job.params.get("masterplan")).first()
    return masterplan is not None and allowed(user, "planning.view_masterplan", masterplan)


def register_kind() -> None:
    register(
        JobKind(
            code=IMPORT_KIND,
            label=_("Programme import"),
            run=run_import,
            can_view=can_view,
        )
    )
