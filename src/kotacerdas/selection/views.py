"""HTML pages of selection campaigns: campaigns, criteria, applications, verification and
the ranking."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user, require
from kotacerdas.accounts.models import Role, User
from kotacerdas.accounts.scope import scope_of
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.xlsx import SpreadsheetError
from kotacerdas.readiness.models import Answer
from kotacerdas.regions.models import Region

from . import exports, queries, services
from .forms import (
    ApplyForm,
    AssignForm,
    CampaignForm,
    CriterionForm,
    ImportForm,
    RankingFilterForm,
)
from .models import (
    Application,
    Assignment,
    Campaign,
    CampaignCriterion,
    CriterionValue,
    Verification,
)

PAGE_SIZE = 50
MANAGE = "selection.manage_campaign"


def _acting_user(request: HttpRequest) -> User:
    """The signed-in user a service acts for (every page here requires a login)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _campaign(request: HttpRequest, pk: int, change: str | None = None) -> Campaign:
    """A campaign the user may see (404 otherwise); ``change`` is checked for a 403."""
    return get_for_user(
        request.user, queries.campaigns_visible_to(request.user), view=None, change=change, pk=pk
    )


def _application(
    request: HttpRequest, pk: int, code: str, change: str | None = None
) -> Application:
    campaign = _campaign(request, pk)
    application = get_for_user(
        request.user,
        Application.objects.select_related(
            "region", "region__province", "assessment", "assessment__instrument"
        ),
        view="selection.view_application",
        change=change,
        campaign=campaign,
        region__code=code,
    )
    application.campaign = campaign
    return application


def _form_fields(form: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("invited", "version")}


# Campaigns ----------------------------------------------------------------------------------


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    """National admin: every campaign. A region: the campaigns it may apply to."""
    campaigns = list(queries.campaign_list(request.user).prefetch_related("invited_regions"))
    coordinated = scope_of(request.user).regions_with(Role.REGION_COORDINATOR)
    regions = list(Region.objects.filter(pk__in=coordinated).order_by("code"))
    applied = set(
        Application.objects.filter(
            campaign__in=[c.pk for c in campaigns], region__in=coordinated
        ).values_list("campaign_id", "region_id")
    )
    rows = []
    for campaign in campaigns:
        invited = {r.pk for r in campaign.invited_regions.all()}
        actions = [
            (region, (campaign.pk, region.pk) in applied)
            for region in regions
            if campaign.is_open and queries.is_eligible(campaign, region.pk, invited=invited)
        ]
        rows.append((campaign, actions))
    return render(
        request,
        "selection/campaign_list.html",
        {
            "rows": rows,
            "can_manage": request.user.has_perm(MANAGE),
            "can_see_ranking": _may_see_ranking(request),
        },
    )


