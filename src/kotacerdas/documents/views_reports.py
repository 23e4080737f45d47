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
from kotacerdas.lib.files import download_name, serve
from kotacerdas.monitoring.queries import default_year
from kotacerdas.regions.models import Region

from . import services_reports as services
from .forms import ReportForm
from .models import GeneratedReport
from .report_kinds import KINDS, MONITORING

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
        job = services.request(
            MONITORING.code,
            actor=request.user,  # type: ignore[arg-type]
            subject=region,
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
def subject_report_generate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A report about one object (a readiness assessment, an evaluation, an SPBE assessment,
    a selection campaign's ranking), asked for from that object's page."""
    report = KINDS[kind]
    reachable = report.visible(request.user) if report.visible else report.subjects()
    subject = get_for_user(
        request.user,
        reachable,
        view=report.view_permission,
        change=report.change_permission,
        pk=pk,
    )
    try:
        job = services.request(
            report.code,
            actor=request.user,  # type: ignore[arg-type]
            subject=subject,
            language=request.POST.get("language", "id"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report.page, pk=subject.pk)
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
