"""Application pages: applying with documents, reading an application, downloading its
documents, the assessor's verification and the assignment of assessors."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.lib import files
from kotacerdas.readiness.models import Answer
from kotacerdas.regions.models import Region

from .. import queries, services
from ..forms import ApplyForm, AssignForm
from ..models import Application, Assignment, Verification
from .common import MANAGE, PAGE_SIZE, acting_user, application_for, campaign_for

# Applications -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A region's coordinator applies (or re-submits) with a submitted assessment."""
    campaign = campaign_for(request, pk)
    region = get_for_user(
        request.user,
        Region.objects.districts(),
        view="regions.view_region_data",
        change="selection.apply",
        code=code,
    )
    criteria = queries.criteria_of(campaign)
    form = ApplyForm(
        request.POST or None,
        request.FILES or None,
        assessments=queries.submitted_assessments(campaign, region.pk),
        criteria=criteria,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_application(
                campaign,
                region,
                form.cleaned_data["assessment"],
                actor=acting_user(request),
                documents=form.documents(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Application submitted."))
            return redirect("selection:application_detail", pk=campaign.pk, code=region.code)
    return render(
        request,
        "selection/application_form.html",
        {"campaign": campaign, "region": region, "form": form},
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    application = application_for(request, pk, code)
    values = {v.criterion_id: v for v in application.values.all()}
    criteria = queries.criteria_of(application.campaign)
    user = request.user
    adjusted = list(application.verified_levels.select_related("item", "assessor"))
    own = dict(
        Answer.objects.filter(
            assessment_id=application.assessment_id, item__in=[v.item_id for v in adjusted]
        ).values_list("item_id", "level")
    )
    return render(
        request,
        "selection/application_detail.html",
        {
            "application": application,
            "adjusted": [(v, own.get(v.item_id)) for v in adjusted],
            "campaign": application.campaign,
            "rows": [(c, values.get(c.pk)) for c in criteria],
            "verification": Verification.objects.filter(application=application)
            .select_related("assessor")
            .first(),
            "assignments": list(application.assignments.select_related("assessor")),
            "can_verify": user.has_perm("selection.verify_application", application),
            "can_resubmit": application.campaign.is_open
            and user.has_perm("selection.apply", application.region),
        },
    )


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, code: str, value_id: int) -> HttpResponseBase:
    """An application's document, to those who may see the application, as a download."""
    application = application_for(request, pk, code)
    value = application.values.filter(pk=value_id).exclude(document="").first()
    if value is None:
        raise Http404
    stem = PurePath(value.document_name).stem or _("document")
    return files.serve(request, value.document, files.download_name(stem, value.document))


@login_required
@require_http_methods(["GET", "POST"])
def application_verify(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The assessor's page: each item with the region's answer beside the adjusted level."""
    application = application_for(request, pk, code, change="selection.verify_application")
    instrument = application.assessment.instrument
    items = list(instrument.items.select_related("dimension", "aspect").order_by("position"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        adjustments = {
            item.pk: services.Adjustment(
                _level(request.POST.get(f"level_{item.pk}", "")),
                request.POST.get(f"reason_{item.pk}", "")[:2000],
            )
            for item in items
        }
        try:
            services.verify_application(
                application,
                adjustments,
                actor=acting_user(request),
                notes=request.POST.get("notes", "")[:20000],
                complete=bool(request.POST.get("complete")),
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, " ".join(exc.messages))
                return redirect("selection:application_detail", pk=pk, code=code)
            errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
        else:
            messages.success(request, _("Verification saved."))
            return redirect("selection:application_detail", pk=pk, code=code)
    return render(
        request,
        "selection/application_verify.html",
        {
            "application": application,
            "campaign": application.campaign,
            "rows": _verify_rows(request, application, items, errors),
            "levels": list(instrument.levels()),
            "verification": Verification.objects.filter(application=application).first(),
            "has_errors": bool(errors),
            "notes": request.POST.get("notes") if errors else None,
        },
    )


def _verify_rows(
    request: HttpRequest, application: Application, items: list[Any], errors: dict[str, str]
) -> list[dict[str, Any]]:
    """One row per item: the region's answer, the adjusted level, and what was posted when
    the form comes back with errors."""
    answers = {a.item_id: a for a in Answer.objects.filter(assessment_id=application.assessment_id)}
    adjusted = {v.item_id: v for v in application.verified_levels.all()}
    posted = request.POST if errors else {}
    return [
        {
            "item": item,
            "answer": answers.get(item.pk),
            "adjusted": adjusted.get(item.pk),
            "level_error": errors.get(f"level_{item.pk}"),
            "reason_error": errors.get(f"reason_{item.pk}"),
            "posted_level": posted.get(f"level_{item.pk}"),
            "posted_reason": posted.get(f"reason_{item.pk}"),
        }
        for item in items
    ]


def _level(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


# Assessors ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignment_list(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk, change=MANAGE)
    applications = campaign.applications.select_related("region").order_by("region__code")
    form = AssignForm(
        request.POST or None, applications=applications, assessors=queries.assessors()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_assessor(
                form.cleaned_data["application"],
                form.cleaned_data["assessor"],
                actor=acting_user(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Assessor assigned."))
            return redirect("selection:assignment_list", pk=campaign.pk)
    assignments = (
        Assignment.objects.filter(application__campaign=campaign)
        .select_related("application__region", "assessor")
        .order_by("application__region__code", "assessor__username")
    )
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "selection/assignment_list.html",
        {"campaign": campaign, "form": form, "page": page, "query": ""},
    )


@login_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    campaign = campaign_for(request, pk, change=MANAGE)
    assignment = Assignment.objects.filter(application__campaign=campaign, pk=assignment_id).first()
    if assignment is None:
        raise Http404
    try:
        services.remove_assignment(assignment, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Assignment removed."))
    return redirect("selection:assignment_list", pk=campaign.pk)
