"""HTML pages of monitoring: indicators and their status, reports, verification,
programme progress, ownership gaps and thresholds. Reading works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user, require
from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib import files
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.numbers import whole_number
from kotacerdas.planning.masterplans.queries import current_masterplan
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Region

from . import queries, scoring, services, services_progress, tags, weights
from .edges import (
    add_errors,
    evidence_for,
    indicator_for,
    masterplan_for,
    programme_for,
    progress_for,
    realisation_for,
)
from .forms import (
    CorrectForm,
    EvidenceForm,
    GapsForm,
    IndicatorForm,
    ProgressForm,
    ReportForm,
    ReturnForm,
    TargetsForm,
    ThresholdsForm,
    WeightsForm,
    YearForm,
    period_choices,
)
from .models import Indicator, State
from .services import EvidenceIn


def _context(request: HttpRequest, masterplan: Masterplan, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "masterplan": masterplan,
        "region": masterplan.region,
        # The coordinator, or an agency editor for the programmes its agency leads (the
        # service checks the programme chosen).
        "may_define": masterplan.is_draft
        and (
            user.has_perm("monitoring.change_indicator", masterplan)
            or user.has_perm("planning.add_programme", masterplan)
        ),
        "is_coordinator": user.has_perm("monitoring.verify_realisation", masterplan),
        "status_labels": STATUS_LABELS,
        **extra,
    }


STATUS_LABELS = {
    scoring.Status.ON_TRACK: gettext_lazy("On track"),
    scoring.Status.AT_RISK: gettext_lazy("At risk"),
    scoring.Status.OFF_TRACK: gettext_lazy("Off track"),
    scoring.Status.NOT_REPORTED: gettext_lazy("Not reported"),
    scoring.Status.NO_TARGET: gettext_lazy("No target"),
}


def _evidence(form: Any) -> list[EvidenceIn]:
    data = form.cleaned_data
    if not data.get("evidence_file") and not data.get("evidence_url"):
        return []
    return [
        EvidenceIn(
            title=data.get("evidence_title") or "",
            file=data.get("evidence_file"),
            url=data.get("evidence_url") or "",
        )
    ]


# --- the stage of the cycle and the indicators page ------------------------------------


@login_required
@require_GET
def monitoring_current(request: HttpRequest, code: str) -> HttpResponse:
    """The monitoring of the masterplan in force: the region's latest published masterplan,
    else the latest one the user may read (indicators are defined while drafting)."""
    region = get_for_user(
        request.user, Region.objects.all(), view="regions.view_region_data", code=code
    )
    masterplan = queries.published_masterplan(request.user, region) or current_masterplan(
        request.user, region
    )
    if masterplan is None:
        messages.info(request, _("Start a masterplan first."))
        return redirect("planning:masterplan_list", code=region.code)
    return redirect("monitoring:indicator_list", pk=masterplan.pk)


@login_required
@require_GET
def indicator_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every indicator per dimension and programme with its target, latest realisation,
    achievement and status in the chosen year, and the roll-up."""
    masterplan = masterplan_for(request.user, pk)
    form = YearForm(request.GET or None, masterplan=masterplan)
    year = queries.default_year(masterplan)
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    status = queries.masterplan_status(masterplan, year)
    context = _context(request, masterplan, status=status, year=year, form=form)
    return render(request, "monitoring/indicator_list.html", context)


