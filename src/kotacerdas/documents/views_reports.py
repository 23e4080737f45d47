"""A region's "Laporan" page: asking for a monitoring report and downloading the reports
generated before; asking for a readiness assessment's report from its scores page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.lib.files import download_name, serve
from kotacerdas.monitoring.queries import default_year
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region

from . import services_reports as services
from .forms import ReportForm
from .models import GeneratedReport

GENERATE = "documents.generate_report"
SHOWN = 50


def _region(request: HttpRequest, code: str) -> Region:
    return get_for_user(
        request.user, Region.objects.select_related("province"), view=GENERATE, code=code
    )


@login_required
@require_GET
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    masterplan = services.published_masterplan(region)
    years = list(masterplan.period) if masterplan is not None else []
    initial = {"year": default_year(masterplan)} if masterplan is not None else {}
    reports = list(
        GeneratedReport.objects.filter(region=region)
        .select_related("created_by")
        .order_by("-created", "-pk")[:SHOWN]
    )
    context = {
        "region": region,
        "masterplan": masterplan,
        "years": years,
        "form": ReportForm(initial=initial),
        "reports": reports,
    }
    return render(request, "documents/reports/report_list.html", context)


@login_required
@require_POST
def report_generate(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    form = ReportForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(error) for error in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return redirect("documents:report_list", code=region.code)
    try:
        job = services.request_report(
            actor=request.user,  # type: ignore[arg-type]
            region=region,
            year=form.cleaned_data["year"],
            format=form.cleaned_data["format"],
            language=form.cleaned_data["language"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:report_list", code=region.code)
    messages.info(request, _("The report is being generated; this page shows its progress."))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_POST
def readiness_report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF report of a readiness assessment, asked for from its scores page."""
    assessment = get_for_user(
        request.user,
        Assessment.objects.select_related("region"),
        view="readiness.view_assessment",
        pk=pk,
    )
    language = request.POST.get("language", "id")
    try:
        job = services.request_readiness_report(
            actor=request.user,  # type: ignore[arg-type]
            assessment=assessment,
            language=language if language in services.LANGUAGES else "id",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("readiness:assessment_detail", pk=assessment.pk)
    messages.info(request, _("The report is being generated; this page shows its progress."))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_for_user(
        request.user,
        GeneratedReport.objects.select_related("region"),
        view="documents.view_report",
        pk=pk,
    )
    parts = ["laporan", row.kind, row.region.code, str(row.year or ""), row.language]
    stem = "-".join(part for part in parts if part)
    return serve(request, row.file, download_name(stem, row.file))
