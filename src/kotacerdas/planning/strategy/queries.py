"""Read side of the strategy: the tree a page shows (down to the programmes serving each goal)
and the SWOT entries it may cite.

The strategy slice sits below the programmes slice and never imports it: the programmes a goal
serves are read through the reverse relations ``Goal.programmes`` and ``Masterplan.programmes``
that the programme model declares.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

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


def number_goals(missions: Iterable[Mission]) -> dict[int, str]:
    """Each goal's number as the strategy page shows it: "2.1" is the first goal of the second
    mission (places in the tree, not the stored positions, which may have gaps). The missions
    come in order with their goals prefetched in order."""
    return {
        goal.pk: f"{m}.{g}"
        for m, mission in enumerate(missions, start=1)
        for g, goal in enumerate(mission.goals.all(), start=1)
    }


def numbered_goals(
    masterplan: Masterplan, *, served_by: int | None = None
) -> list[tuple[str, Goal]]:
    """The masterplan's goals in tree order with their numbers ("2.1"), each with its mission,
    in one query: a mission's number counts the missions before it (a mission without goals
    still takes its number). With ``served_by`` (a programme's id) each goal's ``served`` says
    whether that programme serves it, read in the same query."""
    mission = OuterRef("mission")
    before = (
        Mission.objects.filter(masterplan=OuterRef("mission__masterplan"))
        .filter(
            Q(position__lt=OuterRef("mission__position"))
            | Q(position=OuterRef("mission__position"), pk__lt=mission)
        )
        .order_by()
        .values("masterplan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    goals = (
        Goal.objects.filter(mission__masterplan=masterplan)
        .select_related("mission")
        .annotate(
            missions_before=Coalesce(Subquery(before), 0),
            served=Exists(
                Goal.programmes.through.objects.filter(goal=OuterRef("pk"), programme=served_by)
            ),
        )
        .order_by("mission__position", "mission_id", "position", "pk")
    )
    numbered: list[tuple[str, Goal]] = []
    counts: dict[int, int] = {}
    for goal in goals:
        counts[goal.mission_id] = counts.get(goal.mission_id, 0) + 1
        number = f"{goal.missions_before + 1}.{counts[goal.mission_id]}"
        numbered.append((number, goal))
    return numbered


@dataclass(frozen=True)
class Strategy:
    """Vision → missions (with their goals, and the programmes serving each goal) and a policy
    direction (or ``None``) per dimension, each with the SWOT entries it cites; the goals no
    programme serves and the programmes that serve no goal."""

    vision: Vision | None
    missions: list[Mission]
    policies: list[tuple[Dimension, PolicyDirection | None]]
    numbers: dict[int, str] = field(default_factory=dict)
    unserved_goals: list[Goal] = field(default_factory=list)
    programmes_without_goal: list[Any] = field(default_factory=list)


def strategy_of(masterplan: Masterplan) -> Strategy:
    """The strategy tree in a fixed number of queries, whatever the number of programmes."""
    cited = Prefetch("swot_entries", queryset=swot_entries())
    goals = Goal.objects.order_by("position", "pk").prefetch_related(cited, "programmes")
    vision = Vision.objects.filter(masterplan=masterplan).prefetch_related(cited).first()
    missions = list(masterplan.missions.prefetch_related(cited, Prefetch("goals", queryset=goals)))
    policies = {p.dimension_id: p for p in masterplan.policy_directions.prefetch_related(cited)}
    dimensions = masterplan.framework.dimensions.order_by("position")
    numbers = number_goals(missions)
    for mission, number in zip(missions, range(1, len(missions) + 1), strict=True):
        mission.number = number  # type: ignore[attr-defined]
        for goal in mission.goals.all():
            goal.number = numbers[goal.pk]  # type: ignore[attr-defined]
    unserved = [g for m in missions for g in m.goals.all() if not g.programmes.all()]
    # Reverse relation declared by the programme model (see the module docstring).
    without_goal = masterplan.programmes.filter(goals__isnull=True).order_by("code")
    return Strategy(
        vision,
        missions,
        [(d, policies.get(d.pk)) for d in dimensions],
        numbers,
        unserved,
        list(without_goal.only("pk", "code", "name", "masterplan_id")),
    )


def public_strategy(masterplan: Masterplan) -> tuple[str, list[Mission]]:
    """A published masterplan's vision text and its missions with their goals prefetched
    (two queries, three unless the masterplan was read with ``select_related("vision")``);
    nothing for a masterplan that is not published."""
    if not masterplan.is_published:
        return "", []
    try:
        vision = masterplan.vision.text
    except Vision.DoesNotExist:
        vision = ""
    missions = list(
        Mission.objects.filter(masterplan=masterplan)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("position", "pk")))
    )
    return vision, missions


def vision_and_missions(masterplan_id: int) -> tuple[Vision | None, list[Mission]]:
    """A masterplan's vision and missions, for the strategy a consultation opens to the
    public (two queries)."""
    vision = Vision.objects.filter(masterplan=masterplan_id).first()
    return vision, list(Mission.objects.filter(masterplan=masterplan_id))
