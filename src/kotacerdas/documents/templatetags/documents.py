"""Small filters for the documents' templates."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or nothing."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def gap(target: float, current: float) -> str:
    return f"{float(target) - float(current):.2f}"
