"""Read side of the strategy: the tree a page shows and the SWOT entries it may cite."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from kotacerdas.framework.models import Dimension
from kotacerdas.readiness.models import SwotEntry

from ..masterplans.models import Masterplan
from .models import Goal, Mission, PolicyDirection, Vision


def swot_label(entry: SwotEntry) -> str:
    """How a citation reads everywhere: the assessment year and the entry label, "2026/W3"."""
    return f"{entry.assessment.year}/{entry.label}"


def swot_entries(queryset: QuerySet[SwotEntry] | None = None) -> QuerySet[SwotEntry]:
    """SWOT entries with the assessment their label needs, in SWOT order (for prefetching)."""
    rows = SwotEntry.objects.all() if queryset is None else queryset
    return rows.select_related("assessment").order_by("-assessment__year", "kind", "number")


def swot_choices(masterplan: Masterplan, cited: Iterable[int] = ()) -> list[tuple[int, str]]:
    """The SWOT entries a piece of the strategy can cite, in one query: entries of the
    region's assessments that are not removed (plus those ``cited`` already), latest first."""
    rows = swot_entries(
        SwotEntry.objects.filter(assessment__region=masterplan.region_id).filter(
            Q(removed_at__isnull=True) | Q(pk__in=list(cited))
        )
    )
    return [(e.pk, f"{e.assessment.year} · {e.label} — {_short(e.text)}") for e in rows]


def _short(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class Strategy:
    """Vision → missions (with their goals) and a policy direction (or ``None``) per dimension,
    each with the SWOT entries it cites."""

    vision: Vision | None
    missions: list[Mission]
    policies: list[tuple[Dimension, PolicyDirection | None]]


def strategy_of(masterplan: Masterplan) -> Strategy:
    """The strategy tree in a fixed number of queries."""
    cited = Prefetch("swot_entries", queryset=swot_entries())
    goals = Goal.objects.order_by("position", "pk").prefetch_related(cited)
    vision = Vision.objects.filter(masterplan=masterplan).prefetch_related(cited).first()
    missions = list(masterplan.missions.prefetch_related(cited, Prefetch("goals", queryset=goals)))
    policies = {p.dimension_id: p for p in masterplan.policy_directions.prefetch_related(cited)}
    dimensions = masterplan.framework.dimensions.order_by("position")
    return Strategy(vision, missions, [(d, policies.get(d.pk)) for d in dimensions])