@login_required
@require_GET
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the indicator's status is based on: targets, every value reported (corrections
    and returns included), who verified them, and the evidence."""
    indicator = indicator_for(request.user, pk)
    detail = queries.indicator_detail(indicator)
    user = request.user
    context = _context(
        request,
        indicator.masterplan,
        indicator=indicator,
        detail=detail,
        tag_names=tags.names(indicator.tags),
        weights=weights.weights_above(indicator),
        may_change=user.has_perm("monitoring.change_indicator", indicator)
        and indicator.masterplan.is_draft,
        may_report=user.has_perm("monitoring.report_realisation_now", indicator),
        may_verify=user.has_perm("monitoring.verify_realisation", indicator),
    )
    return render(request, "monitoring/indicator_detail.html", context)


# --- defining indicators and targets ---------------------------------------------------


def _indicator_form_page(
    request: HttpRequest, masterplan: Masterplan, indicator: Indicator | None
) -> HttpResponse:
    initial = {}
    programme_pk = whole_number(request.GET.get("programme"))
    if indicator is None and programme_pk is not None:
        initial["programme"] = programme_pk
    form = IndicatorForm(
        request.POST or None, instance=indicator, masterplan=masterplan, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        actor = acting_user(request)
        try:
            if indicator is None:
                saved = services.create_indicator(masterplan, actor=actor, fields=form.values())
            else:
                saved = services.update_indicator(
                    indicator,
                    actor=actor,
                    fields=form.values(),
                    opened_version=form.cleaned_data.get("version"),
                )
        except ConcurrentEditError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("monitoring:indicator_detail", pk=saved.pk)
    context = _context(request, masterplan, form=form, indicator=indicator)
    return render(request, "monitoring/indicator_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request.user, pk)
    # The coordinator, or an agency editor (for the programmes their agency leads: the
    # service checks the programme chosen).
    if not (
        request.user.has_perm("monitoring.change_indicator", masterplan)
        or request.user.has_perm("planning.add_programme", masterplan)
    ):
        raise PermissionDenied
    return _indicator_form_page(request, masterplan, None)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = indicator_for(request.user, pk, change="monitoring.change_indicator")
    return _indicator_form_page(request, indicator.masterplan, indicator)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; the indicator and its targets go on POST."""
    indicator = indicator_for(request.user, pk, change="monitoring.change_indicator")
    if request.method == "POST":
        try:
            services.delete_indicator(indicator, actor=acting_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:indicator_detail", pk=indicator.pk)
        messages.success(request, _("Indicator deleted."))
        return redirect("monitoring:indicator_list", pk=indicator.masterplan_id)
    context = _context(request, indicator.masterplan, indicator=indicator)
    return render(request, "monitoring/indicator_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_targets(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = indicator_for(request.user, pk, change="monitoring.change_indicator")
    form = TargetsForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_targets(indicator, form.targets(), actor=acting_user(request))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Targets saved."))
            return redirect("monitoring:indicator_detail", pk=indicator.pk)
    context = _context(request, indicator.masterplan, indicator=indicator, form=form)
    return render(request, "monitoring/indicator_targets.html", context)


# --- reporting, correcting, verifying -----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def realisation_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The responsible agency reports the value of a period, with evidence."""
    indicator = indicator_for(request.user, pk, change="monitoring.report_realisation")
    current = indicator.realisations.filter(is_current=True).order_by()  # a set: no sort
    taken = set(current.values_list("year", "sub_period"))
    form = ReportForm(
        request.POST or None, request.FILES or None, choices=period_choices(indicator, taken)
    )
    if request.method == "POST" and form.is_valid():
        year, sub = form.chosen_period()
        try:
            services.report_realisation(
                indicator,
                actor=acting_user(request),
                year=year,
                sub_period=sub,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                quality=form.cleaned_data["quality"],
                evidence=_evidence(form),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Realisation reported; it waits for verification."))
            return redirect("monitoring:indicator_detail", pk=indicator.pk)
    context = _context(request, indicator.masterplan, indicator=indicator, form=form)
    return render(request, "monitoring/realisation_report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def realisation_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A new value for a period, with the reason; the earlier one stays in the history."""
    realisation = realisation_for(request.user, pk, change="monitoring.report_realisation")
    form = CorrectForm(
        request.POST or None,
        request.FILES or None,
        initial={"value": realisation.value, "quality": realisation.quality},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_realisation(
                realisation,
                actor=acting_user(request),
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                quality=form.cleaned_data["quality"],
                evidence=_evidence(form),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Correction reported; it waits for verification."))
            return redirect("monitoring:indicator_detail", pk=realisation.indicator_id)
    indicator = realisation.indicator
    context = _context(
        request, indicator.masterplan, indicator=indicator, realisation=realisation, form=form
    )
    return render(request, "monitoring/realisation_correct.html", context)


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the queue when the action was taken there, else to ``fallback``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def realisation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    realisation = realisation_for(request.user, pk, change="monitoring.verify_realisation")
    try:
        services.verify_realisation(realisation, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Realisation verified."))
    return _back(request, reverse("monitoring:indicator_detail", args=[realisation.indicator_id]))


@login_required
@require_http_methods(["GET", "POST"])
def realisation_return(request: HttpRequest, pk: int) -> HttpResponse:
    realisation = realisation_for(request.user, pk, change="monitoring.verify_realisation")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_realisation(
                realisation, actor=acting_user(request), comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Realisation returned to the agency."))
            return redirect("monitoring:verification_queue", pk=realisation.indicator.masterplan_id)
    indicator = realisation.indicator
    context = _context(
        request, indicator.masterplan, indicator=indicator, realisation=realisation, form=form
    )
    return render(request, "monitoring/realisation_return.html", context)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    realisation = realisation_for(request.user, pk, change="monitoring.report_realisation")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                realisation,
                actor=acting_user(request),
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                url=form.cleaned_data["url"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Evidence added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("monitoring:indicator_detail", pk=realisation.indicator_id)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_for(request.user, pk)
    if not evidence.file:
        raise Http404
    return files.serve(request, evidence.file, files.download_name(evidence.title, evidence.file))


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_for(request.user, pk, change="monitoring.report_realisation")
    try:
        services.remove_evidence(evidence, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Evidence removed."))
    return redirect("monitoring:indicator_detail", pk=evidence.realisation.indicator_id)


@login_required
@require_GET
def verification_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator's queue: reports and programme progress waiting for verification."""
    masterplan = masterplan_for(request.user, pk, change="monitoring.verify_realisation")
    context = _context(
        request,
        masterplan,
        realisations=list(queries.waiting_realisations(masterplan)),
        progress=list(queries.waiting_progress(masterplan)),
    )
    return render(request, "monitoring/verification_queue.html", context)


# --- programme progress -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme's progress per year; its lead agency reports here."""
    programme = programme_for(request.user, pk)
    masterplan = programme.masterplan
    may_report = request.user.has_perm("monitoring.report_progress_now", programme)
    years = [y for y in programme.years if y in masterplan.period]
    if not years:
        raise Http404
    chosen = whole_number(request.POST.get("year") or request.GET.get("year"))
    year = chosen if chosen in years else years[0]
    rows = queries.progress_of(programme)
    lines = list(programme.funding.filter(year=year).order_by("source", "pk"))
    existing = next((r for r in rows if r.year == year), None)
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {
            "physical_progress": existing.physical_progress,
            "beneficiaries": existing.beneficiaries,
            "narrative": existing.narrative,
        }
        initial.update({f"spending_{s.funding_line_id}": s.amount for s in existing.spending.all()})
    correcting = existing is not None and existing.state == State.VERIFIED
    form = ProgressForm(request.POST or None, lines=lines, initial=initial, correcting=correcting)
    if request.method == "POST":
        require(request.user, "monitoring.report_progress", programme)
        if form.is_valid():
            try:
                services_progress.report_progress(
                    programme,
                    actor=acting_user(request),
                    year=year,
                    physical_progress=form.cleaned_data["physical_progress"],
                    narrative=form.cleaned_data["narrative"],
                    spending=form.spending(),
                    reason=form.cleaned_data.get("reason", ""),
                    beneficiaries=form.cleaned_data["beneficiaries"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Progress reported; it waits for verification."))
                return redirect(
                    f"{reverse('monitoring:progress', args=[programme.pk])}?year={year}"
                )
    context = _context(
        request,
        masterplan,
        programme=programme,
        rows=rows,
        year=year,
        years=years,
        form=form if may_report else None,
    )
    return render(request, "monitoring/progress.html", context)


@login_required
@require_POST
def progress_verify(request: HttpRequest, pk: int) -> HttpResponse:
    row = progress_for(request.user, pk, change="monitoring.verify_progress")
    try:
        services_progress.verify_progress(row, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Progress verified."))
    return _back(request, reverse("monitoring:progress", args=[row.programme_id]))


@login_required
@require_http_methods(["GET", "POST"])
def progress_return(request: HttpRequest, pk: int) -> HttpResponse:
    row = progress_for(request.user, pk, change="monitoring.verify_progress")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_progress.return_progress(
                row, actor=acting_user(request), comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Progress returned to the agency."))
            return redirect("monitoring:verification_queue", pk=row.programme.masterplan_id)
    context = _context(request, row.programme.masterplan, row=row, form=form)
    return render(request, "monitoring/progress_return.html", context)


# --- ownership gaps and thresholds ------------------------------------------------------------


@login_required
@require_GET
def ownership_gaps(request: HttpRequest, pk: int) -> HttpResponse:
    """Indicators nobody owns or measures, and each agency's reporting rate."""
    masterplan = masterplan_for(request.user, pk)
    form = GapsForm(request.GET or None)
    days = 90
    if form.is_valid() and form.cleaned_data.get("days"):
        days = form.cleaned_data["days"]
    gaps = queries.ownership_gaps(masterplan, days)
    return render(
        request,
        "monitoring/ownership_gaps.html",
        _context(request, masterplan, gaps=gaps, form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def thresholds_edit(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request.user, pk, change="monitoring.set_thresholds")
    current = queries.thresholds_of(masterplan)
    form = ThresholdsForm(
        request.POST or None, initial={"on_track": current.on_track, "at_risk": current.at_risk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_thresholds(
                masterplan,
                actor=acting_user(request),
                on_track=form.cleaned_data["on_track"],
                at_risk=form.cleaned_data["at_risk"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thresholds saved."))
            return redirect("monitoring:indicator_list", pk=masterplan.pk)
    return render(request, "monitoring/thresholds.html", _context(request, masterplan, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def weights_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator sets how much each dimension and programme counts in the roll-up."""
    masterplan = masterplan_for(request.user, pk, change="monitoring.set_weights")
    dimensions = list(queries.weighted_dimensions(masterplan))
    programmes = list(queries.weighted_programmes(masterplan).select_related("dimension"))
    form = WeightsForm(request.POST or None, dimensions=dimensions, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            weights.set_weights(
                masterplan,
                actor=acting_user(request),
                programmes=form.chosen("programme_"),
                dimensions=form.chosen("dimension_"),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Weights saved."))
            return redirect("monitoring:indicator_list", pk=masterplan.pk)
    return render(request, "monitoring/weights.html", _context(request, masterplan, form=form))


@login_required
@require_GET
def my_reports(request: HttpRequest) -> HttpResponse:
    """What the user's agencies have to report: their indicators of published masterplans,
    with returned reports first."""
    user = acting_user(request)
    rows = queries.my_indicators(user)
    return render(request, "monitoring/my_reports.html", {"rows": rows})
