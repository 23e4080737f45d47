"""Who acts in a service, and the one check every service makes.

Every service function takes a typed ``actor``: the signed-in ``User`` an edge (page, API,
import) acts for, or ``SYSTEM``, the explicit actor of management commands and background
workers. There is no ``None``: a service that is handed no actor cannot run. Inside its
transaction the service calls ``require(actor, perm, obj)`` and writes its audit entries
inside ``acting(actor)``.

Domain permissions are decided by roles alone (``rules`` predicates over memberships);
Django's superuser flag opens the admin site and nothing else (see ``User.has_perm``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import rules
from django.core.exceptions import PermissionDenied

from kotacerdas.lib.audit import audited_as

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


@dataclass(frozen=True)
class SystemActor:
    """The actor of work no person started: commands, data loads, workers.

    It may do what such work is written to do; its audit entries name no user.
    """

    name: str = "system"
    pk: None = None
    is_authenticated: bool = False
    is_active: bool = True

    def __str__(self) -> str:
        return self.name


SYSTEM = SystemActor()

Actor: TypeAlias = "User | SystemActor"


def allowed(actor: Actor | AnonymousUser, perm: str, obj: Any = None) -> bool:
    """True when ``actor`` holds the domain permission ``perm`` (on ``obj``).

    Anonymous visitors are asked too: some reference data is public.
    """
    if isinstance(actor, SystemActor):
        return True
    if actor.is_authenticated and not actor.is_active:
        return False
    return bool(rules.has_perm(perm, actor, obj))


def require(actor: Actor | AnonymousUser, perm: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``perm`` (on ``obj``).

    Services call this inside their transaction, after taking their row lock, so the
    object checked is the current one.
    """
    if not allowed(actor, perm, obj):
        raise PermissionDenied


def user_of(actor: Actor) -> User | None:
    """The user to record as creator or audit actor (``None`` for the system)."""
    if isinstance(actor, SystemActor):
        return None
    return actor


@contextmanager
def acting(actor: Actor) -> Iterator[None]:
    """Record the audit entries written inside the block as made by ``actor``.

    Inside a request the client address the audit middleware holds is kept.
    """
    with audited_as(user_of(actor)):
        yield
