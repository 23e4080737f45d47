"""Project middleware: the audit actor and the benchmark query counter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from kotacerdas.lib.client_ip import client_ip


class LazyAuditActorMiddleware(AuditlogMiddleware):
    """Like auditlog's middleware, but reads the user when an entry is written.

    API requests authenticate inside the API (token or session) after middleware ran;
    reading ``request.user`` lazily records the right actor for them too.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        """The same client address as the login lock-out: X-Forwarded-For is trusted only
        as far as ``PROXY_COUNT`` proxies stand in front."""
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)

    @staticmethod
    def _get_actor(request: HttpRequest) -> Any:
        def actor() -> Any:
            user = getattr(request, "user", None)
            return user if user is not None and user.is_authenticated else None

        return SimpleLazyObject(actor)


class QueryCountHeaderMiddleware:
    """Adds ``X-Query-Count`` to responses when ``QUERY_COUNT_HEADER`` is on (benchmarks)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = settings.QUERY_COUNT_HEADER

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.enabled:
            return self.get_response(request)
        count = 0

        def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
