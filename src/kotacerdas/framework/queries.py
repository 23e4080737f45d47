"""Read side of the framework catalogue (public reference data)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, QuerySet

from kotacerdas.accounts.models import User
from kotacerdas.accounts.scope import scope_of

from .models import Dimension, Element, FrameworkVersion, Instrument, InstrumentItem


def versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.annotate(dimension_count=Count("dimensions")).order_by(
        "profile", "-number"
    )


def dimensions_of(version: FrameworkVersion) -> QuerySet[Dimension]:
    """Dimensions with their elements prefetched: two queries whatever the size."""
    return version.dimensions.order_by("position").prefetch_related(
        Prefetch("elements", queryset=Element.objects.order_by("position"))
    )


def instruments_visible_to(user: User | AnonymousUser) -> QuerySet[Instrument]:
    """Published instruments for everyone; drafts too for the national admin."""
    instruments = Instrument.objects.select_related("framework").annotate(item_count=Count("items"))
    if not scope_of(user).national:
        instruments = instruments.filter(published_at__isnull=False)
    return instruments.order_by("code", "-number")


def items_of(instrument: Instrument) -> QuerySet[InstrumentItem]:
    return instrument.items.select_related("dimension", "aspect", "element").order_by("position")


def latest_instrument() -> Instrument | None:
    """The instrument new readiness assessments start on: the latest published version."""
    return (
        Instrument.objects.filter(published_at__isnull=False)
        .select_related("framework")
        .order_by("-published_at")
        .first()
    )


def default_version() -> FrameworkVersion | None:
    """The version new masterplans start on unless told otherwise: the framework of the
    latest published readiness instrument (the programme's current one), else the newest."""
    instrument = latest_instrument()
    if instrument is not None:
        return instrument.framework
    return FrameworkVersion.objects.order_by("-created").first()
