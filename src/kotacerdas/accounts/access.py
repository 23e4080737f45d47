"""The one access helper: every object a URL or API call names is fetched here.

404 when the user may not see the object (so its existence is not revealed), 403 when
they may see it but not do what they asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from kotacerdas.lib.errors import StateConflict
from kotacerdas.regions.zones import activate_zone_of

from .actors import Actor, allowed, require

__all__ = ["get_for_user", "require"]

M = TypeVar("M", bound=Model)

# Why ``user`` may not take ``perm`` on ``obj`` in the state it is in, if another state of
# the object would allow it; ``None`` when the state is not the reason.
StateRefusal = Callable[[Any, str, Any], "str | None"]


def get_for_user(
    user: Actor | AnonymousUser,
    queryset: QuerySet[M],
    *,
    view: str | None,
    change: str | None = None,
    state_refusal: StateRefusal | None = None,
    **lookup: Any,
) -> M:
    """Fetch one object of ``queryset`` for ``user``.

    ``view`` is the permission needed to know the object exists (``None`` for public
    reference data); ``change`` the permission for the action asked for, if any. The rest of
    the request shows dates in the time zone of the object's region (when read with it).
    With ``state_refusal`` (the API's edges), a ``change`` refused only because of the
    object's state (a published masterplan, a submitted assessment) raises
    ``StateConflict`` (409) saying so, not ``PermissionDenied`` (403).
    """
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if view is not None and not allowed(user, view, obj):
        raise Http404
    if change is not None and not allowed(user, change, obj):
        refusal = state_refusal(user, change, obj) if state_refusal else None
        if refusal:
            raise StateConflict(refusal)
        raise PermissionDenied
    activate_zone_of(obj)
    return obj
