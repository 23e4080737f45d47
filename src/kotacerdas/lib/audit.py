"""Glue between the audit trail library and the rest of the code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor
from django.contrib.auth.base_user import AbstractBaseUser


@contextmanager
def audited_as(user: AbstractBaseUser | None) -> Iterator[None]:
    """Record the audit entries written inside the block as made by ``user`` (or nobody).

    Inside a request the audit middleware already holds the client address; it is kept,
    so every entry a service writes says where the change came from. Services reach this
    through ``accounts.actors.acting``, which turns their typed actor into a user.
    """
    try:
        current = dict(auditlog_value.get())
    except LookupError:
        current = {}
    try:
        with set_actor(
            user if getattr(user, "is_authenticated", False) else None,
            remote_addr=current.get("remote_addr"),
            remote_port=current.get("remote_port"),
        ):
            yield
    finally:
        # set_actor leaves its own context behind; the request's comes back.
        if current:
            auditlog_value.set(current)