def _may_see_ranking(request: HttpRequest) -> bool:
    """The full table (national admin) or the region's own result (its members)."""
    return request.user.has_perm(MANAGE) or bool(queries.own_regions(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(
                actor=_acting_user(request),
                invited=form.cleaned_data["invited"],
                **_form_fields(form),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Campaign created. Add its criteria, then open it."))
            return redirect("selection:campaign_detail", pk=campaign.pk)
    return render(request, "selection/campaign_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, change=MANAGE)
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=campaign.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(
                campaign,
                actor=_acting_user(request),
                opened_version=form.cleaned_data["version"],
                invited=form.cleaned_data["invited"],
                **_form_fields(form),
            )
        except (ValidationError, ConcurrentEditError) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("selection:campaign_detail", pk=campaign.pk)
    return render(request, "selection/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    applications = queries.applications_visible_to(request.user, campaign).order_by("region__code")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    coordinated = scope_of(request.user).regions_with(Role.REGION_COORDINATOR)
    return render(
        request,
        "selection/campaign_detail.html",
        {
            "campaign": campaign,
            "criteria": queries.criteria_of(campaign),
            "page": page,
            "query": "",
            "can_manage": request.user.has_perm(MANAGE),
            "can_see_ranking": _may_see_ranking(request),
            "apply_regions": list(Region.objects.filter(pk__in=coordinated).order_by("code"))
            if campaign.is_open
            else [],
        },
    )


@login_required
@require_POST
def campaign_open(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, change=MANAGE)
    try:
        services.open_campaign(campaign, actor=_acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The campaign is open for applications."))
    return redirect("selection:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, change=MANAGE)
    try:
        count = services.close_campaign(campaign, actor=_acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The campaign is closed; the ranking of %(n)d applicants is frozen.") % {"n": count},
        )
    return redirect("selection:campaign_ranking", pk=campaign.pk)


# Criteria and their values ------------------------------------------------------------------


def _criterion(request: HttpRequest, pk: int, criterion_id: int) -> CampaignCriterion:
    campaign = _campaign(request, pk, change=MANAGE)
    try:
        return campaign.criteria.get(pk=criterion_id)
    except CampaignCriterion.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, change=MANAGE)
    return _criterion_form(request, campaign, None)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int, criterion_id: int) -> HttpResponse:
    criterion = _criterion(request, pk, criterion_id)
    return _criterion_form(request, criterion.campaign, criterion)


def _criterion_form(
    request: HttpRequest, campaign: Campaign, criterion: CampaignCriterion | None
) -> HttpResponse:
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_criterion(
                campaign, actor=_acting_user(request), criterion=criterion, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect("selection:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "selection/criterion_form.html",
        {"form": form, "campaign": campaign, "criterion": criterion},
    )


@login_required
@require_POST
def criterion_delete(request: HttpRequest, pk: int, criterion_id: int) -> HttpResponse:
    criterion = _criterion(request, pk, criterion_id)
    try:
        services.delete_criterion(criterion, actor=_acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Criterion removed."))
    return redirect("selection:campaign_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def value_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A grid of applicants × criteria, one page of applicants at a time."""
    campaign = _campaign(request, pk, change=MANAGE)
    criteria = queries.criteria_of(campaign)
    applications = campaign.applications.select_related("region").order_by("region__code")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    errors: list[str] = []
    if request.method == "POST":
        values, errors = _posted_values(request, list(page), criteria)
        if not errors:
            try:
                changed = services.set_values(campaign, values, actor=_acting_user(request))
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("%(n)d values saved.") % {"n": changed})
                return redirect(request.get_full_path())
    existing = {
        (v.application_id, v.criterion_id): v
        for v in CriterionValue.objects.filter(application__in=list(page))
    }
    grid = [(app, [(c, existing.get((app.pk, c.pk))) for c in criteria]) for app in page]
    return render(
        request,
        "selection/value_edit.html",
        {
            "campaign": campaign,
            "criteria": criteria,
            "grid": grid,
            "page": page,
            "query": "",
            "errors": errors,
            "posted": request.POST if errors else {},
        },
    )


def _posted_values(
    request: HttpRequest, applications: list[Application], criteria: list[CampaignCriterion]
) -> tuple[dict[tuple[int, int], Decimal | None], list[str]]:
    values: dict[tuple[int, int], Decimal | None] = {}
    errors = []
    for app in applications:
        for criterion in criteria:
            text = request.POST.get(f"v_{app.pk}_{criterion.pk}", "").strip().replace(",", ".")
            if not text:
                values[(app.pk, criterion.pk)] = None
                continue
            try:
                value = Decimal(text)
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(
                    _("%(region)s, %(code)s: “%(text)s” is not a number.")
                    % {"region": app.region, "code": criterion.code, "text": text}
                )
                continue
            if not criterion.accepts(value):
                errors.append(f"{app.region}: {criterion.range_error(value)}")
            values[(app.pk, criterion.pk)] = value
    return values, errors


@login_required
@require_http_methods(["GET", "POST"])
def value_import(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, change=MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.import_values(
                campaign, form.cleaned_data["file"], actor=_acting_user(request)
            )
        except SpreadsheetError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Import complete: %(n)d values saved.") % {"n": changed})
            return redirect("selection:value_edit", pk=campaign.pk)
    return render(
        request,
        "selection/value_import.html",
        {
            "campaign": campaign,
            "form": form,
            "errors": errors,
            "criteria": queries.criteria_of(campaign),
        },
    )


# Applications -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A region's coordinator applies (or re-submits) with a submitted assessment."""
    campaign = _campaign(request, pk)
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
                actor=_acting_user(request),
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
    application = _application(request, pk, code)
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
    application = _application(request, pk, code)
    value = application.values.filter(pk=value_id).exclude(document="").first()
    if value is None:
        raise Http404
    try:
        handle = value.document.open("rb")
    except OSError as exc:  # listed but gone from the media store
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=value.document_name or "document")


@login_required
@require_http_methods(["GET", "POST"])
def application_verify(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The assessor's page: each item with the region's answer beside the adjusted level."""
    application = _application(request, pk, code, change="selection.verify_application")
    instrument = application.assessment.instrument
    items = list(instrument.items.select_related("dimension", "aspect").order_by("position"))
    answers = {a.item_id: a for a in Answer.objects.filter(assessment_id=application.assessment_id)}
    adjusted = {v.item_id: v for v in application.verified_levels.all()}
    verification = Verification.objects.filter(application=application).first()
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
                actor=_acting_user(request),
                notes=request.POST.get("notes", "")[:20000],
                complete=bool(request.POST.get("complete")),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("selection:application_detail", pk=pk, code=code)
        else:
            messages.success(request, _("Verification saved."))
            return redirect("selection:application_detail", pk=pk, code=code)
    rows = [
        {
            "item": item,
            "answer": answers.get(item.pk),
            "adjusted": adjusted.get(item.pk),
            "level_error": errors.get(f"level_{item.pk}"),
            "reason_error": errors.get(f"reason_{item.pk}"),
            "posted_level": request.POST.get(f"level_{item.pk}") if errors else None,
            "posted_reason": request.POST.get(f"reason_{item.pk}") if errors else None,
        }
        for item in items
    ]
    return render(
        request,
        "selection/application_verify.html",
        {
            "application": application,
            "campaign": application.campaign,
            "rows": rows,
            "levels": list(instrument.levels()),
            "verification": verification,
            "has_errors": bool(errors),
            "notes": request.POST.get("notes") if errors else None,
        },
    )


def _level(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


# Assessors ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignment_list(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, change=MANAGE)
    applications = campaign.applications.select_related("region").order_by("region__code")
    form = AssignForm(
        request.POST or None, applications=applications, assessors=queries.assessors()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_assessor(
                form.cleaned_data["application"],
                form.cleaned_data["assessor"],
                actor=_acting_user(request),
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
    campaign = _campaign(request, pk, change=MANAGE)
    assignment = Assignment.objects.filter(application__campaign=campaign, pk=assignment_id).first()
    if assignment is None:
        raise Http404
    try:
        services.remove_assignment(assignment, actor=_acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Assignment removed."))
    return redirect("selection:assignment_list", pk=campaign.pk)


# Ranking ------------------------------------------------------------------------------------


def _ranking_rows(request: HttpRequest, campaign: Campaign) -> tuple[Any, list[Any], Any]:
    """The filtered, sorted ranking the national admin asked for, with its filter form."""
    criteria = queries.criteria_of(campaign)
    rows, key = queries.ranking_with_key(campaign, criteria)
    provinces = sorted({(r.province_code, r.province_name) for r in rows})
    form = RankingFilterForm(request.GET or None, provinces=provinces)
    filters = form.cleaned_data if form.is_valid() else {}
    shown = queries.filter_rows(
        rows,
        province=filters.get("province", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
    )
    sorted_rows = queries.sort_rows(shown, filters.get("sort") or "rank")
    return criteria, sorted_rows, (form, rows, key)


@login_required
@require_GET
def campaign_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """National admin: the full table. A region: its own result and the counts only.

    The table of one page is rendered once per ranking, page, filter and language and
    kept in the cache beside the ranking it shows (its key includes the ranking's).
    """
    campaign = _campaign(request, pk)
    if not request.user.has_perm(MANAGE):
        if not _may_see_ranking(request):
            raise PermissionDenied
        return _region_result(request, campaign)
    criteria, shown, (form, rows, key) = _ranking_rows(request, campaign)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    sort = (
        form.cleaned_data.get("sort", "") if form.is_bound and form.is_valid() else ""
    ) or "rank"
    context = {
        "campaign": campaign,
        "criteria": criteria,
        "page": page,
        "form": form,
        "query": query.urlencode(),
        "columns": _columns(criteria, sort, sort_query.urlencode()),
        "by_rank": sort == "rank",
        "applicants": len(rows),
        "selected": sum(1 for r in rows if r.selected),
    }
    view = f"{get_language()}|{sort}|{query.urlencode()}|{page.number}"
    table_key = f"{key}:table:{hashlib.sha256(view.encode()).hexdigest()[:32]}"
    table = cache.get(table_key)
    if table is None:
        # one reverse() instead of one per row; the code is the last path segment
        base = reverse("selection:application_detail", kwargs={"pk": campaign.pk, "code": "00"})
        table = render_to_string(
            "selection/_ranking_table.html", {**context, "application_base": base[:-3]}
        )
        cache.set(table_key, table, queries.RANKING_CACHE_SECONDS)
    return render(request, "selection/ranking.html", {**context, "table": table})


def _columns(criteria: list[Any], sort: str, base: str) -> list[tuple[str, str, str]]:
    """Table headers as (label, query string that sorts by it, aria-sort state)."""
    prefix = f"{base}&" if base else ""
    fixed = [
        (_("Rank"), "rank"),
        (_("Region"), "region"),
        (_("Province"), "province"),
        (_("Kind"), ""),
        (_("Status"), ""),
        (_("Self-assessed readiness"), "self"),
        (_("Verified readiness"), "verified"),
    ]
    fixed += [(c.name, c.code) for c in criteria]
    fixed += [(_("Total"), "total"), (_("Selected"), "")]
    columns = []
    for label, key in fixed:
        if not key:
            columns.append((label, "", ""))
            continue
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        target = f"-{key}" if sort == key else key
        columns.append((label, f"{prefix}sort={target}", state))
    return columns


def _region_result(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    regions = list(Region.objects.filter(pk__in=queries.own_regions(request.user)).order_by("code"))
    if not regions:
        raise PermissionDenied
    rows = queries.ranking(campaign, queries.criteria_of(campaign))
    results = [(region, queries.result_for(campaign, rows, region.code)) for region in regions]
    return render(
        request,
        "selection/ranking_result.html",
        {"campaign": campaign, "results": results, "applicants": len(rows)},
    )


@login_required
@require_GET
def ranking_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    campaign = _campaign(request, pk, change=MANAGE)
    criteria, shown, _rest = _ranking_rows(request, campaign)
    if request.GET.get("format") == "csv":
        return exports.ranking_csv(campaign, criteria, shown)
    return exports.ranking_xlsx(campaign, criteria, shown)
