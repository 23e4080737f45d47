"""Pages of background jobs: one job's progress (refreshing itself while it runs) and the
user's recent jobs. Both read without JavaScript (a refresh link)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.actors import allowed
from kotacerdas.accounts.edge import acting_user

from . import queries, services
from .models import Job


def _job(request: HttpRequest, pk: str, change: str | None = None) -> Job:
    return get_for_user(
        request.user, queries.for_access(), view="jobs.view_job", change=change, pk=pk
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job(request, pk)
    context = {"job": job, "can_retry": allowed(request.user, "jobs.retry_job", job)}
    if getattr(request, "htmx", False):
        return render(request, "jobs/_job_status.html", context)
    return render(request, "jobs/job_detail.html", context)


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job(request, pk, change="jobs.retry_job")
    try:
        services.retry_job(actor=acting_user(request), job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The job is queued again."))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.owned_by(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page})
