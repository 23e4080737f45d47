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

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from kotacerdas.framework.models import Dimension, Element
from kotacerdas.framework.queries import default_version
from kotacerdas.monitoring.models import Indicator, Realisation, State
from kotacerdas.monitoring.summary_models import SummaryStatus
from kotacerdas.planning.models import FundingLine, Masterplan, Programme

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
    return Programme.objects.filter(masterplan__status=Masterplan.Status.PUBLISHED)


def _elements_tagged(tag: str) -> list[int]:
    """Elements (of any framework version) carrying the topic tag ``tag``: one query."""
    return [
        pk
        for pk, tags in Element.objects.values_list("pk", "tags")
        if any(isinstance(t, dict) and t.get("code") == tag for t in tags or [])
    ]


def _funding_total() -> Subquery:
    return Subquery(
        FundingLine.objects.filter(programme=OuterRef("pk"))
        .values("programme")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )


def _indicator_count() -> Subquery:
    return Subquery(
        Indicator.objects.filter(programme=OuterRef("pk"))
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )


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
            total_funding=Coalesce(_funding_total(), ZERO),
            indicator_count=Coalesce(_indicator_count(), 0),
            latest_status=Subquery(
                Programme.objects.filter(pk=OuterRef("pk")).values("monitoring_summary__status")[:1]
            ),
        )
        .order_by("masterplan__region__name", "code", "pk")
    )


def status_label(code: str | None) -> str:
    """The monitoring status in words ("On track"), or empty when there is none."""
    return str(dict(SummaryStatus.choices).get(code, "")) if code else ""


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


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    unit: str
    latest_year: int | None
    latest_value: Decimal | None


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
    verified = Realisation.objects.filter(
        indicator=OuterRef("pk"), state=State.VERIFIED, is_current=True
    ).order_by("-year", "-sub_period")
    indicators = Indicator.objects.filter(programme=programme).annotate(
        latest_year=Subquery(verified.values("year")[:1]),
        latest_value=Subquery(verified.values("value")[:1]),
    )
    return Detail(
        programme=programme,
        supports=[str(s.agency) for s in programme.supports.select_related("agency")],
        funding=list(programme.funding.order_by("year", "source")),
        indicators=[
            IndicatorLine(i.code, i.name, i.unit, i.latest_year, i.latest_value)
            for i in indicators.order_by("code")
        ],
        copies=programme.library_copies.count(),
    )


def draft_masterplans_of(user_regions: set[int]) -> QuerySet[Masterplan]:
    """Draft masterplans a coordinator may copy into (the regions they coordinate)."""
    return (
        Masterplan.objects.filter(region_id__in=user_regions, status=Masterplan.Status.DRAFT)
        .select_related("region")
        .order_by("region__name", "-start_year")
    )
