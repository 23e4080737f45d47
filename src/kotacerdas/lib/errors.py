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
    review, returning what was never submitted). The API answers 409 with ``code``
    (``invalid_state`` unless said otherwise) and ``details``."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid_state",
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details or []


class Incomplete(ValidationError):
    """A submission refused because something is still missing and the submitter did not
    confirm sending it anyway. ``missing`` lists each gap as ``(key, description)``; the API
    answers 409 ``incomplete`` with one detail per gap."""

    def __init__(self, message: str, missing: list[tuple[str, str]]) -> None:
        super().__init__(message, code="incomplete")
        self.missing = missing


@contextmanager
def state_conflicts() -> Iterator[None]:
    """Inside it, a service's refusal that names no field (its state check) becomes a
    ``StateConflict``; a refusal naming fields stays a ``ValidationError``."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        if isinstance(exc, Incomplete):
            details = [{"field": key, "message": text} for key, text in exc.missing]
            raise StateConflict(exc.messages[0], code="incomplete", details=details) from exc
        raise StateConflict(" ".join(exc.messages)) from exc
