"""iCalendar feeds of sessions (an expert's, a region's), written with ``icalendar``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from icalendar import Calendar, Event

from .models import Session


def feed(name: str, sessions: Iterable[Session]) -> bytes:
    """One all-day event per session (its first to its last day)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Kotacerdas//Bimtek//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = settings.SITE_URL.split("//")[-1].strip("/") or "kotacerdas"
    for session in sessions:
        event = Event()
        event.add("uid", f"guidance-session-{session.pk}@{host}")
        event.add("summary", f"{session.title} · {session.member.region.name}")
        event.add("dtstart", session.starts_on)
        event.add("dtend", session.ends_on + timedelta(days=1))
        event.add("dtstamp", session.updated)
        place = ", ".join(p for p in (session.venue, session.city) if p)
        if place:
            event.add("location", place)
        event.add("description", session.get_format_display())
        calendar.add_component(event)
    return calendar.to_ical()
