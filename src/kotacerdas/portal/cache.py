"""The portal's cache: the rendered body of a public page, an open-data file (CSV, JSON) or
the items of a public API list, kept under the region's
*public version* (``queries.public_version``: the masterplan's publication and its latest
verification, read in one query, and the region's published evaluations, SPBE
self-assessments and public documents, annotated on the masterplan's fetch), so a
publication, a verification, a published evaluation or SPBE or a new public document shows
at once without any signal from the apps below, and stale entries simply expire."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

T = TypeVar("T")

TIMEOUT = 60 * 60  # statuses depend on the date (what is due): rebuilt at least hourly


def key(kind: str, code: str, version: str) -> str:
    return f"portal:{kind}:{code}:{version}:{get_language() or 'id'}"


def cached(kind: str, code: str, version: str, build: Callable[[], T]) -> T:
    """What ``build`` returns for the region's public version, from the cache or built and
    kept. ``kind`` names what is kept (page, table and format, API list): the key adds the
    region, its public version and the language; whatever else the response depends on
    (pagination) is applied to the kept value, never kept in it."""
    name = key(kind, code, version)
    value = cache.get(name)
    if value is None:
        value = build()
        cache.set(name, value, TIMEOUT)
    return value


def cached_html(kind: str, code: str, version: str, render: Callable[[], str]) -> SafeString:
    """The body of a page from the cache, or rendered by ``render`` (auto-escaped template
    output) and kept."""
    return mark_safe(cached(kind, code, version, render))  # noqa: S308 - auto-escaped template
