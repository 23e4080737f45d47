"""The public JSON API under /api/v1/public/: published masterplans and verified results, no
token needed, read only, rate limited per client address (``PUBLIC_API_*`` settings)."""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.api_auth import PUBLIC
from kotacerdas.lib.client_ip import client_ip
from kotacerdas.lib.pagination import LimitOffsetPagination
from kotacerdas.lib.ratelimit import Limit
from kotacerdas.planning.models import Masterplan, Programme

from . import cache, queries

router = Router(tags=["public"], auth=PUBLIC)
T = TypeVar("T")

REQUESTS_BY_ADDRESS = Limit(
    "public-api-address", "PUBLIC_API_REQUESTS_PER_ADDRESS", "PUBLIC_API_MINUTES"
)
LIMITED = {"x-rate-limited": True}


def _count(request: HttpRequest) -> None:
    """Count the request against its address; 429 once the window is used up."""
    REQUESTS_BY_ADDRESS.take(client_ip(request) or "unknown")


def _cached(
    kind: str, plan: Masterplan, build: Callable[[], T], variant: tuple[object, ...] = ()
) -> T:
    """What ``build`` returns, kept in the portal's cache under the region's public version
    (a publication or a verification shows at once); a list is kept whole and paginated
    afterwards, so every page and limit reads the same entry."""
    return cache.cached(
        f"api:{kind}", plan.region.code, queries.public_version(plan), build, variant
    )


def _masterplan(request: HttpRequest, code: str) -> Masterplan:
    _count(request)
    return get_for_user(
        request.user, queries.stamped(queries.latest_published()), view=None, region__code=code
    )


class PublicRegionOut(Schema):
    code: str
    name: str
    kind: str
    province_code: str | None
    masterplan_title: str
    start_year: int
    end_year: int
    published_at: datetime | None


class PublicRegionFilter(Schema):
    search: str = Field("", max_length=100, description="Part of the name, or a code prefix")
    province: str = Field("", pattern=r"^([0-9]{2})?$", description="Province code, e.g. 17")
    kind: str = Field("", pattern=r"^(kabupaten|kota)?$", description="kabupaten or kota")


class PublicMissionOut(Schema):
    text: str
    goals: list[str]


class PublicRegionDetailOut(PublicRegionOut):
    vision: str
    missions: list[PublicMissionOut]
    programme_count: int
    quick_win_codes: list[str]


class PublicFundingOut(Schema):
    source: str
    amount: Decimal


class PublicProgrammeOut(Schema):
    id: int
    code: str
    name: str
    dimension: str
    horizon: str
    start_year: int
    end_year: int
    lead_agency: str
    supporting_agencies: list[str]
    partners: list[str]
    is_quick_win: bool
    funding_total: Decimal
    funding_by_source: list[PublicFundingOut]


class PublicProgrammeDetailOut(PublicProgrammeOut):
    description: str
    problem: str
    innovation: str


class PublicRealisationOut(Schema):
    year: int
    sub_period: int
    value: Decimal


class PublicIndicatorOut(Schema):
    code: str
    name: str
    level: str
    unit: str
    programme_code: str | None
    year: int
    target: Decimal | None
    latest_verified: Decimal | None
    status: str
    verified_realisations: list[PublicRealisationOut]


class PublicEvaluationDimensionOut(Schema):
    code: str
    name: str
    index: Decimal


class PublicEvaluationOut(Schema):
    year: int
    index: Decimal = Field(description="Overall index, two decimals")
    dimensions: list[PublicEvaluationDimensionOut]


class PublicSpbeOut(Schema):
    year: int
    index: Decimal = Field(description="SPBE index, two decimals (rounded down)")
    predicate: str
    predicate_name: str


class PublicResultsOut(Schema):
    evaluation: PublicEvaluationOut | None = Field(
        description="The latest published evaluation; null while none is published"
    )
    spbe: PublicSpbeOut | None = Field(
        description="The latest published SPBE self-assessment; null while none is published"
    )


class PublicDocumentOut(Schema):
    format: str
    language: str
    size: int = Field(description="Size in bytes")
    version: int | None
    created: datetime
    download_url: str


def _region(plan: Masterplan) -> dict[str, Any]:
    region = plan.region
    return {
        "code": region.code,
        "name": region.name,
        "kind": region.kind,
        "province_code": region.province.code if region.province else None,
        "masterplan_title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "published_at": plan.published_at,
    }


def _programme(p: Programme, *, full: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "dimension": p.dimension.code,
        "horizon": p.horizon,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "lead_agency": p.lead_agency.name if p.lead_agency else "",
        "supporting_agencies": p.supporting,  # type: ignore[attr-defined]
        "partners": p.partner_names,  # type: ignore[attr-defined]
        "is_quick_win": p.is_quick_win,
        "funding_total": p.funding_total,  # type: ignore[attr-defined]
        "funding_by_source": [
            {"source": s, "amount": a}
            for s, a in p.funding_sources  # type: ignore[attr-defined]
        ],
    }
    if full:
        row |= {"description": p.description, "problem": p.problem, "innovation": p.innovation}
    return row


