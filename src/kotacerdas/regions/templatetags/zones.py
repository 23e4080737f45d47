"""Dates and times in a region's time zone, labelled WIB, WITA or WIT.

``{{ value|local_time }}`` prints ``29 November 2026 14:05 WITA`` in the active zone (the zone
of the region a page belongs to, see ``regions.zones``); ``{{ value|local_time:region }}`` in
the zone of the given region, for lists mixing regions; ``{{ zone|zone_label }}`` the short
name of a zone or a region's zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone

from ..models import Region
from ..zones import ABBREVIATIONS

register = template.Library()

FORMAT = "j F Y H:i T"


@register.filter
def local_time(value: datetime | None, region: Region | None = None) -> str:
    if not isinstance(value, datetime):
        return ""
    zone = ZoneInfo(region.time_zone) if isinstance(region, Region) else None
    moment = timezone.localtime(value, zone) if timezone.is_aware(value) else value
    return formats.date_format(moment, FORMAT)


@register.filter
def zone_label(value: Any) -> str:
    zone = value.time_zone if isinstance(value, Region) else str(value or "")
    return ABBREVIATIONS.get(zone, zone)  # type: ignore[call-overload]
