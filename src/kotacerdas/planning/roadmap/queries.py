"""Read side of the roadmap: the programmes over the period with their milestones and what
the roadmap flags, in five queries whatever the number of programmes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from kotacerdas.framework.models import Dimension

from ..masterplans.models import Masterplan
from ..masterplans.queries import dimensions_of
from ..programmes.models import FundingLine, Milestone, Programme, ProgrammeDependency
from ..strategy.models import Goal, Mission, Vision
from .conflicts import RoadmapItem, conflict_message, roadmap_conflicts


@dataclass(frozen=True)
class RoadmapMilestone:
    pk: int
    name: str
    year: int
    quarter: int | None
    done: bool


@dataclass(frozen=True)
class RoadmapProgramme:
    """A programme on the roadmap; ``depends_on`` holds the ids of programmes it needs first."""

    pk: int
    code: str
    name: str
    dimension_id: int
    start_year: int
    end_year: int
    start_quarter: int | None
    end_quarter: int | None
    is_quick_win: bool
    milestones: list[RoadmapMilestone]
    depends_on: list[int]

    def runs_in(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    @cached_property
    def url(self) -> str:
        """The programme's page, worked out once although the table links it in every year it
        runs."""
        return reverse("planning:programme_detail", kwargs={"pk": self.pk})


@dataclass(frozen=True)
class RoadmapConflict:
    code: str
    programme: RoadmapProgramme
    year: int | None
    message: str


@dataclass(frozen=True)
class Roadmap:
    """Programmes by start year and code, the framework's dimensions in order, the conflicts."""

    years: list[int]
    dimensions: list[Dimension]
    programmes: list[RoadmapProgramme]
    conflicts: list[RoadmapConflict]


PROGRAMME_COLUMNS = (
    "pk",
    "code",
    "name",
    "dimension_id",
    "start_year",
    "end_year",
    "start_quarter",
    "end_quarter",
    "is_quick_win",
)


def _programmes(masterplan: Masterplan) -> list[RoadmapProgramme]:
    milestones: dict[int, list[RoadmapMilestone]] = defaultdict(list)
    for m in Milestone.objects.filter(programme__masterplan=masterplan).only(
        "pk", "programme_id", "name", "year", "quarter", "done"
    ):
        milestones[m.programme_id].append(RoadmapMilestone(m.pk, m.name, m.year, m.quarter, m.done))
    depends: dict[int, list[int]] = defaultdict(list)
    for src, dst in ProgrammeDependency.objects.filter(
        programme__masterplan=masterplan
    ).values_list("programme_id", "depends_on_id"):
        depends[src].append(dst)
    rows = masterplan.programmes.order_by("start_year", "code").values(*PROGRAMME_COLUMNS)
    return [
        RoadmapProgramme(**row, milestones=milestones[row["pk"]], depends_on=depends[row["pk"]])
        for row in rows
    ]


def _conflicts(masterplan: Masterplan, programmes: list[RoadmapProgramme]) -> list[RoadmapConflict]:
    funded: dict[int, set[int]] = defaultdict(set)
    for pk, year in (
        FundingLine.objects.filter(programme__masterplan=masterplan, amount__gt=0)
        .values_list("programme_id", "year")
        .distinct()
    ):
        funded[pk].add(year)
    items = [
        RoadmapItem(
            key=p.pk,
            start_year=p.start_year,
            end_year=p.end_year,
            start_quarter=p.start_quarter,
            depends_on=tuple(p.depends_on),
            funded_years=frozenset(funded[p.pk]),
        )
        for p in programmes
    ]
    by_pk = {p.pk: p for p in programmes}

    def label(pk: int | None) -> str:
        return by_pk[pk].code if pk in by_pk else str(pk)

    return [
        RoadmapConflict(
            c.code,
            by_pk[c.key],
            c.year,
            conflict_message(c, label(c.key), label(c.other) if c.other is not None else None),
        )
        for c in roadmap_conflicts(items, masterplan.start_year, masterplan.end_year)
    ]


