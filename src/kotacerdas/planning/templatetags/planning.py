"""Template filters of the planning pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from kotacerdas.lib.formatting import rupiah as format_rupiah

register = template.Library()


@register.filter
def rupiah(amount: Any) -> str:
    """``1250000000`` → ``Rp 1.250.000.000``; empty stays a dash."""
    if amount in (None, ""):
        return "–"
    return format_rupiah(Decimal(amount))


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value):.1f} %".replace(".", ",")
