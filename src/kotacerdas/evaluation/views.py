"""HTML pages of the yearly evaluation: a region's evaluations, the self-assessment, the
assessors' verification and three-part report, the result with its formula, follow-up
actions, and the national admin's rounds with their ranking. Reading works without
JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.accounts.access import require
from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.concurrency import ConcurrentEditError

from . import queries, services
from .edges import add_errors, evaluation_for, follow_up_for, region_for, round_for
from .forms import (
    AssignForm,
    FollowUpForm,
    ReportForm,
    RoundFilterForm,
    RoundForm,
    ScoreSheetForm,
    StartForm,
    VerifyForm,
)
from .models import Evaluation


def _back(evaluation: Evaluation) -> HttpResponse:
    return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


def _step(
    request: HttpRequest, evaluation: Evaluation, step: Callable[..., Any], done: str
) -> HttpResponse:
    """Run a workflow step; its refusal (the state, a gap) becomes a message."""
    try:
        step(evaluation, actor=acting_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(evaluation)


def _flags(request: HttpRequest, evaluation: Evaluation) -> dict[str, bool]:
    user = request.user
    return {
        "may_fill": user.has_perm("evaluation.fill_evaluation_now", evaluation),
        "may_verify": user.has_perm("evaluation.verify_evaluation_now", evaluation),
        "may_publish": user.has_perm("evaluation.publish_evaluation_now", evaluation),
        "may_respond": user.has_perm("evaluation.respond_evaluation_now", evaluation),
    }


# --- a region's evaluations ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def region_evaluations(request: HttpRequest, code: str) -> HttpResponse:
    """The region's evaluations by year; its coordinator starts an open round's."""
    region = region_for(request.user, code)
    if request.method == "POST":
        require(request.user, "evaluation.start_evaluation", region)
    may_start = request.user.has_perm("evaluation.start_evaluation", region)
    form = StartForm(request.POST or None, region=region) if may_start else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            evaluation = services.start_evaluation(
                region, actor=acting_user(request), year=form.cleaned_data["year"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The self-assessment has started."))
            return redirect("evaluation:evaluation_fill", pk=evaluation.pk)
    return render(
        request,
        "evaluation/region_evaluations.html",
        {
            "region": region,
            "evaluations": queries.evaluations_of(request.user, region),
            "form": form if form is not None and form.fields["year"].choices else None,  # type: ignore[attr-defined]
        },
    )


# --- one evaluation --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Scores beside the verified ones, the index with its formula, the report, follow-ups."""
    evaluation = evaluation_for(request.user, pk)
    sheet = queries.sheet(evaluation)
    flags = _flags(request, evaluation)
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "region": evaluation.region,
            "sheet": sheet,
            "place": queries.place_of(evaluation),
            "years": queries.year_over_year(request.user, evaluation),
            "follow_ups": evaluation.follow_ups.select_related("agency").order_by("due", "pk"),
            "follow_up_form": FollowUpForm(sheet=sheet) if flags["may_respond"] else None,
            **flags,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment: a score, narrative and evidence per criterion, with what
    monitoring knows beside the questions it answers."""
    evaluation = evaluation_for(request.user, pk, change="evaluation.fill_evaluation")
    if evaluation.status != Evaluation.Status.DRAFT:
        messages.info(request, _("The self-assessment has been submitted."))
        return _back(evaluation)
    sheet = queries.sheet(evaluation, reports=False)
    queries.add_monitoring_facts(request.user, sheet)
    form = ScoreSheetForm(request.POST or None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(
                evaluation,
                actor=acting_user(request),
                scores=form.scores(),
                version=form.cleaned_data["version"],
            )
        except ConcurrentEditError:
            form.add_error(None, _("Someone saved this self-assessment meanwhile; reload it."))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("evaluation:evaluation_fill", pk=evaluation.pk)
    return render(
        request,
        "evaluation/evaluation_fill.html",
        {"evaluation": evaluation, "region": evaluation.region, "sheet": sheet, "form": form},
    )


@login_required
@require_POST
def evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_for(request.user, pk, change="evaluation.submit_evaluation")
    return _step(
        request,
        evaluation,
        services.submit_evaluation,
        _("The self-assessment was submitted to the assessors."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessor's scores beside the region's, a reason for each change, notes."""
    evaluation = evaluation_for(request.user, pk, change="evaluation.verify_evaluation")
    if evaluation.status != Evaluation.Status.SUBMITTED:
        messages.info(request, _("This evaluation is not waiting for verification."))
        return _back(evaluation)
    sheet = queries.sheet(evaluation)
    form = VerifyForm(request.POST or None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_scores(
                evaluation,
                actor=acting_user(request),
                adjustments=form.adjustments(),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Verified scores saved."))
            return redirect("evaluation:evaluation_report", pk=evaluation.pk)
    return render(
        request,
        "evaluation/evaluation_verify.html",
        {"evaluation": evaluation, "region": evaluation.region, "sheet": sheet, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The three-part report (Kelemahan, Kekuatan, Rekomendasi) per dimension."""
    evaluation = evaluation_for(request.user, pk, change="evaluation.verify_evaluation")
    if evaluation.status != Evaluation.Status.SUBMITTED:
        messages.info(request, _("This evaluation is not waiting for verification."))
        return _back(evaluation)
    sheet = queries.sheet(evaluation)
    form = ReportForm(request.POST or None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            for section in sheet.sections:
                services.save_report_section(
                    evaluation,
                    actor=acting_user(request),
                    dimension=section.code,
                    **form.parts(section.code),
                )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Report saved."))
            return _back(evaluation)
    return render(
        request,
        "evaluation/evaluation_report.html",
        {"evaluation": evaluation, "region": evaluation.region, "sheet": sheet, "form": form},
    )


@login_required
@require_POST
def evaluation_close(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_for(request.user, pk, change="evaluation.verify_evaluation")
    return _step(
        request, evaluation, services.verify_evaluation, _("Verification closed; the index is set.")
    )


@login_required
@require_POST
def evaluation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_for(request.user, pk, change="evaluation.publish_evaluation")
    return _step(request, evaluation, services.publish_evaluation, _("The result is published."))


@login_required
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_for(request.user, pk, change="evaluation.respond_evaluation")
    form = FollowUpForm(request.POST, sheet=queries.sheet(evaluation))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(evaluation)
    data = form.cleaned_data
    try:
        services.add_follow_up(
            evaluation,
            actor=acting_user(request),
            text=data["text"],
            dimension=data["dimension"] or "",
            agency=data["agency"],
            due=data["due"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Follow-up action added."))
    return _back(evaluation)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = follow_up_for(request.user, pk, change="evaluation.respond_evaluation")
    return _step(
        request,
        action.evaluation,
        lambda _evaluation, actor: services.complete_follow_up(action, actor=actor),
        _("Follow-up action done."),
    )


# --- rounds (national admin) -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "evaluation.manage_rounds")
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_round = services.open_round(
                actor=acting_user(request),
                year=data["year"],
                instrument=data["instrument"],
                regions=data["regions"],
                self_assessment_due=data["self_assessment_due"],
                verification_due=data["verification_due"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The evaluation round is open."))
            return redirect("evaluation:round_detail", pk=evaluation_round.pk)
    return render(
        request,
        "evaluation/round_list.html",
        {"rounds": queries.rounds_visible_to(request.user), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's ranking and its assessors; the national admin assigns them here."""
    evaluation_round = round_for(request.user, pk)
    form = AssignForm(request.POST or None, evaluation_round=evaluation_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_assessor(
                evaluation_round,
                form.cleaned_data["region"],
                form.cleaned_data["assessor"],
                actor=acting_user(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Assessor assigned."))
            return redirect("evaluation:round_detail", pk=evaluation_round.pk)
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": evaluation_round,
            **_round_tables(request, evaluation_round),
            "assignments": queries.assignments_of(evaluation_round),
            "form": form,
        },
    )


ROUND_PAGE_SIZE = 100


def _round_tables(request: HttpRequest, evaluation_round: Any) -> dict[str, Any]:
    """The round's regions (filtered by status and province) and its ranking, each 100 to a
    page; every region is read once (plain values), only a page of rows is rendered."""
    statuses = queries.round_status(evaluation_round, timezone.localdate())
    provinces = sorted({row.province for row in statuses if row.province})
    filters = RoundFilterForm(request.GET or None, provinces=provinces)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    if chosen.get("status"):
        statuses = [row for row in statuses if row.status == chosen["status"]]
    if chosen.get("province"):
        statuses = [row for row in statuses if row.province == chosen["province"]]
    ranking = queries.ranking(evaluation_round)
    return {
        "filters": filters,
        "statuses": Paginator(statuses, ROUND_PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _query_without(request, "page"),
        "ranking": Paginator(ranking, ROUND_PAGE_SIZE).get_page(request.GET.get("rank_page")),
        "rank_query": _query_without(request, "rank_page"),
    }


def _query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the round: no more self-assessments are started or submitted."""
    evaluation_round = round_for(request.user, pk)
    try:
        services.close_round(evaluation_round, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The evaluation round is closed."))
    return redirect("evaluation:round_detail", pk=evaluation_round.pk)
