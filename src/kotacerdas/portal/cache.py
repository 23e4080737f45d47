"""The portal's cache: the rendered body of a public page, an open-data file (CSV, JSON) or
the items of a public API list, kept under the region's
*public version* (``queries.public_version``: the masterplan's publication and its latest
verification, read in one query, and the region's published evaluations, SPBE
self-assessments and public documents, annotated on the masterplan's fetch), so a
publication, a verification, a published evaluation or SPBE or a new public document shows
at once without any signal from the apps below, and stale entries simply expire.

The answers about every region (the region list, ``data.json``, the sitemap, the API's
region list) are kept the same way under the *national public version*
(``queries.national_version``, one query), with ``NATIONAL`` in place of a region code."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

T = TypeVar("T")

TIMEOUT = 60 * 60  # statuses depend on the date (what is due): rebuilt at least hourly
NATIONAL = "*"  # the "region code" of the answers about every region


def key(kind: str, code: str, version: str, variant: tuple[object, ...] = ()) -> str:
    name = f"portal:{kind}:{code}:{version}:{get_language() or 'id'}"
    if variant:
        # Visitors' values (a search, a host name) are hashed: the key stays short and safe
        # for any cache backend, whatever they typed.
        name += ":" + hashlib.sha256(repr(variant).encode()).hexdigest()[:32]
    return name


def cached(
    kind: str,
    code: str,
    version: str,
    build: Callable[[], T],
    variant: tuple[object, ...] = (),
) -> T:
    """What ``build`` returns for the region's public version, from the cache or built and
    kept. ``kind`` names what is kept (page, table and format, API list): the key adds the
    region, its public version and the language, and ``variant``: the normalised values
    of what else the kept answer depends on (known filters, the host of absolute links),
    never a raw query string, so an unknown parameter adds no entry. Whatever else the
    response depends on (pagination) is applied to the kept value, never kept in it."""
    name = key(kind, code, version, variant)
    value = cache.get(name)
    if value is None:
        value = build()
        cache.set(name, value, TIMEOUT)
    return value


def cached_html(
    kind: str,
    code: str,
    version: str,
    render: Callable[[], str],
    variant: tuple[object, ...] = (),
) -> SafeString:
    """The body of a page from the cache, or rendered by ``render`` (auto-escaped template
    output) and kept."""
    return mark_safe(cached(kind, code, version, render, variant))  # noqa: S308 - auto-escaped template


def site(request: HttpRequest) -> tuple[str]:
    """The variant of an answer with absolute links: its scheme and host (the host is one
    of ``ALLOWED_HOSTS``: Django refuses any other before the view)."""
    return (request.build_absolute_uri("/"),)
