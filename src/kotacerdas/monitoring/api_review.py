"""The coordinator's verdict on a report, as the API takes it: realisations and programme
progress are verified or returned the same way (fetch for the verify permission, the service
inside ``state_conflicts`` so a report no longer waiting answers 409, the row read again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model
from django.http import HttpRequest

from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.errors import state_conflicts

M = TypeVar("M", bound=Model)


def decide(
    request: HttpRequest,
    fetch: Callable[..., M],
    pk: int,
    *,
    perm: str,
    service: Callable[..., Any],
    reread: Callable[[int], M],
    **fields: Any,
) -> M:
    """Fetch row ``pk`` for ``perm``, apply ``service`` as the requesting user with
    ``fields``, and answer the row as it is now."""
    row = fetch(request.user, pk, change=perm)
    with state_conflicts():
        service(row, actor=acting_user(request), **fields)
    return reread(row.pk)