def roadmap(masterplan: Masterplan) -> Roadmap:
    """Programmes over the period with their milestones, and the conflicts."""
    programmes = _programmes(masterplan)
    return Roadmap(
        years=list(masterplan.period),
        dimensions=dimensions_of(masterplan),
        programmes=programmes,
        conflicts=_conflicts(masterplan, programmes),
    )


@dataclass(frozen=True)
class DraftingProgress:
    """What a region's current masterplan holds, for the guidance stage checks."""

    masterplan_id: int
    has_vision: bool
    missions: int
    goals: int
    programmes: int
    programmes_without_goal: int
    programmes_without_innovation: int
    quick_wins: int
    dimensions: int
    quick_win_dimensions: int
    conflicts: int
    submitted: bool


def drafting_progress(region_ids: list[int]) -> dict[int, DraftingProgress]:
    """The latest masterplan of each region (by start year) with what the guidance stages
    check, in three queries whatever the number of regions or programmes. A region without
    a masterplan is absent from the answer."""
    latest: dict[int, Any] = {}
    for plan in (
        Masterplan.objects.filter(region_id__in=region_ids)
        .annotate(
            has_vision=Exists(Vision.objects.filter(masterplan=OuterRef("pk"))),
            mission_count=_count(Mission.objects.filter(masterplan=OuterRef("pk"))),
            goal_count=_count(Goal.objects.filter(mission__masterplan=OuterRef("pk"))),
            dimension_count=_count(Dimension.objects.filter(framework=OuterRef("framework"))),
        )
        .order_by("region_id", "-start_year", "-pk")
    ):
        latest.setdefault(plan.region_id, plan)
    if not latest:
        return {}
    ids = [p.pk for p in latest.values()]
    rows = list(
        Programme.objects.filter(masterplan_id__in=ids)
        .annotate(goal_count=Count("goals"))
        .values(*PROGRAMME_COLUMNS, "masterplan_id", "innovation", "goal_count")
    )
    # The dependencies (kind 0: programme, the programme it depends on) and the funded years
    # (kind 1: programme, year) in one query.
    dependencies = (
        ProgrammeDependency.objects.filter(programme__masterplan_id__in=ids)
        .annotate(kind=Value(0))
        .order_by()
        .values_list("programme_id", "depends_on_id", "kind")
    )
    funding = (
        FundingLine.objects.filter(programme__masterplan_id__in=ids, amount__gt=0)
        .annotate(kind=Value(1))
        .order_by()
        .values_list("programme_id", "year", "kind")
    )
    depends: dict[int, list[int]] = defaultdict(list)
    funded: dict[int, set[int]] = defaultdict(set)
    for pk, other, kind in dependencies.union(funding):
        if kind == 0:
            depends[pk].append(other)
        else:
            funded[pk].add(other)
    by_plan: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_plan[row["masterplan_id"]].append(row)

    def progress(plan: Any) -> DraftingProgress:
        own = by_plan[plan.pk]
        items = [
            RoadmapItem(
                key=r["pk"],
                start_year=r["start_year"],
                end_year=r["end_year"],
                start_quarter=r["start_quarter"],
                depends_on=tuple(depends[r["pk"]]),
                funded_years=frozenset(funded[r["pk"]]),
            )
            for r in own
        ]
        return DraftingProgress(
            masterplan_id=plan.pk,
            has_vision=plan.has_vision,
            missions=plan.mission_count,
            goals=plan.goal_count,
            programmes=len(own),
            programmes_without_goal=sum(1 for r in own if not r["goal_count"]),
            programmes_without_innovation=sum(1 for r in own if not r["innovation"].strip()),
            quick_wins=sum(1 for r in own if r["is_quick_win"]),
            dimensions=plan.dimension_count,
            quick_win_dimensions=len({r["dimension_id"] for r in own if r["is_quick_win"]}),
            conflicts=len(roadmap_conflicts(items, plan.start_year, plan.end_year)),
            submitted=plan.status != Masterplan.Status.DRAFT,
        )

    return {region_id: progress(plan) for region_id, plan in latest.items()}


def _count(queryset: Any) -> Any:
    """The number of rows of a correlated subquery, 0 when none."""
    counted = queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
