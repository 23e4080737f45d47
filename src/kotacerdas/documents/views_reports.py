"""A region's "Laporan" page: asking for a monitoring report and downloading the reports
generated before; asking for a readiness assessment's report from its scores page, for an
evaluation's and an SPBE assessment's from their pages and for a selection campaign's
ranking from the ranking page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.scope import scope_of
from kotacerdas.evaluation.queries import evaluations_visible_to
from kotacerdas.evaluation.spbe_queries import assessments_visible_to as spbe_visible_to
from kotacerdas.lib.files import download_name, serve
from kotacerdas.monitoring.queries import default_year
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection.queries import campaigns_visible_to

from . import services_reports as services
from .forms import ReportForm
from .models import GeneratedReport

GENERATE = "documents.generate_report"
UNPUBLISHED_EVALUATION = ("draft", "submitted", "verified")
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
    found = GeneratedReport.objects.filter(region=region)
    if not scope_of(request.user).national:
        # the report of an evaluation not yet published is its assessors' (from the job)
        found = found.exclude(
            evaluation__isnull=False, evaluation__status__in=UNPUBLISHED_EVALUATION
        )
    reports = list(found.select_related("created_by").order_by("-created", "-pk")[:SHOWN])
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
@require_POST
def ranking_report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF of a selection campaign's ranking, asked for from the ranking page."""
    campaign = get_for_user(
        request.user,
        campaigns_visible_to(request.user),
        view=None,
        change=services.RANKING_PERMISSION,
        pk=pk,
    )
    language = request.POST.get("language", "id")
    try:
        job = services.request_ranking_report(
            actor=request.user,  # type: ignore[arg-type]
            campaign=campaign,
            language=language if language in services.LANGUAGES else "id",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("selection:campaign_ranking", pk=campaign.pk)
    messages.info(request, _("The report is being generated; this page shows its progress."))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_POST
def evaluation_report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF report of an evaluation, asked for from its result page."""
    evaluation = get_for_user(
        request.user,
        evaluations_visible_to(request.user),
        view="evaluation.view_evaluation",
        change=services.EVALUATION_PERMISSION,
        pk=pk,
    )
    language = request.POST.get("language", "id")
    try:
        job = services.request_evaluation_report(
            actor=request.user,  # type: ignore[arg-type]
            evaluation=evaluation,
            language=language if language in services.LANGUAGES else "id",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:evaluation_detail", pk=evaluation.pk)
    messages.info(request, _("The report is being generated; this page shows its progress."))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_POST
def spbe_report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF report of an SPBE assessment, asked for from its page."""
    assessment = get_for_user(
        request.user,
        spbe_visible_to(request.user),
        view="evaluation.view_spbe",
        change=GENERATE,
        pk=pk,
    )
    language = request.POST.get("language", "id")
    try:
        job = services.request_spbe_report(
            actor=request.user,  # type: ignore[arg-type]
            assessment=assessment,
            language=language if language in services.LANGUAGES else "id",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("spbe:assessment_detail", pk=assessment.pk)
    messages.info(request, _("The report is being generated; this page shows its progress."))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_for_user(
        request.user,
        GeneratedReport.objects.select_related("region", "campaign"),
        view="documents.view_report",
        pk=pk,
    )
    owner = row.region.code if row.region else f"kampanye-{row.campaign_id}"
    parts = ["laporan", row.kind, owner, str(row.year or ""), row.language]
    stem = "-".join(part for part in parts if part)
    return serve(request, row.file, download_name(stem, row.file))
