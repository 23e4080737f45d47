"""Every page that serves a stored file answers an anonymous visitor the same way: it sends
them to log in, as every other page does (Django's ``login_required``). The permission table
runs each of these rows, so a file view that answered 404 (or served the file) to an
anonymous visitor would fail there; this test finds the file views by what they call, so a
new one cannot be left out of that rule."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from ..permissions import LOGIN
from ..test_permissions import ROUTES


def _views(patterns: Any, namespace: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _serves_a_file(view: Any) -> bool:
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return False
    return "files.serve(" in source


def test_every_page_serving_a_file_sends_an_anonymous_visitor_to_log_in() -> None:
    file_views = {
        name for name, view in _views(get_resolver().url_patterns) if _serves_a_file(view)
    }
    assert {
        "planning:masterplan_regulation",
        "planning:team_decree",
        "readiness:evidence_download",
        "selection:document_download",
    } <= file_views
    rows = {route.name: route for route in ROUTES if route.method == "get"}
    answers = {name: rows[name].expect["anonymous"] for name in sorted(file_views)}
    assert answers == dict.fromkeys(sorted(file_views), LOGIN)
