"""The masterplan's "Dokumen" page: chapter texts, the region's template, generating and
downloading the document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.files import download_name, serve
from kotacerdas.planning.masterplans.queries import current_masterplan
from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.review.queries import versions_of
from kotacerdas.regions.models import Region

from . import services
from .forms import ChapterTextForm, GenerateForm, TemplateForm
from .models import GeneratedDocument, RegionTemplate
from .render import chapters

VIEW = "documents.view_documents"


def _masterplan(request: HttpRequest, pk: int, change: str | None = None) -> Masterplan:
    return get_for_user(
        request.user,
        Masterplan.objects.select_related("region", "region__province", "framework"),
        view=VIEW,
        change=change,
        pk=pk,
    )


@login_required
@require_GET
def document_current(request: HttpRequest, code: str) -> HttpResponse:
    """The cycle's "document" stage: the region's current masterplan's document page."""
    region = get_for_user(
        request.user, Region.objects.all(), view="regions.view_region_data", code=code
    )
    masterplan = current_masterplan(request.user, region)
    if masterplan is None:
        messages.info(request, _("Start a masterplan first."))
        return redirect("planning:masterplan_list", code=region.code)
    return redirect("documents:document_page", pk=masterplan.pk)


@login_required
@require_GET
def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = _masterplan(request, pk)
    user = request.user
    stored = {row.code: row for row in masterplan.chapter_texts.all()}
    can_write = user.has_perm("documents.change_chapter_text", masterplan)
    texts = [
        (
            code,
            title,
            stored.get(code),
            ChapterTextForm(
                initial={
                    "html": stored[code].html if code in stored else "",
                    "version": stored[code].version if code in stored else None,
                },
                prefix=code,
            ),
        )
        for code, _chapter, title in chapters.texts()
    ]
    documents = list(
        masterplan.generated_documents.select_related("masterplan_version", "created_by").order_by(
            "-created", "-pk"
        )[:50]
    )
    context = {
        "masterplan": masterplan,
        "region": masterplan.region,
        "texts": texts,
        "can_write": can_write,
        "can_generate": user.has_perm("documents.generate_document", masterplan),
        "can_template": user.has_perm("documents.change_region_template", masterplan.region),
        "template": RegionTemplate.objects.filter(region_id=masterplan.region_id).first(),
        "generate_form": GenerateForm(),
        "template_form": TemplateForm(),
        "versions": list(versions_of(masterplan).values_list("number", flat=True)),
        "documents": documents,
    }
    return render(request, "documents/document_page.html", context)


@login_required
@require_POST
def chapter_text_save(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    masterplan = _masterplan(request, pk, change="documents.change_chapter_text")
    form = ChapterTextForm(request.POST, prefix=code)
    if not form.is_valid():
        messages.error(request, _("The text could not be saved."))
        return redirect("documents:document_page", pk=masterplan.pk)
    try:
        services.save_chapter_text(
            actor=request.user,  # type: ignore[arg-type]
            masterplan=masterplan,
            code=code,
            html=form.cleaned_data["html"],
            opened_version=form.cleaned_data["version"],
        )
    except ConcurrentEditError:
        messages.error(request, _("Someone else saved this section meanwhile; it is shown now."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("documents:document_page", kwargs={"pk": masterplan.pk}) + f"#{code}")


@login_required
@require_POST
def document_generate(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = _masterplan(request, pk, change="documents.generate_document")
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose DOCX or PDF."))
        return redirect("documents:document_page", pk=masterplan.pk)
    version = None
    if form.cleaned_data["version"]:
        version = versions_of(masterplan).filter(number=form.cleaned_data["version"]).first()
        if version is None:
            raise Http404
    job = services.request_document(
        actor=request.user,  # type: ignore[arg-type]
        masterplan=masterplan,
        format=form.cleaned_data["format"],
        language=form.cleaned_data["language"],
        version=version,
    )
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_POST
def template_upload(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = _masterplan(request, pk)
    if not request.user.has_perm("documents.change_region_template", masterplan.region):
        raise PermissionDenied
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a Word file (.docx)."))
        return redirect("documents:document_page", pk=masterplan.pk)
    try:
        services.upload_region_template(
            actor=request.user,  # type: ignore[arg-type]
            region=masterplan.region,
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The region's template is in use."))
    return redirect("documents:document_page", pk=masterplan.pk)


@login_required
@require_POST
def template_remove(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = _masterplan(request, pk)
    if not request.user.has_perm("documents.change_region_template", masterplan.region):
        raise PermissionDenied
    services.remove_region_template(actor=request.user, region=masterplan.region)  # type: ignore[arg-type]
    messages.success(request, _("The shipped template is in use again."))
    return redirect("documents:document_page", pk=masterplan.pk)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_for_user(
        request.user,
        GeneratedDocument.objects.select_related(
            "masterplan", "masterplan__region", "masterplan_version"
        ),
        view="documents.view_generated_document",
        pk=pk,
    )
    label = f"v{row.masterplan_version.number}" if row.masterplan_version else "draf"
    stem = f"masterplan-{row.masterplan.region.code}-{label}-{row.language}"
    return serve(request, row.file, download_name(stem, row.file))
