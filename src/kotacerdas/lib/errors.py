"""The one error shape of the JSON API (and of JSON error pages).

``{"error": {"code": "not_found", "message": "...", "details": [{"field": ..., "message": ...}]}}``
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError


def error_body(
    code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


class StateConflict(Exception):
    """A change the object's current state does not allow (submitting what is already in
    review, returning what was never submitted). The API answers 409 ``invalid_state``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@contextmanager
def state_conflicts() -> Iterator[None]:
    """Inside it, a service's refusal that names no field (its state check) becomes a
    ``StateConflict``; a refusal naming fields stays a ``ValidationError``."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise StateConflict(" ".join(exc.messages)) from exc
