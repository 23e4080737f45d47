"""What monitoring shows outside the region: only current, verified realisations of a
published masterplan, and what the portal's pages and open data read of them (the time of the
last verification that keys their cache, indicator counts, stored statuses). Every function
here costs a fixed number of queries (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, OuterRef, Prefetch, QuerySet, Subquery

from kotacerdas.planning.models import Masterplan, Programme

from .models import Indicator, Realisation, State
from .summary_models import SummaryStatus


def verified_realisations() -> QuerySet[Realisation]:
    """Current realisations that the coordinator verified: the only ones anyone outside the
    region may see."""
    return Realisation.objects.filter(is_current=True, state=State.VERIFIED)


def published_indicators(masterplan: Masterplan) -> QuerySet[Indicator]:
    """A published masterplan's indicators with their targets and verified realisations
    (three queries for any number); none for a masterplan that is not published."""
    if not masterplan.is_published:
        return Indicator.objects.none()
    return (
        Indicator.objects.filter(masterplan=masterplan)
        .select_related("programme", "dimension", "responsible_agency")
        .prefetch_related(
            "targets",
            Prefetch(
                "realisations",
                queryset=verified_realisations().order_by("year", "sub_period"),
                to_attr="verified",
            ),
        )
        .order_by("code", "pk")
    )


def verification_stamps(masterplans: QuerySet[Masterplan]) -> dict[int, tuple[Any, int]]:
    """When a current realisation of each masterplan was last verified and how many are,
    in one query: either changes when a realisation is verified or corrected."""
    rows = (
        verified_realisations()
        .filter(indicator__masterplan__in=masterplans)
        .values("indicator__masterplan")
        .annotate(last=Max("verified_at"), count=Count("pk"))
    )
    return {row["indicator__masterplan"]: (row["last"], row["count"]) for row in rows}


def verification_annotations(masterplan: str = "pk") -> dict[str, Subquery]:
    """Expressions to annotate on a queryset whose ``masterplan`` field names the
    masterplan: when a current realisation of it was last verified (``verification_last``)
    and how many are (``verification_count``), as ``verification_stamps`` reads them."""
    verified = (
        verified_realisations()
        .filter(indicator__masterplan=OuterRef(masterplan))
        .order_by()
        .values("indicator__masterplan")
    )
    return {
        "verification_last": Subquery(verified.annotate(last=Max("verified_at")).values("last")),
        "verification_count": Subquery(verified.annotate(n=Count("pk")).values("n")),
    }


def latest_verification(masterplans: QuerySet[Masterplan]) -> dict[int, Any]:
    """When a current realisation of each masterplan was last verified, in one query."""
    return {pk: last for pk, (last, _count) in verification_stamps(masterplans).items()}


def indicator_count() -> Subquery:
    """How many indicators a programme has (``OuterRef("pk")`` is the programme)."""
    return Subquery(
        Indicator.objects.filter(programme=OuterRef("pk"))
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )


def programme_status() -> Subquery:
    """A programme's status in its stored monitoring summary (``OuterRef("pk")`` is the
    programme), or null when none was computed."""
    return Subquery(
        Programme.objects.filter(pk=OuterRef("pk")).values("monitoring_summary__status")[:1]
    )


def status_label(code: str | None) -> str:
    """A summary status in words ("On track"), or empty when there is none."""
    return str(dict(SummaryStatus.choices).get(code, "")) if code else ""


@dataclass(frozen=True)
class LatestVerified:
    """An indicator of a published programme with its latest verified realisation."""

    code: str
    name: str
    unit: str
    latest_year: int | None
    latest_value: Decimal | None


def latest_verified(programme: Programme) -> list[LatestVerified]:
    """The indicators of a programme of a published masterplan with the value and year of
    their latest current verified realisation (one query); nothing for a programme of a
    masterplan that is not published."""
    verified = (
        verified_realisations().filter(indicator=OuterRef("pk")).order_by("-year", "-sub_period")
    )
    indicators = Indicator.objects.filter(
        programme=programme, masterplan__status=Masterplan.Status.PUBLISHED
    ).annotate(
        latest_year=Subquery(verified.values("year")[:1]),
        latest_value=Subquery(verified.values("value")[:1]),
    )
    return [
        LatestVerified(i.code, i.name, i.unit, i.latest_year, i.latest_value)
        for i in indicators.order_by("code")
    ]
