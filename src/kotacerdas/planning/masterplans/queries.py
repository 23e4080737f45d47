"""Read side of masterplans: the querysets scoped to a user and the overview's counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kotacerdas.accounts.scope import scope_of
from kotacerdas.framework.models import Dimension
from kotacerdas.regions.models import Region

from ..rules import Who
from .models import Masterplan, Stakeholder, TeamMember


def visible_to(user: Who) -> QuerySet[Masterplan]:
    """Masterplans the user may read: their regions' ones, and every published one."""
    scope = scope_of(user)
    if not scope.authenticated:
        return Masterplan.objects.none()
    return Masterplan.objects.filter(
        scope.region_filter("region__") | Q(status=Masterplan.Status.PUBLISHED)
    ).select_related("region", "region__province", "framework")


def masterplans_of(user: Who, region: Region) -> QuerySet[Masterplan]:
    return (
        visible_to(user)
        .filter(region=region)
        .annotate(programme_count=Count("programmes"))
        .order_by("-start_year", "-pk")
    )


def current_masterplan(user: Who, region: Region) -> Masterplan | None:
    """The masterplan a region is working on: the latest one the user may read."""
    return visible_to(user).filter(region=region).order_by("-start_year", "-pk").first()


@dataclass(frozen=True)
class Overview:
    """How much a masterplan holds."""

    programme: int
    quick_win: int
    team: int
    stakeholder: int
    mission: int
    open_comment: int


def overview_counts(masterplan: Masterplan) -> Overview:
    """What the masterplan holds, in one query."""
    counts = Masterplan.objects.filter(pk=masterplan.pk).aggregate(
        programme=Count("programmes", distinct=True),
        quick_win=Count("programmes", filter=Q(programmes__is_quick_win=True), distinct=True),
        team=Count("team", distinct=True),
        stakeholder=Count("stakeholders", distinct=True),
        mission=Count("missions", distinct=True),
        open_comment=Count("comments", filter=Q(comments__resolved_at__isnull=True), distinct=True),
    )
    return Overview(**counts)


def dimensions_of(masterplan: Masterplan) -> list[Dimension]:
    return list(masterplan.framework.dimensions.order_by("position"))


def published_masterplans() -> QuerySet[Masterplan]:
    """Every published masterplan, whoever asks (the public portal's starting point)."""
    return Masterplan.objects.filter(status=Masterplan.Status.PUBLISHED).select_related(
        "region", "region__province", "framework"
    )


def public_people(masterplan: Masterplan) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A published masterplan's team by name, position and body and its stakeholders by
    name and pentahelix group: never a contact detail or a decree (two queries)."""
    people = public_people_and_partners(masterplan)
    return people.team, people.stakeholders


@dataclass(frozen=True)
class PublicPeople:
    """A published masterplan's team (name, position, body) and stakeholders (name,
    pentahelix group), never a contact detail or a decree, and each programme's partners
    (stakeholder names by group then name, by programme id)."""

    team: list[dict[str, str]]
    stakeholders: list[dict[str, str]]
    partners: dict[int, list[str]]


def public_people_and_partners(masterplan: Masterplan) -> PublicPeople:
    """The public people of a masterplan, with the programmes' partners read along with the
    stakeholders (two queries: the team, the stakeholders with their programmes)."""
    if not masterplan.is_published:
        return PublicPeople([], [], {})
    bodies = dict(TeamMember.Body.choices)
    groups = dict(Stakeholder.Group.choices)
    team = [
        {"name": row["name"], "position": row["position"], "body": str(bodies[row["body"]])}
        for row in masterplan.team.order_by("body", "name").values("name", "position", "body")
    ]
    stakeholders: dict[int, dict[str, str]] = {}
    partners: dict[int, list[str]] = {}
    rows = masterplan.stakeholders.order_by("group", "name", "pk", "programmes")
    for row in rows.values("pk", "name", "group", "programmes"):
        if row["pk"] not in stakeholders:
            stakeholders[row["pk"]] = {"name": row["name"], "group": str(groups[row["group"]])}
        if row["programmes"] is not None:
            partners.setdefault(row["programmes"], []).append(row["name"])
    return PublicPeople(team, list(stakeholders.values()), partners)


def drafts_of_region(region: Region) -> QuerySet[Masterplan]:
    """The region's draft masterplans, the latest period first (where a consultation may be
    opened)."""
    return Masterplan.objects.filter(region=region, status=Masterplan.Status.DRAFT).order_by(
        "-start_year", "-pk"
    )


def drafts_in(region_ids: set[int]) -> QuerySet[Masterplan]:
    """The draft masterplans of the regions ``region_ids`` (where a coordinator may copy a
    programme of the library), by region name then the latest period first."""
    return (
        Masterplan.objects.filter(region_id__in=region_ids, status=Masterplan.Status.DRAFT)
        .select_related("region")
        .order_by("region__name", "-start_year")
    )
