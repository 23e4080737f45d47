"""The one access helper: every object a URL or API call names is fetched here.

404 when the user may not see the object (so its existence is not revealed), 403 when
they may see it but not do what they asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from kotacerdas.lib.errors import StateConflict
from kotacerdas.regions.zones import activate_zone_of

from .actors import Actor, allowed, require

__all__ = ["StateTable", "get_for_user", "require", "require_change", "state_refusal"]

M = TypeVar("M", bound=Model)

# Why ``user`` may not take ``perm`` on ``obj`` in the state it is in, if another state of
# the object would allow it; ``None`` when the state is not the reason.
StateRefusal = Callable[[Any, str, Any], "str | None"]


@dataclass(frozen=True)
class StateTable:
    """How one kind of object's status decides what may be done to it and to what hangs
    from it (a masterplan and its programmes, an assessment and its answers)."""

    statuses: Sequence[str]
    # The object whose status counts for ``obj`` (``None``: the status is not the reason).
    holder: Callable[[Any], Any]
    # A copy of ``obj`` whose holder is in the given status; nothing is saved.
    in_status: Callable[[Any, str], Any]
    # Why the holder's present status refuses the change, in the user's language.
    reason: Callable[[Any], str]


def state_refusal(table: StateTable, user: Any, perm: str, obj: Any) -> str | None:
    """Why ``user`` may not take ``perm`` on ``obj`` now, if the status of the object holding
    it (per ``table``) is the only reason: some other status would allow it. Bind ``table``
    (``functools.partial``) to pass it as ``get_for_user(..., state_refusal=)``."""
    holder = table.holder(obj)
    if holder is None:
        return None
    current = getattr(holder, "status", None)
    others = [s for s in table.statuses if s != current]
    if not any(allowed(user, perm, table.in_status(obj, status)) for status in others):
        return None
    return table.reason(holder)


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
    With ``state_refusal`` (the API's and the pages' edges), a ``change`` refused only
    because of the object's state (a published masterplan, a submitted assessment) raises
    ``StateConflict`` (409: the API's ``invalid_state``, a page explaining why) saying so,
    not ``PermissionDenied`` (403).
    """
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if view is not None and not allowed(user, view, obj):
        raise Http404
    if change is not None:
        require_change(user, change, obj, state_refusal=state_refusal)
    activate_zone_of(obj)
    return obj


def require_change(
    user: Actor | AnonymousUser,
    perm: str,
    obj: Any,
    *,
    state_refusal: StateRefusal | None = None,
) -> None:
    """``require`` for an object already fetched: ``StateConflict`` (409, on pages a page
    explaining why) when only ``obj``'s state refuses ``perm``, ``PermissionDenied`` (403)
    when the user's role never allows it."""
    if allowed(user, perm, obj):
        return
    refusal = state_refusal(user, perm, obj) if state_refusal else None
    if refusal:
        raise StateConflict(refusal)
    raise PermissionDenied
