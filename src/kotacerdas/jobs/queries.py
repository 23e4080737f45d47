"""Reading jobs: a user's own, newest first."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Job


def owned_by(user: Any) -> QuerySet[Job]:
    """The user's own jobs (none for an anonymous visitor), newest first."""
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(owner_id=user.pk).select_related("region").order_by("-created")


def for_access() -> QuerySet[Job]:
    """The queryset the access helper fetches one job from."""
    return Job.objects.select_related("owner", "region")
