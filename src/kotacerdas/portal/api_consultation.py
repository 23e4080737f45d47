"""Public JSON API of consultation and the programme library (no token needed): the
consultations that have opened with their published aspirations and answers, and the
national library's search and programmes. Read only; the same queries as the pages."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.api_auth import PUBLIC
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination
from kotacerdas.planning.models import Programme
from kotacerdas.regions.models import Agency, Region

from . import consultation_queries, library
from .models import Aspiration, Consultation, Section

router = Router(tags=["consultation"], auth=PUBLIC)


class ConsultationOut(Schema):
    id: int
    title: str
    region_code: str = Field(alias="masterplan.region.code")
    region_name: str = Field(alias="masterplan.region.name")
    opens_at: dt.datetime
    closes_at: dt.datetime
    whole: bool
    sections: list[str]


class AspirationOut(Schema):
    id: int
    section: Annotated[Section, inline_choices(Section)]
    programme_code: str | None = Field(None, alias="programme.code")
    name: str = Field(alias="shown_name")
    text: str
    answer: str
    answered_at: dt.datetime | None
    changed_programme_code: str | None = Field(None, alias="changed_programme.code")


class LibraryFilter(Schema):
    q: str = Field("", max_length=200, description="Words in the name, description, agencies")
    dimension: str = Field("", max_length=40, description="Dimension code, e.g. living")
    element: str = Field("", max_length=40, description="Element code")
    tag: str = Field("", max_length=60, description="Topic tag code of the element")
    agency_kind: Annotated[Agency.Kind, inline_choices(Agency.Kind)] | None = None
    region_kind: Annotated[Region.Kind, inline_choices(Region.Kind)] | None = None


class LibraryProgrammeOut(Schema):
    id: int
    code: str
    name: str
    region_code: str = Field(alias="masterplan.region.code")
    region_name: str = Field(alias="masterplan.region.name")
    dimension: str = Field(alias="dimension.code")
    element: str | None = Field(None, alias="element.code")
    lead_agency: str | None = Field(None, alias="lead_agency.name")
    start_year: int
    end_year: int
    total_funding: Decimal
    indicator_count: int
    latest_status: str | None


class LibraryIndicatorOut(Schema):
    code: str
    name: str
    unit: str
    latest_year: int | None
    latest_value: Decimal | None


class FundingOut(Schema):
    year: int
    source: str
    amount: Decimal


class LibraryDetailOut(Schema):
    id: int
    code: str
    name: str
    region_code: str
    description: str
    innovation: str
    supporting_agencies: list[str]
    funding: list[FundingOut]
    indicators: list[LibraryIndicatorOut]


@router.get("/consultations", response=list[ConsultationOut], summary="Public consultations")
@paginate(LimitOffsetPagination)
def list_public_consultations(request: HttpRequest) -> Any:
    """Consultations that have opened (open now, or ended), newest first."""
    return consultation_queries.public_consultations().order_by("-opens_at", "pk")


@router.get(
    "/consultations/{consultation_id}/aspirations",
    response=list[AspirationOut],
    summary="Published aspirations of a consultation",
)
@paginate(LimitOffsetPagination)
def list_consultation_aspirations(request: HttpRequest, consultation_id: int) -> Any:
    """The aspirations the region's team published, with their answers; never a contact."""
    consultation: Consultation = get_for_user(
        request.user, consultation_queries.public_consultations(), view=None, pk=consultation_id
    )
    return (
        consultation.aspirations.filter(state=Aspiration.State.PUBLISHED)
        .select_related("programme", "changed_programme")
        .order_by("created", "pk")
    )


@router.get("/library/programmes", response=list[LibraryProgrammeOut], summary="Search the library")
@paginate(LimitOffsetPagination)
def list_library_programmes(request: HttpRequest, filters: Query[LibraryFilter]) -> Any:
    """Programmes of published masterplans across the country."""
    return library.search(
        library.Filters(
            text=filters.q,
            dimension=filters.dimension,
            element=filters.element,
            tag=filters.tag,
            agency_kind=filters.agency_kind or "",
            region_kind=filters.region_kind or "",
        )
    )


@router.get(
    "/library/programmes/{programme_id}",
    response=LibraryDetailOut,
    summary="One programme of the library",
)
def get_library_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    programme: Programme = get_for_user(
        request.user,
        library.published_programmes().select_related("masterplan__region"),
        view=None,
        pk=programme_id,
    )
    detail = library.detail(programme)
    return {
        "id": programme.pk,
        "code": programme.code,
        "name": programme.name,
        "region_code": programme.masterplan.region.code,
        "description": programme.description,
        "innovation": programme.innovation,
        "supporting_agencies": detail.supports,
        "funding": [
            {"year": f.year, "source": f.source, "amount": f.amount} for f in detail.funding
        ],
        "indicators": [vars(i) for i in detail.indicators],
    }
