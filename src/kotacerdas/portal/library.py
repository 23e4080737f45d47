"""The national library of proven programmes: every programme of a published masterplan,
searchable across the country by dimension, element, topic tag, lead agency kind and region
kind, with its region, funding, indicators and latest status.

Public (published data only; anyone may read a published masterplan). A search costs a
fixed number of queries whatever the number of programmes (sums and counts in SQL, one page
at a time).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from kotacerdas.framework.models import Dimension, Element
from kotacerdas.framework.queries import default_version
from kotacerdas.monitoring import public_queries as monitoring
from kotacerdas.monitoring.public_queries import LatestVerified
from kotacerdas.planning.masterplans.queries import drafts_in
from kotacerdas.planning.models import FundingLine, Masterplan, Programme
from kotacerdas.planning.programmes.queries import (
    funding_total,
    programmes_of_published,
    public_parts,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=2))
PAGE_SIZE = 25


@dataclass(frozen=True)
class Filters:
    """What a library search asks for; empty values ask for nothing."""

    text: str = ""
    dimension: str = ""  # dimension code
    element: str = ""  # element code
    tag: str = ""  # topic tag code of the element
    agency_kind: str = ""  # Agency.Kind of the lead agency
    region_kind: str = ""  # Region.Kind


def published_programmes() -> QuerySet[Programme]:
    return programmes_of_published()


def _elements_tagged(tag: str) -> list[int]:
    """Elements (of any framework version) carrying the topic tag ``tag``: one query."""
    return [
        pk
        for pk, tags in Element.objects.values_list("pk", "tags")
        if any(isinstance(t, dict) and t.get("code") == tag for t in tags or [])
    ]


def search(filters: Filters) -> QuerySet[Programme]:
    """Published programmes matching ``filters``, with total funding, the number of
    indicators and the latest status, ordered by region then code."""
    programmes = published_programmes()
    if filters.text:
        words = Q()
        for word in filters.text.split()[:8]:
            words &= (
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(innovation__icontains=word)
                | Q(lead_agency__name__icontains=word)
                | Q(lead_agency__acronym__iexact=word)
                | Q(supports__agency__acronym__iexact=word)
                | Q(supports__agency__name__icontains=word)
            )
        programmes = programmes.filter(pk__in=published_programmes().filter(words).values("pk"))
    if filters.dimension:
        programmes = programmes.filter(dimension__code=filters.dimension)
    if filters.element:
        programmes = programmes.filter(element__code=filters.element)
    if filters.tag:
        programmes = programmes.filter(element__in=_elements_tagged(filters.tag))
    if filters.agency_kind:
        programmes = programmes.filter(lead_agency__kind=filters.agency_kind)
    if filters.region_kind:
        programmes = programmes.filter(masterplan__region__kind=filters.region_kind)
    return (
        programmes.select_related(
            "masterplan__region__province", "dimension", "element", "lead_agency"
        )
        .annotate(
            total_funding=Coalesce(funding_total(), ZERO),
            indicator_count=Coalesce(monitoring.indicator_count(), 0),
            latest_status=monitoring.programme_status(),
        )
        .order_by("masterplan__region__name", "code", "pk")
    )


def status_label(code: str | None) -> str:
    """The monitoring status in words ("On track"), or empty when there is none."""
    return monitoring.status_label(code)


@dataclass(frozen=True)
class Choices:
    dimensions: list[tuple[str, str]]
    elements: list[tuple[str, str]]
    tags: list[tuple[str, str]]


def choices() -> Choices:
    """The dimensions, elements and topic tags a search offers: those of the framework new
    masterplans use (two queries)."""
    version = default_version()
    if version is None:
        return Choices([], [], [])
    dimensions = list(Dimension.objects.filter(framework=version).order_by("position"))
    elements = list(
        Element.objects.filter(dimension__framework=version).order_by(
            "dimension__position", "position"
        )
    )
    tags: dict[str, str] = {}
    for element in elements:
        for tag in element.tags or []:
            if isinstance(tag, dict) and tag.get("code"):
                names = tag.get("name") or {}
                tags.setdefault(tag["code"], names.get("id") or tag["code"])
    return Choices(
        [(d.code, d.name) for d in dimensions],
        [(e.code, e.name) for e in elements],
        sorted(tags.items(), key=lambda item: item[1]),
    )


IndicatorLine = LatestVerified


@dataclass(frozen=True)
class Detail:
    programme: Programme
    supports: list[str]
    funding: list[FundingLine]
    indicators: list[IndicatorLine]
    copies: int


def detail(programme: Programme) -> Detail:
    """One library programme: supporting agencies, funding lines, indicators with their
    latest verified realisation (four queries)."""
    parts = public_parts(programme)
    return Detail(
        programme=programme,
        supports=parts.supports,
        funding=parts.funding,
        indicators=monitoring.latest_verified(programme),
        copies=programme.library_copies.count(),
    )


def draft_masterplans_of(user_regions: set[int]) -> QuerySet[Masterplan]:
    """Draft masterplans a coordinator may copy into (the regions they coordinate)."""
    return drafts_in(user_regions)
