"""HTML pages of the monitoring dashboards: a region's, an agency's report card, a
province's and the nation's. Every chart has a table beside it; reading needs no JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.actors import allowed
from kotacerdas.lib.numbers import whole_number
from kotacerdas.regions.models import Agency, Region
from kotacerdas.regions.queries import provinces

from . import dashboard_cache, dashboards, jobs, report_cards
from . import dashboard_presenters as present
from .dashboard_forms import RegionTableForm

REGION = "monitoring.view_region_dashboard"
PROVINCE = "monitoring.view_province_dashboard"
NATIONAL = "monitoring.view_national_dashboard"
# Regions a page of the national and province tables shows: each row reads its masterplan,
# summary and heat cells and is written in full, so a page's cost grows with it (at 100 the
# national page missed its 300 ms p95 with 8 clients on the full data set; see
# docs/benchmarks-national.md).
PER_PAGE = 50


def _labels() -> dict[str, Any]:
    return {
        "status_labels": present.status_labels(),
        "state_labels": present.state_labels(),
        "quality_labels": present.quality_labels(),
    }


def _district(request: HttpRequest, code: str) -> Region:
    return get_for_user(
        request.user,
        Region.objects.filter(kind__in=dashboards.DISTRICTS).select_related("province"),
        view=REGION,
        code=code,
    )


def _int(value: str | None) -> int | None:
    return whole_number(value)


def _bad_year(request: HttpRequest, asked: str, period: range | None, shown: Any) -> None:
    """Tell the user that ``asked`` is not a year of ``period`` and what is shown instead."""
    if period is None:
        messages.warning(
            request,
            _("%(year)s is not a year of a monitored masterplan; shown: %(shown)s.")
            % {"year": asked[:10], "shown": shown},
        )
        return
    messages.warning(
        request,
        _("%(year)s is not a year of the masterplan (%(start)s–%(end)s); shown: %(shown)s.")
        % {"year": asked[:10], "start": period.start, "end": period.stop - 1, "shown": shown},
    )


def table_year(request: HttpRequest, period: range | None) -> int | None:
    """The year asked for in ``?year=`` when it is one of ``period``; else ``None`` (the
    current year), with a message when something else was asked."""
    asked = request.GET.get("year", "")
    if not asked:
        return None
    year = _int(asked)
    if period is not None and year in period:
        return year
    if period is None:
        _bad_year(request, asked, period, _("the current year"))
    else:
        messages.warning(
            request,
            _(
                "%(year)s is not a year of the masterplans monitored (%(start)s–%(end)s); "
                "shown: the current year."
            )
            % {"year": asked[:10], "start": period.start, "end": period.stop - 1},
        )
    return None


@login_required
@require_GET
def dashboard_region(request: HttpRequest, code: str) -> HttpResponse:
    """Status per dimension and agency, indicators needing attention, budget, quick wins and
    one indicator's trend (``?indicator=``). The body is kept in the cache until something it
    shows changes (``dashboard_cache``); who may see it is asked first, every time."""
    region = _district(request, code)
    asked = request.GET.get("year")
    year, indicator_id = (_int(asked) if asked else None), _int(request.GET.get("indicator"))
    masterplan = dashboards.monitored_masterplan(region)

    def build() -> tuple[str, int | None]:
        board = dashboards.region_dashboard(region, indicator_id, year, masterplan=masterplan)
        context: dict[str, Any] = {"region": region, "board": board, **_labels()}
        if board.monitored and board.masterplan is not None:
            context["year"] = dashboards.board_year(board)
            context["thresholds"] = dashboards.thresholds_of(board.masterplan)
            context["charts"] = {
                "dimensions": present.dimension_chart(board.dimensions),
                "budget": present.budget_chart(board.budget),
                "trend": present.trend_chart(board.trend) if board.trend else None,
            }
            context["heat"] = {d.pk: present.band(d.score) for d in board.dimensions}
        html = render_to_string("monitoring/_dashboard_region_body.html", context)
        return html, context.get("year")

    cache_key = dashboard_cache.key(region, masterplan, year, indicator_id)
    body, shown = dashboard_cache.body(cache_key, build)
    if shown is not None and masterplan is not None and asked and asked != str(shown):
        _bad_year(request, asked, masterplan.period, shown)
    # ``body`` is the SafeString the template engine wrote (pickled with its type by the cache).
    context = {"region": region, "body": body}
    return render(request, "monitoring/dashboard_region.html", context)


@login_required
@require_GET
def dashboard_agency(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An agency's report card: its programmes and indicators, what is due, what came back."""
    region = _district(request, code)
    agency = get_for_user(
        request.user, Agency.objects.filter(region=region), view="regions.view_agency", pk=pk
    )
    asked = request.GET.get("year", "")
    card = report_cards.agency_card(region, agency, year=_int(asked) if asked else None)
    if card.monitored and card.masterplan is not None and asked and asked != str(card.year):
        _bad_year(request, asked, card.masterplan.period, card.year)
    context = {"region": region, "agency": agency, "card": card, **_labels()}
    return render(request, "monitoring/dashboard_agency.html", context)


