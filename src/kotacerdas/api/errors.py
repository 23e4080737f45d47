"""Turns every failure inside the API into the one error shape with a 4xx/5xx status."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.constraints import violation
from kotacerdas.lib.errors import StateConflict, error_body
from kotacerdas.lib.ratelimit import RateLimited

logger = logging.getLogger(__name__)


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    """``("body", "payload", "level")`` → ``level``: the field as the client sent it."""
    parts = list(loc)
    if len(parts) > 2 and parts[0] == "body":
        parts = parts[2:]  # drop the body marker and the view's parameter name
    parts = [str(p) for p in parts if p not in ("query", "body", "path", "header", "cookie")]
    return ".".join(parts)


Answer = tuple[int, dict[str, Any]]


def _invalid(exc: ValidationError) -> Answer:
    details = [
        {"field": _field_of(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
    ]
    return 422, error_body("invalid", _("Some values are not valid."), details)


def _rejected(exc: DjangoValidationError) -> Answer:
    if hasattr(exc, "error_dict"):
        details = [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        details = [{"field": "", "message": m} for m in exc.messages]
    return 400, error_body("invalid", " ".join(d["message"] for d in details), details)


def _constraint(exc: IntegrityError) -> Answer:
    """A row the database refused (a race past the service's checks): 422 naming the field."""
    refused = violation(exc)
    if refused is None:
        return _crashed(exc)
    _status, body = _rejected(refused)
    return 422, body


def _unauthenticated(exc: AuthenticationError) -> Answer:
    if str(exc) == "invalid_token":
        return 401, error_body("invalid_token", _("The API token is wrong, revoked or expired."))
    return 401, error_body("not_authenticated", _("Log in or send a personal API token."))


def _forbidden(exc: PermissionDenied) -> Answer:
    return 403, error_body("forbidden", _("You do not have permission to do this."))


def _not_found(exc: Http404) -> Answer:
    return 404, error_body("not_found", _("Not found, or you do not have access to it."))


def _too_big(exc: RequestDataTooBig) -> Answer:
    return 413, error_body("too_large", _("The request body is too large."))


def _conflict(exc: ConcurrentEditError) -> Answer:
    current = getattr(exc.current, "version", None)
    details = [{"field": "version", "message": _("Current version: %s") % current}]
    return 409, error_body("conflict", str(exc), details)


def _wrong_state(exc: StateConflict) -> Answer:
    return 409, error_body(exc.code, exc.message, exc.details)


def _rate_limited(exc: RateLimited) -> Answer:
    minutes = max(1, -(-exc.retry_after // 60))
    message = ngettext(
        "Too many attempts. Try again in %(minutes)d minute.",
        "Too many attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    return 429, error_body("rate_limited", message)


def _http_error(exc: HttpError) -> Answer:
    code = {400: "bad_request", 403: "forbidden", 405: "method_not_allowed"}.get(
        exc.status_code, "error"
    )
    return exc.status_code, error_body(code, str(exc))


def _crashed(exc: Exception) -> Answer:
    logger.exception("API error", exc_info=exc)
    return 500, error_body("server_error", _("Something went wrong on our side."))


# Exception → the answer in the one error shape; the most specific first.
HANDLERS: list[tuple[type[Exception], Callable[[Any], Answer]]] = [
    (ValidationError, _invalid),
    (DjangoValidationError, _rejected),
    (AuthenticationError, _unauthenticated),
    (PermissionDenied, _forbidden),
    (Http404, _not_found),
    (RequestDataTooBig, _too_big),
    (ConcurrentEditError, _conflict),
    (StateConflict, _wrong_state),
    (RateLimited, _rate_limited),
    (HttpError, _http_error),
    (IntegrityError, _constraint),
    (Exception, _crashed),
]


def install(api: NinjaAPI) -> None:
    """Register every handler of ``HANDLERS`` on ``api``."""
    for exc_class, answer in HANDLERS:
        api.add_exception_handler(exc_class, _handler(api, answer))


def _handler(
    api: NinjaAPI, answer: Callable[[Any], Answer]
) -> Callable[[HttpRequest, Any], HttpResponse]:
    def handle(request: HttpRequest, exc: Any) -> HttpResponse:
        status, body = answer(exc)
        response = api.create_response(request, body, status=status)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    return handle
