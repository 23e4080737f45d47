"""Read side of accounts: memberships, members of a region, tokens, the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from kotacerdas.regions.models import Region

from .models import ApiToken, Membership, User


def memberships_for_home(user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("region", "region__province", "agency")
        .order_by("region__code", "role")
    )


def members_of(region: Region) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(Q(region=region))
        .select_related("user", "agency")
        .order_by("role", "user__username")
    )


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created")


def history_of(obj: Any) -> QuerySet[LogEntry]:
    """Every audit entry of one object, newest first."""
    return (
        LogEntry.objects.get_for_object(obj)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def region_log(
    region: Region,
    *,
    model: str = "",
    actor: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[LogEntry]:
    """The region-wide audit log with the filters of its page, newest first."""
    entries = LogEntry.objects.filter(
        Q(additional_data__region_id=region.pk)
        | Q(content_type=ContentType.objects.get_for_model(Region), object_pk=str(region.pk))
    )
    if model:
        app_label, _, model_name = model.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    if actor:
        entries = entries.filter(actor__username=actor)
    if action.isdigit():
        entries = entries.filter(action=int(action))
    if since:
        entries = entries.filter(timestamp__date__gte=since)
    if until:
        entries = entries.filter(timestamp__date__lte=until)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")
