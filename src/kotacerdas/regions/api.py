"""JSON API of regions and agencies."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.api_auth import PUBLIC
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination

from . import queries
from .models import Agency, Region

router = Router(tags=["regions"], auth=PUBLIC)


class RegionOut(Schema):
    code: str
    name: str
    kind: Annotated[Region.Kind, inline_choices(Region.Kind)]
    province_code: str | None = Field(None, alias="province.code")
    is_active: bool


class RegionFilter(Schema):
    search: str = Field("", max_length=100, description="Part of the name, or a code prefix")
    province: str = Field("", pattern=r"^([0-9]{2})?$", description="Province code, e.g. 17")
    kind: Annotated[Region.Kind, inline_choices(Region.Kind)] | None = None


class AgencyOut(Schema):
    id: int
    code: str
    acronym: str
    name: str
    kind: Annotated[Agency.Kind, inline_choices(Agency.Kind)]
    is_active: bool
    merged_into_id: int | None


@router.get("/regions", response=list[RegionOut], summary="List regions")
@paginate(LimitOffsetPagination)
def list_regions(request: HttpRequest, filters: Query[RegionFilter]) -> Any:
    """All provinces and kabupaten/kota (public reference data)."""
    return queries.region_list(
        search=filters.search, province=filters.province, kind=filters.kind or ""
    )


@router.get("/regions/{code}", response=RegionOut, summary="One region")
def get_region(request: HttpRequest, code: str) -> Region:
    return get_for_user(
        request.user, Region.objects.select_related("province"), view=None, code=code
    )


@router.get("/regions/{code}/agencies", response=list[AgencyOut], summary="Agencies of a region")
@paginate(LimitOffsetPagination)
def list_agencies(request: HttpRequest, code: str) -> Any:
    """A region's agencies (OPD), retired ones included, for those who may read the region."""
    region = get_for_user(
        request.user, Region.objects.all(), view="regions.view_region_data", code=code
    )
    return queries.agencies_visible_to(request.user).filter(region=region).order_by("name")