def _filtered(
    request: HttpRequest, regions: QuerySet[Region], with_province: bool
) -> tuple[RegionTableForm, QuerySet[Region]]:
    form = RegionTableForm(
        request.GET or None, provinces=list(provinces()) if with_province else None
    )
    if form.value("province"):
        regions = regions.filter(province__code=form.value("province"))
    if form.value("kind"):
        regions = regions.filter(kind=form.value("kind"))
    return form, regions


def _table(
    request: HttpRequest, regions: QuerySet[Region], with_province: bool
) -> tuple[RegionTableForm, dashboards.RegionTable]:
    form, regions = _filtered(request, regions, with_province)
    year = table_year(request, dashboards.table_years(regions))
    return form, dashboards.region_table(regions, form.value("sort", "region"), year)


def _sort_links(request: HttpRequest, sort: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the query string that sorts by it (or reverses it) and its state."""
    links = {}
    for key in dashboards.SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if sort == key else key
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        links[key] = {"query": query.urlencode(), "state": state}
    return links


def _table_page(
    request: HttpRequest,
    regions: QuerySet[Region],
    *,
    title: str,
    export_url: str,
    with_province: bool,
    province: Region | None = None,
) -> HttpResponse:
    form, regions = _filtered(request, regions, with_province)
    years = dashboards.table_years(regions)
    year = table_year(request, years)
    # Sorted and cut in SQL: only the page's regions become rows, with their heat cells.
    rows = dashboards.RegionRows(regions, form.value("sort", "region"), cells=True, year=year)
    page = Paginator(rows, PER_PAGE).get_page(form.value("page", 1))
    columns = dashboards.heat_columns(regions, year)
    _computing(request, page.object_list)
    separator = str(get_format("DECIMAL_SEPARATOR", use_l10n=True))
    context = {
        "title": title,
        "province": province,
        "form": form,
        "years": years or [],
        "year": year,
        "columns": columns,
        "page": page,
        "rows": [(row, present.heat_cells(row, columns, separator)) for row in page.object_list],
        "page_query": _without_page(request),
        "sorts": _sort_links(request, form.value("sort", "region")),
        "export_url": f"{export_url}?{request.GET.urlencode()}",
        **_labels(),
    }
    return render(request, "monitoring/dashboard_regions.html", context)


def _computing(request: HttpRequest, rows: Any) -> None:
    """Rows of published masterplans without summary rows (after an upgrade): the refresh
    job is queued (unless it already is) and the user told their figures are being
    computed, instead of blank cells without a word."""
    waiting = [r for r in rows if r.masterplan is not None and r.masterplan.is_published]
    waiting = [r for r in waiting if r.summary is None]
    if not waiting:
        return
    jobs.queue_refresh()
    messages.info(
        request,
        ngettext(
            "The figures of %(count)d masterplan are being computed; reload the page in a "
            "few minutes.",
            "The figures of %(count)d masterplans are being computed; reload the page in a "
            "few minutes.",
            len(waiting),
        )
        % {"count": len(waiting)},
    )


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return f"{query.urlencode()}&" if query else ""


def _province(request: HttpRequest, code: str) -> Region:
    """A province, for those who may see its dashboard (others: 403; unknown code: 404)."""
    return get_for_user(
        request.user,
        Region.objects.filter(kind=Region.Kind.PROVINCE),
        view=None,
        change=PROVINCE,
        code=code,
    )


def _national(request: HttpRequest) -> None:
    if not allowed(request.user, NATIONAL, None):
        raise PermissionDenied


@login_required
@require_GET
def dashboard_province(request: HttpRequest, code: str) -> HttpResponse:
    province = _province(request, code)
    return _table_page(
        request,
        Region.objects.filter(province=province),
        title=_("Monitoring of %(province)s") % {"province": province.name},
        export_url=reverse("monitoring:dashboard_province_export", kwargs={"code": code}),
        with_province=False,
        province=province,
    )


@login_required
@require_GET
def dashboard_province_export(request: HttpRequest, code: str) -> HttpResponse:
    province = _province(request, code)
    _form, table = _table(request, Region.objects.filter(province=province), False)
    return present.table_xlsx(table, province.name)


@login_required
@require_GET
def dashboard_national(request: HttpRequest) -> HttpResponse:
    _national(request)
    return _table_page(
        request,
        Region.objects.all(),
        title=_("National monitoring"),
        export_url=reverse("monitoring:dashboard_national_export"),
        with_province=True,
    )


@login_required
@require_GET
def dashboard_national_export(request: HttpRequest) -> HttpResponse:
    _national(request)
    _form, table = _table(request, Region.objects.all(), True)
    return present.table_xlsx(table, "nasional")
