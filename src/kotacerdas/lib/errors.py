"""The one error shape of the JSON API (and of JSON error pages).

``{"error": {"code": "not_found", "message": "...", "details": [{"field": ..., "message": ...}]}}``
"""

from __future__ import annotations

from typing import Any


def error_body(
    code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}
