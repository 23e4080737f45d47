"""Turns every failure inside the API into the one error shape with a 4xx/5xx status."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.errors import error_body

logger = logging.getLogger(__name__)


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    """``("body", "payload", "level")`` → ``level``: the field as the client sent it."""
    parts = list(loc)
    if len(parts) > 2 and parts[0] == "body":
        parts = parts[2:]  # drop the body marker and the view's parameter name
    parts = [str(p) for p in parts if p not in ("query", "body", "path", "header", "cookie")]
    return ".".join(parts)


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [
            {"field": _field_of(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
        ]
        return respond(
            request, 422, error_body("invalid", _("Some values are not valid."), details)
        )

    @api.exception_handler(DjangoValidationError)
    def rejected(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            details = [
                {"field": field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            details = [{"field": "", "message": m} for m in exc.messages]
        return respond(
            request, 400, error_body("invalid", " ".join(d["message"] for d in details), details)
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if str(exc) == "invalid_token":
            body = error_body("invalid_token", _("The API token is wrong, revoked or expired."))
        else:
            body = error_body("not_authenticated", _("Log in or send a personal API token."))
        return respond(request, 401, body)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(
            request, 403, error_body("forbidden", _("You do not have permission to do this."))
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(
            request, 404, error_body("not_found", _("Not found, or you do not have access to it."))
        )

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, error_body("too_large", _("The request body is too large.")))

    @api.exception_handler(ConcurrentEditError)
    def conflict(request: HttpRequest, exc: ConcurrentEditError) -> HttpResponse:
        current = getattr(exc.current, "version", None)
        details = [{"field": "version", "message": _("Current version: %s") % current}]
        return respond(request, 409, error_body("conflict", str(exc), details))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {400: "bad_request", 403: "forbidden", 405: "method_not_allowed"}.get(
            exc.status_code, "error"
        )
        return respond(request, exc.status_code, error_body(code, str(exc)))

    @api.exception_handler(Exception)
    def crashed(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path, exc_info=exc)
        return respond(
            request, 500, error_body("server_error", _("Something went wrong on our side."))
        )