@router.get(
    "/public/regions",
    response=list[PublicRegionOut],
    summary="Regions that published a masterplan",
    openapi_extra=LIMITED,
)
@paginate(LimitOffsetPagination)
def list_public_regions(request: HttpRequest, filters: Query[PublicRegionFilter]) -> Any:
    """Every region with a published masterplan (its latest), by name."""
    _count(request)
    search = " ".join(filters.search.split())

    def build() -> list[dict[str, Any]]:
        plans = queries.published_regions(
            search=search, province=filters.province, kind=filters.kind
        )
        return [_region(p) for p in plans]

    # Kept whole under the national public version for each known filter; paginated after.
    variant = (search, filters.province, filters.kind)
    return cache.cached("api:regions", cache.NATIONAL, queries.national_version(), build, variant)


@router.get(
    "/public/regions/{code}",
    response=PublicRegionDetailOut,
    summary="A region's published masterplan",
    openapi_extra=LIMITED,
)
def get_public_region(request: HttpRequest, code: str) -> dict[str, Any]:
    plan = _masterplan(request, code)

    def build() -> dict[str, Any]:
        vision, missions = queries.public_strategy(plan)
        programmes = queries.programmes_of(plan)
        return {
            **_region(plan),
            "vision": vision,
            "missions": [
                {"text": m.text, "goals": [g.text for g in m.goals.all()]} for m in missions
            ],
            "programme_count": len(programmes),
            "quick_win_codes": [p.code for p in programmes if p.is_quick_win],
        }

    return _cached("region", plan, build)


@router.get(
    "/public/regions/{code}/programmes",
    response=list[PublicProgrammeOut],
    summary="Programmes of a region's published masterplan",
    openapi_extra=LIMITED,
)
@paginate(LimitOffsetPagination)
def list_public_programmes(request: HttpRequest, code: str) -> Any:
    plan = _masterplan(request, code)
    return _cached("programmes", plan, lambda: [_programme(p) for p in queries.programmes_of(plan)])


@router.get(
    "/public/regions/{code}/programmes/{programme_id}",
    response=PublicProgrammeDetailOut,
    summary="One programme of a region's published masterplan",
    openapi_extra=LIMITED,
)
def get_public_programme(request: HttpRequest, code: str, programme_id: int) -> dict[str, Any]:
    plan = _masterplan(request, code)
    programme = get_for_user(
        request.user, queries.published_programme_queryset(plan), view=None, pk=programme_id
    )
    return _programme(queries.decorated([programme])[0], full=True)


@router.get(
    "/public/regions/{code}/indicators",
    response=list[PublicIndicatorOut],
    summary="Indicators with targets and verified realisations",
    openapi_extra=LIMITED,
)
@paginate(LimitOffsetPagination)
def list_public_indicators(request: HttpRequest, code: str) -> Any:
    """Each indicator's status in the latest year with a verified realisation; realisations
    not verified by the region's coordinator are never listed."""
    plan = _masterplan(request, code)
    return _cached("indicators", plan, lambda: _indicators(plan))


def _indicators(plan: Masterplan) -> list[dict[str, Any]]:
    return [
        {
            "code": row.indicator.code,
            "name": row.indicator.name,
            "level": row.indicator.level,
            "unit": row.indicator.unit,
            "programme_code": row.indicator.programme.code if row.indicator.programme else None,
            "year": row.year,
            "target": row.target,
            "latest_verified": row.latest.value if row.latest else None,
            "status": str(row.status),
            "verified_realisations": [
                {"year": r.year, "sub_period": r.sub_period, "value": r.value}
                for r in row.realisations
            ],
        }
        for row in queries.indicators_of(plan)
    ]


@router.get(
    "/public/regions/{code}/results",
    response=PublicResultsOut,
    summary="A region's latest published evaluation index and SPBE predicate",
    openapi_extra=LIMITED,
)
def get_public_results(request: HttpRequest, code: str) -> dict[str, Any]:
    """The overall and per-dimension index of the region's latest published evaluation, and
    the index and predicate of its latest published SPBE self-assessment. Drafts, submitted
    and verified (not yet published) ones are never read."""
    plan = _masterplan(request, code)
    evaluation = queries.evaluation_detail(plan)
    spbe = queries.public_spbe(plan)
    return {
        "evaluation": None
        if evaluation is None
        else {
            "year": evaluation.year,
            "index": evaluation.index,
            "dimensions": [
                {"code": d.code, "name": d.name, "index": d.index} for d in evaluation.dimensions
            ],
        },
        "spbe": None
        if spbe is None
        else {
            "year": spbe.year,
            "index": spbe.index,
            "predicate": spbe.predicate,
            "predicate_name": spbe.predicate_name,
        },
    }


@router.get(
    "/public/regions/{code}/documents",
    response=list[PublicDocumentOut],
    summary="Downloads of a region's published masterplan document",
    openapi_extra=LIMITED,
)
def list_public_documents(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """The PDF and DOCX files generated from the latest approved version of the published
    masterplan; a draft's or an older version's file is never listed."""
    plan = _masterplan(request, code)

    def build() -> list[dict[str, Any]]:
        return [
            {
                "format": doc.format,
                "language": doc.language,
                "size": doc.size,
                "version": doc.masterplan_version.number if doc.masterplan_version else None,
                "created": doc.created,
                "download_url": request.build_absolute_uri(
                    reverse("portal:document_download", args=[plan.region.code, doc.pk])
                ),
            }
            for doc in queries.listed_documents(plan)
        ]

    # The links are absolute: kept for each host asked under the region's public version.
    return _cached("documents", plan, build, cache.site(request))
