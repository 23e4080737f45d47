"""HTML pages of the SPBE self-assessment: a region's list, one self-assessment (levels by
domain and aspect, index, predicate, what to raise next), an indicator's level and
evidence, and the programme tags. Reading works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.actors import allowed
from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib import files
from kotacerdas.planning.programmes.queries import programmes_visible_to
from kotacerdas.regions.models import Region

from . import spbe_queries as queries
from . import spbe_services as services
from .spbe_forms import (
    AgencyForm,
    EvidenceForm,
    ScoreForm,
    StartForm,
    TagForm,
    indicator_choices,
)
from .spbe_models import SpbeAssessment, SpbeEvidence, SpbeIndicator, SpbeScore

VIEW = "evaluation.view_spbe"


def region_for(user: Any, code: str, change: str | None = None) -> Region:
    return get_for_user(
        user,
        Region.objects.select_related("province"),
        view="evaluation.view_spbe_region",
        change=change,
        code=code,
    )


def assessment_for(user: Any, pk: int, change: str | None = None) -> SpbeAssessment:
    return get_for_user(user, queries.assessments_visible_to(user), view=VIEW, change=change, pk=pk)


def score_for(user: Any, pk: int, change: str | None = None) -> SpbeScore:
    return get_for_user(user, queries.scores_visible_to(user), view=VIEW, change=change, pk=pk)


def evidence_for(user: Any, pk: int, change: str | None = None) -> SpbeEvidence:
    return get_for_user(user, queries.evidence_visible_to(user), view=VIEW, change=change, pk=pk)


def add_errors(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_list(request: HttpRequest, code: str) -> HttpResponse:
    region = region_for(request.user, code)
    may_start = allowed(request.user, "evaluation.start_spbe", region)
    form = StartForm(request.POST or None)
    if request.method == "POST":
        region = region_for(request.user, code, change="evaluation.start_spbe")
        if form.is_valid():
            try:
                assessment = services.start_spbe(
                    region, actor=acting_user(request), year=form.cleaned_data["year"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("SPBE self-assessment started."))
                return redirect("spbe:assessment_detail", pk=assessment.pk)
    context = {
        "region": region,
        "assessments": list(queries.assessments_of(request.user, region)),
        "form": form,
        "may_start": may_start,
    }
    return render(request, "evaluation/spbe/assessment_list.html", context)


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    sheet = queries.sheet(assessment, request.GET.get("target"))
    context = {
        "assessment": assessment,
        "region": assessment.region,
        "sheet": sheet,
        "masterplan": queries.approved_masterplan(request.user, assessment.region),
        "may_manage": allowed(request.user, "evaluation.manage_spbe_draft_now", assessment),
        "may_publish": allowed(request.user, "evaluation.publish_spbe_now", assessment),
        "may_tag": allowed(request.user, "evaluation.manage_spbe", assessment),
    }
    return render(request, "evaluation/spbe/assessment_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def score_edit(request: HttpRequest, pk: int) -> HttpResponse:
    score = score_for(request.user, pk)
    assessment = score.assessment
    may_fill = allowed(request.user, "evaluation.fill_spbe_score_now", score)
    initial = {"level": score.level, "explanation": score.explanation}
    form = ScoreForm(request.POST or None, initial=initial, indicator=score.indicator)
    if request.method == "POST":
        score = score_for(request.user, pk, change="evaluation.fill_spbe_score")
        if form.is_valid():
            try:
                services.save_spbe_score(
                    score,
                    actor=acting_user(request),
                    level=form.cleaned_data["level"],
                    explanation=form.cleaned_data["explanation"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Level saved."))
                return redirect("spbe:assessment_detail", pk=assessment.pk)
    context = {
        "assessment": assessment,
        "region": assessment.region,
        "score": score,
        "form": form,
        "may_fill": may_fill,
        "may_manage": allowed(request.user, "evaluation.manage_spbe_draft_now", assessment),
        "agency_form": AgencyForm(
            initial={"agency": score.agency_id}, region_id=assessment.region_id
        ),
        "evidence_form": EvidenceForm(),
        "evidence": list(score.evidence.all()),
    }
    return render(request, "evaluation/spbe/score_edit.html", context)


@login_required
@require_POST
def score_agency(request: HttpRequest, pk: int) -> HttpResponse:
    score = score_for(request.user, pk, change="evaluation.manage_spbe")
    form = AgencyForm(request.POST, region_id=score.assessment.region_id)
    if form.is_valid():
        try:
            services.assign_spbe_agency(
                score, actor=acting_user(request), agency=form.cleaned_data["agency"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Responsible agency saved."))
    else:
        messages.error(request, _("Choose an active agency of this region."))
    return redirect("spbe:score_edit", pk=score.pk)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    score = score_for(request.user, pk, change="evaluation.fill_spbe_score")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_spbe_evidence(
                score,
                actor=acting_user(request),
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Evidence added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("spbe:score_edit", pk=score.pk)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_for(request.user, pk)
    return files.serve(request, evidence.file, files.download_name(evidence.title, evidence.file))


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_for(request.user, pk, change="evaluation.fill_spbe_score")
    try:
        services.remove_spbe_evidence(evidence, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Evidence removed."))
    return redirect("spbe:score_edit", pk=evidence.score_id)


@login_required
@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, change="evaluation.manage_spbe")
    try:
        services.submit_spbe(assessment, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("SPBE self-assessment submitted."))
    return redirect("spbe:assessment_detail", pk=assessment.pk)


@login_required
@require_POST
def assessment_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to draft, with the reason the form gives."""
    assessment = assessment_for(request.user, pk, change="evaluation.manage_spbe")
    try:
        services.return_spbe_to_draft(
            assessment, actor=acting_user(request), reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The SPBE self-assessment is a draft again."))
    return redirect("spbe:assessment_detail", pk=assessment.pk)


@login_required
@require_POST
def assessment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, change="evaluation.manage_spbe")
    try:
        services.publish_spbe(assessment, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("SPBE self-assessment published."))
    return redirect("spbe:assessment_detail", pk=assessment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def programme_tags(request: HttpRequest, pk: int) -> HttpResponse:
    """The region's current programmes and the SPBE indicators each raises."""
    assessment = assessment_for(request.user, pk)
    if request.method == "POST":
        assessment = assessment_for(request.user, pk, change="evaluation.manage_spbe")
        programme = get_for_user(
            request.user,
            programmes_visible_to(request.user).filter(masterplan__region=assessment.region),
            view="planning.view_masterplan",
            change="evaluation.tag_spbe_programme",
            pk=request.POST.get("programme"),
        )
        form = TagForm(request.POST, choices=indicator_choices(assessment.instrument_id))
        if form.is_valid():
            chosen = SpbeIndicator.objects.filter(
                instrument_id=assessment.instrument_id, pk__in=form.cleaned_data["indicators"]
            )
            try:
                services.set_programme_spbe_tags(
                    programme, actor=acting_user(request), indicators=list(chosen)
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("SPBE indicators of %(code)s saved.") % {"code": programme.code}
                )
        else:
            messages.error(request, _("Choose SPBE indicators from the list."))
        return redirect("spbe:programme_tags", pk=assessment.pk)
    programmes = queries.region_programmes(request.user, assessment.region)
    tagged = queries.tags_of(programmes, assessment.instrument_id)
    choices = indicator_choices(assessment.instrument_id)
    rows = [
        (
            programme,
            TagForm(
                initial={"indicators": tagged.get(programme.pk, [])},
                choices=choices,
                auto_id=f"id_p{programme.pk}_%s",
            ),
        )
        for programme in programmes
    ]
    context = {
        "assessment": assessment,
        "region": assessment.region,
        "rows": rows,
        "may_tag": allowed(request.user, "evaluation.manage_spbe", assessment),
    }
    return render(request, "evaluation/spbe/programme_tags.html", context)
