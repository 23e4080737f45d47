"""Campaign pages: the list, creating, editing, opening and closing a campaign, its criteria
and their values (entered or imported)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import require
from kotacerdas.accounts.models import Role
from kotacerdas.accounts.scope import scope_of
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.xlsx import SpreadsheetError
from kotacerdas.regions.models import Region

from .. import queries, services
from ..forms import CampaignForm, CriterionForm, ImportForm
from ..models import Application, Campaign, CampaignCriterion, CriterionValue
from .common import MANAGE, PAGE_SIZE, acting_user, campaign_for, form_fields, may_see_ranking

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
            "can_see_ranking": may_see_ranking(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(
                actor=acting_user(request),
                invited=form.cleaned_data["invited"],
                **form_fields(form),
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
    campaign = campaign_for(request, pk, change=MANAGE)
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=campaign.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(
                campaign,
                actor=acting_user(request),
                opened_version=form.cleaned_data["version"],
                invited=form.cleaned_data["invited"],
                **form_fields(form),
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
    campaign = campaign_for(request, pk)
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
            "can_see_ranking": may_see_ranking(request),
            "apply_regions": list(Region.objects.filter(pk__in=coordinated).order_by("code"))
            if campaign.is_open
            else [],
        },
    )


@login_required
@require_POST
def campaign_open(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk, change=MANAGE)
    try:
        services.open_campaign(campaign, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The campaign is open for applications."))
    return redirect("selection:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk, change=MANAGE)
    try:
        count = services.close_campaign(campaign, actor=acting_user(request))
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
    campaign = campaign_for(request, pk, change=MANAGE)
    try:
        return campaign.criteria.get(pk=criterion_id)
    except CampaignCriterion.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk, change=MANAGE)
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
                campaign, actor=acting_user(request), criterion=criterion, **form.cleaned_data
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
        services.delete_criterion(criterion, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Criterion removed."))
    return redirect("selection:campaign_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def value_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A grid of applicants × criteria, one page of applicants at a time."""
    campaign = campaign_for(request, pk, change=MANAGE)
    criteria = queries.criteria_of(campaign)
    applications = campaign.applications.select_related("region").order_by("region__code")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    errors: list[str] = []
    if request.method == "POST":
        values, errors = _posted_values(request, list(page), criteria)
        if not errors:
            try:
                changed = services.set_values(campaign, values, actor=acting_user(request))
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
    campaign = campaign_for(request, pk, change=MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.import_values(
                campaign, form.cleaned_data["file"], actor=acting_user(request)
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
