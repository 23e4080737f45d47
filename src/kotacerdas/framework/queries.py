"""Read side of the framework catalogue (public reference data)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from .models import Dimension, Element, FrameworkVersion


def versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.annotate(dimension_count=Count("dimensions")).order_by(
        "profile", "-number"
    )


def dimensions_of(version: FrameworkVersion) -> QuerySet[Dimension]:
    """Dimensions with their elements prefetched: two queries whatever the size."""
    return version.dimensions.order_by("position").prefetch_related(
        Prefetch("elements", queryset=Element.objects.order_by("position"))
    )
