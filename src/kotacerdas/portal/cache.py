"""The portal's page cache: the rendered body of a public page, kept under the region's
*public version* (``queries.public_version``: the masterplan's publication and its latest
verification, read in one query, and the region's published evaluations, SPBE
self-assessments and public documents, annotated on the masterplan's fetch), so a
publication, a verification, a published evaluation or SPBE or a new public document shows
at once without any signal from the apps below, and stale entries simply expire."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TIMEOUT = 60 * 60  # statuses depend on the date (what is due): rebuilt at least hourly


def key(kind: str, code: str, version: str) -> str:
    return f"portal:{kind}:{code}:{version}:{get_language() or 'id'}"


def cached_html(kind: str, code: str, version: str, render: Callable[[], str]) -> SafeString:
    """The body of a page from the cache, or rendered by ``render`` (auto-escaped template
    output) and kept."""
    name = key(kind, code, version)
    html = cache.get(name)
    if html is None:
        html = render()
        cache.set(name, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 - rendered by an auto-escaping template
