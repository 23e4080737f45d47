"""Read side of masterplans: the querysets scoped to a user and the overview's counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kotacerdas.accounts.scope import scope_of
from kotacerdas.framework.models import Dimension
from kotacerdas.regions.models import Region

from ..rules import Who
from .models import Masterplan


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
