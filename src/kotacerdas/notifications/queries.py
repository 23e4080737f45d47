"""Reading one's own notices."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from kotacerdas.accounts.models import User

from .models import Notification


def visible_to(user: User | AnonymousUser) -> QuerySet[Notification]:
    """A user sees their own notices and nobody else's."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user: User | AnonymousUser) -> int:
    return visible_to(user).filter(read_at__isnull=True).count() if user.is_authenticated else 0
