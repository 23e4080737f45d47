"""The ranking: the national admin's full table (sorted, filtered, cached per page) and its
export, a region's own result."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.regions.models import Region

from .. import exports, queries
from ..forms import RankingFilterForm
from ..models import Campaign
from .common import MANAGE, PAGE_SIZE, campaign_for, may_see_ranking

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
    campaign = campaign_for(request, pk)
    if not request.user.has_perm(MANAGE):
        if not may_see_ranking(request):
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
    campaign = campaign_for(request, pk, change=MANAGE)
    criteria, shown, _rest = _ranking_rows(request, campaign)
    if request.GET.get("format") == "csv":
        return exports.ranking_csv(campaign, criteria, shown)
    return exports.ranking_xlsx(campaign, criteria, shown)
