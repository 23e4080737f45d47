"""How every planning service starts: lock what it changes, then check its state and the rule.

A service never trusts the object its caller passed: it re-reads the row under a lock inside
its transaction, checks that the masterplan is still a draft (where that matters) and that the
actor holds the permission on the current row, and only then writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, require, user_of
from kotacerdas.lib.concurrency import check_version

from .models import Masterplan

M = TypeVar("M", bound=Model)


def ensure_draft(masterplan: Masterplan) -> None:
    """Refuse, saying why, unless the masterplan is a draft."""
    if masterplan.status != Masterplan.Status.DRAFT:
        raise ValidationError(
            _("The masterplan is %(status)s; it can only be changed while it is a draft.")
            % {"status": masterplan.get_status_display().lower()}
        )


def lock_masterplan(pk: int) -> Masterplan:
    """The masterplan as it is now, locked until the transaction ends."""
    return Masterplan.objects.select_for_update(of=("self",)).select_related("region").get(pk=pk)


def lock_draft(pk: int, actor: Actor, perm: str) -> Masterplan:
    """Lock the masterplan, check it is still a draft and that ``actor`` holds ``perm`` on it."""
    current = lock_masterplan(pk)
    ensure_draft(current)
    require(actor, perm, current)
    return current


def lock_part(model: type[M], pk: int, actor: Actor, perm: str, path: str) -> M:
    """Lock the masterplan a row belongs to (reached through ``path``), check it, then lock the
    row itself. Masterplan first, then the row: every service takes locks in that order."""
    manager: Any = model._default_manager
    lock_draft(manager.filter(pk=pk).values_list(path, flat=True).get(), actor, perm)
    row: M = manager.select_for_update(of=("self",)).get(pk=pk)
    return row


def assign(obj: Model, fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Set the ``allowed`` fields given in ``fields``; anything else is ignored."""
    for name, value in fields.items():
        if name in allowed:
            setattr(obj, name, value)


def new_or_locked(
    model: type[M],
    existing: Model | None,
    actor: Actor,
    opened_version: int | None,
    **owner: Any,
) -> M:
    """A new row owned by ``owner``, or ``existing`` re-read under a lock (and checked against
    the version its form was opened with)."""
    manager: Any = model._default_manager
    if existing is None:
        new: M = model(created_by=user_of(actor), **owner)
        return new
    row: M = manager.select_for_update(of=("self",)).get(pk=existing.pk, **owner)
    check_version(row, opened_version)
    return row
