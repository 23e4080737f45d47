"""Project middleware: the audit actor, the time zone reset, the API text rule, the
benchmark query counter and the page answers to a refused constraint and to a change the
object's state refuses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from kotacerdas.lib.client_ip import client_ip
from kotacerdas.lib.constraints import violation
from kotacerdas.lib.errors import StateConflict, error_body
from kotacerdas.lib.text import forbidden_in


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


class TimeZoneResetMiddleware:
    """Each request starts and ends in the default time zone (``TIME_ZONE``).

    The access helper switches a request to the time zone of the region whose object a URL
    names (``regions.zones.activate_zone_of``); the switch lives in the worker thread, so it
    is undone here before the thread serves anyone else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


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


FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


class ApiTextMiddleware:
    """The one text rule for the JSON API (``lib.text``), before any operation runs.

    A path, JSON body, form field (of an upload) or query value with NUL or another control
    character is answered with 422 in the API's error shape, naming each field; nothing
    reaches a service or the database (PostgreSQL refuses NUL in any text it compares). A page
    whose path holds one is not found (404), whatever view it would reach. (django-ninja
    turns any error raised while parsing a body into a bare 400, so the check sits here.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = reverse_lazy("api:api-root")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad_path = any(True for _found in forbidden_in(request.path))
        if request.path.startswith(str(self.prefix)):
            found = list(forbidden_in(request.path, ("path",)))
            found += forbidden_in(dict(request.GET.lists()), ("query",))
            if request.content_type == "application/json" and self._body(request):
                try:
                    found += forbidden_in(json.loads(request.body))
                except ValueError:
                    body = error_body(
                        "invalid_json", gettext("The request body is not valid JSON.")
                    )
                    return JsonResponse(body, status=400)
            if request.content_type in FORMS:
                found += forbidden_in(self._form(request), ("form",))
            if found:
                return _text_refused(found)
        elif bad_path:
            raise Http404
        return self.get_response(request)

    @staticmethod
    def _form(request: HttpRequest) -> dict[str, list[str]]:
        """The text fields of a form body (an upload's); one too big or unreadable is left to
        the API."""
        try:
            return dict(request.POST.lists())
        except (RequestDataTooBig, MultiPartParserError):
            return {}

    @staticmethod
    def _body(request: HttpRequest) -> bool:
        """Whether there is a body to check; one too big is left to the API (413)."""
        try:
            return bool(request.body)
        except RequestDataTooBig:
            return False


def _text_refused(found: list[tuple[tuple, str]]) -> HttpResponse:
    details = []
    for path, text in found:
        parts = [str(p) for p in path if p not in ("query", "form")]
        if path[:1] in (("query",), ("form",)) and parts:
            parts = parts[:1]  # a query value's list index says nothing to the client
        details.append({"field": ".".join(parts), "message": text})
    body = error_body("invalid", gettext("Some values are not valid."), details)
    return JsonResponse(body, status=422)


class ConstraintViolationMiddleware:
    """A page whose write the database refused (a race past the service's checks) goes back to
    where it was with the constraint's message, in the user's language, instead of a 500. The
    service's transaction has rolled back, so nothing is half-saved. API errors are answered
    by ``api.errors``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, IntegrityError) or request.path.startswith("/api/"):
            return None
        refused = violation(exc)
        if refused is None:
            return None
        messages.error(request, " ".join(refused.messages))
        # Back to the page the form was on (a POST-only address would answer a GET with 405).
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(back if safe else request.get_full_path())


class StateConflictPageMiddleware:
    """A page asking for a change the object's state refuses (editing a masterplan in review,
    adding to a submitted assessment) answers 409 with a page saying why and a link back,
    not 403: the user's role would allow it in another state. The API answers
    ``invalid_state`` itself (``api.errors``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, StateConflict) or request.path.startswith("/api/"):
            return None
        context = {"reason": exc.message, "back": _back_from(request)}
        return render(request, "errors/409.html", context, status=409)


def _back_from(request: HttpRequest) -> str:
    """Where the user came from, if it is this site and not this page; else the page above."""
    back = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and back and not back.endswith(request.path):
        return back
    parts = [p for p in request.path.split("/") if p]
    return "/" + "".join(f"{p}/" for p in parts[:-1])
