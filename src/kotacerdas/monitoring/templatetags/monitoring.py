"""Template filters of the monitoring pages: values, percentages and Rupiah in the
active language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from kotacerdas.lib.formatting import rupiah as format_rupiah

register = template.Library()


@register.filter
def number(value: Any) -> str:
    """``Decimal("1250.5000")`` → ``1.250,5`` in Indonesian; empty stays a dash."""
    if value in (None, ""):
        return "–"
    normal = Decimal(value).normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return number_format(normal, use_l10n=True, force_grouping=True)


@register.filter
def percent(value: Any) -> str:
    if value in (None, ""):
        return "–"
    return number_format(Decimal(value), 1, use_l10n=True) + " %"


@register.filter
def rupiah(amount: Any) -> str:
    if amount in (None, ""):
        return "–"
    return format_rupiah(Decimal(amount))


@register.filter
def status_class(status: Any) -> str:
    """The badge colour of a status."""
    return {
        "on_track": "text-bg-success",
        "at_risk": "text-bg-warning",
        "off_track": "text-bg-danger",
    }.get(str(status), "text-bg-secondary")


@register.filter
def label(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (status labels)."""
    return mapping.get(key, key) if hasattr(mapping, "get") else key
