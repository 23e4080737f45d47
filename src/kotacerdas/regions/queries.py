"""Read side of regions and agencies, scoped to the user asking."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from kotacerdas.accounts.actors import Actor
from kotacerdas.accounts.scope import scope_of

from .models import Agency, Region


def region_list(*, search: str = "", province: str = "", kind: str = "") -> QuerySet[Region]:
    """The public region list (reference data), filtered as the overview page asks."""
    regions = Region.objects.select_related("province").search(search)
    if province:
        regions = regions.filter(Q(province__code=province) | Q(code=province))
    if kind:
        regions = regions.filter(kind=kind)
    return regions.order_by("code")


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(kind=Region.Kind.PROVINCE).order_by("name")


def programme_counts() -> dict[str, int]:
    """How many kabupaten/kota exist and how many have joined the programme."""
    return Region.objects.districts().aggregate(
        districts=Count("pk"), active=Count("pk", filter=Q(is_active=True))
    )


def regions_visible_to(user: Actor | AnonymousUser) -> QuerySet[Region]:
    """Regions whose internal data (agencies, members, drafts) the user may read."""
    return Region.objects.filter(scope_of(user).region_filter())


def agencies_visible_to(user: Actor | AnonymousUser) -> QuerySet[Agency]:
    return Agency.objects.filter(scope_of(user).region_filter("region__")).select_related(
        "region", "merged_into"
    )


def agencies_of(region: Region, *, include_retired: bool = True) -> QuerySet[Agency]:
    agencies = region.agencies.all() if include_retired else region.agencies.active()
    return (
        agencies.select_related("merged_into")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("retired_at", "name")
    )
