"""Read side of the roadmap: the programmes over the period with their milestones and what
the roadmap flags, in five queries whatever the number of programmes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from kotacerdas.framework.models import Dimension

from ..masterplans.models import Masterplan
from ..masterplans.queries import dimensions_of
from ..programmes.models import FundingLine, Milestone, ProgrammeDependency
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
