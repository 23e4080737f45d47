"""JSON API of the monitoring dashboards: a masterplan's status roll-up, a region's dashboard
and the national (or a province's) summary. Same rules and figures as the pages."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import BaseModel

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.actors import allowed
from kotacerdas.accounts.scope import scope_of
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Region

from . import dashboards, jobs, queries, summaries
from .edges import masterplan_for
from .summary_models import DimensionSummary, MasterplanSummary, ProgrammeSummary, SummaryStatus

router = Router(tags=["monitoring dashboards"])

StatusField = Annotated[SummaryStatus, inline_choices(SummaryStatus)]
PlanStatus = Annotated[Masterplan.Status, inline_choices(Masterplan.Status)]


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class ProgrammeStatusOut(Schema):
    id: int
    code: str
    name: str
    score: float | None = Field(..., description="Achievement in % (roll-up of its indicators)")
    status: StatusField
    weight: float = Field(..., description="Its weight within its dimension in the roll-up")
    indicators: int


class DimensionStatusOut(Schema):
    id: int
    code: str
    name: str
    score: float | None
    status: StatusField
    weight: float = Field(..., description="Its weight within the masterplan in the roll-up")
    indicators: int
    programmes: list[ProgrammeStatusOut]


class MasterplanStatusOut(Schema):
    masterplan_id: int
    title: str
    masterplan_status: PlanStatus
    monitored: bool = Field(..., description="Published: its monitoring has started")
    year: int | None = Field(..., description="The year the status is computed for")
    score: float | None
    status: StatusField | None
    reporting_rate: float | None = Field(..., description="Periods reported of those due, %")
    verified_rate: float | None
    computed_at: dt.datetime | None
    dimensions: list[DimensionStatusOut]


def _summary_fields(masterplan: Masterplan, summary: MasterplanSummary | None) -> dict[str, Any]:
    return {
        "masterplan_id": masterplan.pk,
        "title": masterplan.title,
        "masterplan_status": masterplan.status,
        "monitored": masterplan.is_published,
        "year": summary.year if summary else None,
        "score": _float(summary.score) if summary else None,
        "status": summary.status if summary else None,
        "reporting_rate": _float(summary.reporting_rate) if summary else None,
        "verified_rate": _float(summary.verified_rate) if summary else None,
        "computed_at": summary.refreshed_at if summary else None,
    }


def _dimension(d: DimensionSummary, programmes: list[ProgrammeSummary]) -> dict[str, Any]:
    return {
        "id": d.dimension_id,
        "code": d.dimension.code,
        "name": d.dimension.name,
        "score": _float(d.score),
        "status": d.status,
        "weight": float(d.weight),
        "indicators": d.indicators,
        "programmes": [
            {
                "id": p.programme_id,
                "code": p.programme.code,
                "name": p.programme.name,
                "score": _float(p.score),
                "status": p.status,
                "weight": float(p.weight),
                "indicators": p.indicators,
            }
            for p in programmes
            if p.programme.dimension_id == d.dimension_id
        ],
    }


def _period_year(masterplan: Masterplan, year: int | None) -> int | None:
    """``year`` when it is one of the masterplan's period (``None``: the current year);
    another year is refused (400) naming ``year`` and the years covered."""
    if year is not None and year not in masterplan.period:
        raise ValidationError({"year": _year_refused(year, masterplan.period)})
    return year


def masterplan_status_body(masterplan: Masterplan, year: int | None = None) -> dict[str, Any]:
    """The status roll-up of the current year from the summary rows (three queries; a
    published masterplan without them, after an upgrade, has them computed and stored
    first), or of ``year``, another year of the period, computed as the region dashboard
    does (a fixed number of queries, not saved)."""
    if year is not None and masterplan.is_published and year != queries.default_year(masterplan):
        rows = dashboards.year_rows(masterplan, year)
        return {
            **_summary_fields(masterplan, rows.masterplan),
            "dimensions": [_dimension(d, rows.programmes) for d in rows.dimensions],
        }
    summary = MasterplanSummary.objects.filter(masterplan=masterplan, is_current=True).first()
    if summary is None and masterplan.is_published:
        summary = summaries.ensure_current(masterplan)
    dimensions = list(
        DimensionSummary.objects.filter(masterplan=masterplan, is_current=True)
        .select_related("dimension")
        .order_by("dimension__position", "dimension_id")
    )
    programmes = list(
        ProgrammeSummary.objects.filter(masterplan=masterplan)
        .select_related("programme")
        .order_by("programme__code")
    )
    return {
        **_summary_fields(masterplan, summary),
        "dimensions": [_dimension(d, programmes) for d in dimensions],
    }


class YearFilter(Schema):
    year: int | None = Field(
        None, description="Figures of this year of the masterplan's period (default: this year)"
    )


@router.get(
    "/masterplans/{masterplan_id}/status",
    response=MasterplanStatusOut,
    summary="A masterplan's monitoring status, rolled up per dimension and programme",
)
def get_masterplan_status(
    request: HttpRequest, masterplan_id: int, filters: Query[YearFilter]
) -> dict[str, Any]:
    """Achievement and status of the masterplan, each dimension and each programme in the
    year looked at (the current year within the period, or ``year``), with the reporting
    rate. Empty until the masterplan is published. A year outside the period: 400."""
    masterplan = masterplan_for(request.user, masterplan_id)
    return masterplan_status_body(masterplan, _period_year(masterplan, filters.year))


class AgencyStatusOut(Schema):
    agency_id: int | None
    name: str
    indicators: int
    on_track: int
    at_risk: int
    off_track: int
    not_reported: int
    score: float | None
    status: StatusField


class AttentionOut(Schema):
    indicator_id: int
    code: str
    name: str
    agency_id: int | None
    period: str
    target: Decimal | None
    value: Decimal | None
    quality: str
    achievement: float | None
    status: StatusField


class BudgetOut(Schema):
    year: int
    source: str
    planned: Decimal
    realised: Decimal


class QuickWinOut(Schema):
    programme_id: int
    code: str
    name: str
    progress: float | None = Field(..., description="Latest physical progress reported, %")
    progress_year: int | None
    score: float | None
    status: StatusField | None


class RegionDashboardOut(Schema):
    region_code: str
    region_name: str
    masterplan: MasterplanStatusOut | None
    agencies: list[AgencyStatusOut]
    attention: list[AttentionOut] = Field(..., description="Indicators off track or not reported")
    budget: list[BudgetOut]
    quick_wins: list[QuickWinOut]


def _agency(a: dashboards.AgencyStatus) -> dict[str, Any]:
    return {
        "agency_id": a.agency.pk if a.agency else None,
        "name": a.agency.name if a.agency else "",
        "indicators": a.indicators,
        **{key: a.counts.get(key, 0) for key in ("on_track", "at_risk", "off_track")},
        "not_reported": a.counts.get("not_reported", 0),
        "score": _float(a.score),
        "status": a.status,
    }


def _attention(row: dashboards.IndicatorRow) -> dict[str, Any]:
    summary = row.summary
    return {
        "indicator_id": row.indicator.pk,
        "code": row.indicator.code,
        "name": row.indicator.name,
        "agency_id": row.indicator.responsible_agency_id,
        "period": summary.period if summary else "",
        "target": summary.target if summary else None,
        "value": summary.value if summary else None,
        "quality": summary.quality if summary else "",
        "achievement": _float(summary.achievement) if summary else None,
        "status": row.status,
    }


@router.get(
    "/regions/{code}/dashboard",
    response=RegionDashboardOut,
    summary="A region's monitoring dashboard",
)
def get_region_dashboard(
    request: HttpRequest, code: str, filters: Query[YearFilter]
) -> dict[str, Any]:
    """What the region dashboard shows: the monitored masterplan's status per dimension, per
    agency, the indicators needing attention, budget planned against realised, quick wins;
    of the current year, or of ``year`` (a year of the masterplan's period, else 400)."""
    region = get_for_user(
        request.user,
        Region.objects.filter(kind__in=dashboards.DISTRICTS),
        view="monitoring.view_region_dashboard",
        code=code,
    )
    board = dashboards.region_dashboard(region, year=filters.year, with_trend=False)
    if filters.year is not None:
        period = board.masterplan.period if board.monitored and board.masterplan else None
        if period is None or filters.year not in period:
            raise ValidationError({"year": _year_refused(filters.year, period)})
    body: dict[str, Any] = {
        "region_code": region.code,
        "region_name": region.name,
        "masterplan": None,
        "agencies": [_agency(a) for a in board.agencies],
        "attention": [_attention(r) for r in board.off_track],
        "budget": [vars(b) | {"source": b.source} for b in board.budget],
        "quick_wins": [
            {
                "programme_id": q.programme.pk,
                "code": q.programme.code,
                "name": q.programme.name,
                "progress": _float(q.progress),
                "progress_year": q.progress_year,
                "score": _float(q.summary.score) if q.summary else None,
                "status": q.summary.status if q.summary else None,
            }
            for q in board.quick_wins
        ],
    }
    if board.masterplan is not None:
        body["masterplan"] = {
            **_summary_fields(board.masterplan, board.summary),
            "dimensions": [_dimension(d, []) for d in board.dimensions],
        }
    return body


# A plain pydantic model, not a ``Schema``: its rows are plain dicts of plain values, which
# pydantic validates without ``Schema``'s attribute getter per field of each row (most of the
# summary's time with 100 rows). No docstring: it would become the schema's description.
class RegionSummaryOut(BaseModel):
    code: str
    name: str
    province_code: str | None
    kind: Annotated[Region.Kind, inline_choices(Region.Kind)]
    masterplan_id: int | None
    masterplan_status: PlanStatus | None
    stage: str = Field(..., description="The masterplan's status, or a draft's drafting step")
    year: int | None = Field(..., description="The year the figures are of")
    reporting_rate: float | None
    score: float | None
    status: StatusField | None
    dimensions: dict[str, float | None] = Field(..., description="Achievement per dimension code")
    evaluation_index: float | None = Field(
        None, description="Latest yearly evaluation index: empty until evaluations exist"
    )
    being_computed: bool = Field(
        False,
        description="Published, its figures not computed yet (after an upgrade): a background "
        "job computes them",
    )


class SummaryFilter(Schema):
    province: str = Field("", pattern=r"^([0-9]{2})?$", description="Province code, e.g. 17")
    kind: Annotated[Region.Kind, inline_choices(Region.Kind)] | None = None
    sort: str = Field(
        "region",
        pattern=r"^-?(region|province|status|rate|score)$",
        description="region, province, status, rate or score; a leading - reverses",
    )
    year: int | None = Field(
        None, description="Figures of this year (default: each masterplan's current year)"
    )


def _summary_row(row: dashboards.RegionRow) -> dict[str, Any]:
    masterplan = row.masterplan
    return {
        "code": row.region.code,
        "name": row.region.name,
        "province_code": row.region.province.code if row.region.province else None,
        "kind": row.region.kind,
        "masterplan_id": masterplan.pk if masterplan else None,
        "masterplan_status": masterplan.status if masterplan else None,
        "stage": row.stage,
        "year": row.summary.year if row.summary else None,
        "reporting_rate": _float(row.reporting_rate),
        "score": _float(row.score),
        "status": row.summary.status if row.summary else None,
        "dimensions": {code: _float(cell.score) for code, cell in row.dimensions.items()},
        "evaluation_index": None,
        "being_computed": bool(masterplan and masterplan.is_published and row.summary is None),
    }


class _SummaryRows:
    """The summary as the paginator reads it: its length (one ``COUNT``) and the rows of one
    slice, built from that slice's regions only."""

    def __init__(self, rows: dashboards.RegionRows):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        rows = self.rows[index]
        if any(r.masterplan and r.masterplan.is_published and r.summary is None for r in rows):
            jobs.queue_refresh()  # after an upgrade: their figures are computed in the background
        return [_summary_row(r) for r in rows]


def _scoped_regions(request: HttpRequest, province: str) -> Any:
    """National admins: every region (or one province's). Province viewers: their
    province(s) only; asking for another is refused. Everyone else: refused."""
    user = request.user
    regions = Region.objects.all()
    if allowed(user, "monitoring.view_national_dashboard", None):
        return regions.filter(province__code=province) if province else regions
    mine = scope_of(user).provinces
    if not mine:
        raise PermissionDenied
    if province:
        chosen = get_for_user(
            user,
            Region.objects.filter(kind=Region.Kind.PROVINCE),
            view=None,
            change="monitoring.view_province_dashboard",
            code=province,
        )
        return regions.filter(province=chosen)
    return regions.filter(province_id__in=mine)


@router.get(
    "/national/summary",
    response=list[RegionSummaryOut],
    summary="Every region's masterplan stage and monitoring figures",
)
@paginate(LimitOffsetPagination)
def get_national_summary(request: HttpRequest, filters: Query[SummaryFilter]) -> Any:
    """Every kabupaten/kota in the programme or with a masterplan: the masterplan's stage,
    reporting rate, achievement and achievement per dimension. National administrators see
    every province; a province viewer only their own; regions' users are refused."""
    regions = _scoped_regions(request, filters.province)
    if filters.kind:
        regions = regions.filter(kind=filters.kind)
    year = filters.year
    years = dashboards.table_years(regions)  # asked for always: the same cost with a year
    if year is not None and (years is None or year not in years):
        raise ValidationError({"year": _year_refused(year, years)})
    return _SummaryRows(dashboards.RegionRows(regions, filters.sort, cells=True, year=year))


def _year_refused(year: int, years: range | None) -> str:
    if years is None:
        return _("%(year)s is not a year of a monitored masterplan.") % {"year": year}
    return _("%(year)s is not a year of the masterplans monitored (%(start)s–%(end)s).") % {
        "year": year,
        "start": years.start,
        "end": years.stop - 1,
    }
