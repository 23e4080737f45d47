"""The unread count shown beside "Notifications" in the navbar (one query per page)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import queries


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: queries.unread_count(user))}
