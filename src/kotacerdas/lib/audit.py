"""Glue between the audit trail library and the rest of the code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import set_actor


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Record audit entries written inside the block as made by ``user``.

    Used by management commands and other work that runs outside a request.
    """
    with set_actor(user if getattr(user, "is_authenticated", False) else None):
        yield
