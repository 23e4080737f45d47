"""Read side of accounts: memberships, invitations, members of a region, tokens, the audit
trail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from kotacerdas.regions.models import Region

from .history import ChangeRow, describe_changes
from .models import ApiToken, Invitation, Membership, Role, User

__all__ = [
    "ChangeRow",
    "agency_editors",
    "describe_changes",
    "editors_by_agency",
    "history_of",
    "history_with_parts",
    "invitations_for",
    "members_of",
    "memberships_for_home",
    "pending_invitations_in",
    "region_log",
    "tokens_of",
    "users_with_roles",
]


def memberships_for_home(user: User | AnonymousUser) -> QuerySet[Membership]:
    if not isinstance(user, User):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("region", "region__province", "agency")
        .order_by("region__code", "role")
    )


def invitations_for(user: User) -> QuerySet[Invitation]:
    """The invitations waiting for ``user``'s answer, newest first."""
    return Invitation.objects.pending().filter(user=user).select_related("region", "agency")


def pending_invitations_in(region: Region) -> QuerySet[Invitation]:
    """Invitations of a region nobody has answered yet, as whoever invites sees them."""
    return Invitation.objects.pending().filter(region=region).select_related("agency")


def members_of(region: Region) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(Q(region=region))
        .select_related("user", "agency")
        .order_by("role", "user__username")
    )


def users_with_roles(region_id: int, roles: Iterable[str]) -> QuerySet[User]:
    """Active users holding any of ``roles`` in the region (each once)."""
    return User.objects.filter(
        is_active=True, memberships__region_id=region_id, memberships__role__in=list(roles)
    ).distinct()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created")


def history_of(obj: Any) -> QuerySet[LogEntry]:
    """Every audit entry of one object, newest first."""
    return (
        LogEntry.objects.get_for_object(obj)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def history_with_parts(obj: Any, key: str) -> QuerySet[LogEntry]:
    """The entries of ``obj`` and of the rows that carry its id as ``key`` in their audit data
    (a programme's funding lines, milestones… with ``programme_id``), newest first."""
    own = Q(content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk))
    return (
        LogEntry.objects.filter(own | Q(**{f"additional_data__{key}": obj.pk}))
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


def agency_editors(agency_ids: Iterable[int]) -> QuerySet[User]:
    """Active editors of any of the agencies ``agency_ids`` (each once)."""
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.AGENCY_EDITOR,
        memberships__agency_id__in=list(agency_ids),
    ).distinct()


def editors_by_agency(agency_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active editors of each agency in ``agency_ids``: one query."""
    found: dict[int, list[User]] = {}
    rows = Membership.objects.filter(
        role=Role.AGENCY_EDITOR, agency_id__in=list(agency_ids), user__is_active=True
    ).select_related("user")
    for membership in rows.order_by("agency_id", "user_id"):
        if membership.agency_id is not None:
            found.setdefault(membership.agency_id, []).append(membership.user)
    return found
