"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import CYCLE


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"cycle_stages": CYCLE}
