"""Excel round trip of the programme catalogue: download the template, upload, preview, confirm.

A file of more than ``QUEUE_ABOVE_ROWS`` programmes is not previewed: it is imported by a
background worker (all or nothing, as here) and the page sends the user to the job's page.

The uploaded file waits in the session (base64, at most the spreadsheet upload limit) between the
preview and the confirmation; the confirmation names the file's digest so a second upload in
another tab cannot be applied by mistake.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..masterplans.edges import acting_user, masterplan_context, masterplan_for
from ..masterplans.models import Masterplan
from .forms import UploadForm
from .jobs import QUEUE_ABOVE_ROWS
from .queries import Preview, export_programmes, preview_import, programme_rows
from .services import ImportRefused, apply_import, queue_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "planning_programme_import"
IMPORT_PERM = "planning.add_programme"


@login_required
@require_GET
def programme_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme catalogue as an XLSX template."""
    masterplan = masterplan_for(request, pk)
    response = HttpResponse(export_programmes(masterplan), content_type=XLSX)
    name = slugify(f"{masterplan.region.name} {masterplan.start_year} programmes")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _keep(request: HttpRequest, masterplan: Masterplan, data: bytes) -> str:
    digest = _digest(data)
    request.session[SESSION_KEY] = {
        "masterplan": masterplan.pk,
        "digest": digest,
        "data": base64.b64encode(data).decode("ascii"),
    }
    return digest


def _kept(request: HttpRequest, masterplan: Masterplan) -> bytes | None:
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("masterplan") != masterplan.pk:
        return None
    if kept.get("digest") != request.POST.get("digest"):
        return None
    return base64.b64decode(kept["data"])


def _page(
    request: HttpRequest,
    masterplan: Masterplan,
    form: UploadForm,
    preview: Preview | None = None,
    digest: str = "",
    status: int = 200,
) -> HttpResponse:
    context = masterplan_context(request, masterplan, form=form, preview=preview, digest=digest)
    return render(request, "planning/exchange/import.html", context, status=status)


def _confirm(request: HttpRequest, masterplan: Masterplan) -> HttpResponse:
    data = _kept(request, masterplan)
    if data is None:
        messages.error(request, _("The uploaded file is no longer available; upload it again."))
        return redirect("planning:programme_import", pk=masterplan.pk)
    try:
        done = apply_import(masterplan, data, actor=acting_user(request))
    except ImportRefused as refused:
        preview = Preview(errors=refused.errors)
        return _page(request, masterplan, UploadForm(), preview, status=400)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _("Imported: %(added)d programmes added, %(changed)d changed.")
        % {"added": len(done.added), "changed": len(done.changed)},
    )
    return redirect(reverse("planning:programme_list", kwargs={"pk": masterplan.pk}))


@login_required
@require_http_methods(["GET", "POST"])
def programme_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled-in catalogue, see what it would change, then confirm."""
    masterplan = masterplan_for(request, pk, change=IMPORT_PERM)
    if request.method == "GET":
        return _page(request, masterplan, UploadForm())
    if request.POST.get("action") == "confirm":
        return _confirm(request, masterplan)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, masterplan, form, status=400)
    data: Any = form.cleaned_data["file"]
    if programme_rows(masterplan, data) > QUEUE_ABOVE_ROWS:
        try:
            job = queue_import(masterplan, data, actor=acting_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _page(request, masterplan, UploadForm(), status=400)
        return redirect("jobs:job_detail", pk=job.pk)
    preview = preview_import(masterplan, data)
    digest = _keep(request, masterplan, data) if preview.has_work else ""
    return _page(request, masterplan, UploadForm(), preview, digest, 400 if preview.errors else 200)
