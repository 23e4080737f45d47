"""API authentication: personal tokens (``Authorization: Bearer kc_…``) and sessions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from .services import authenticate_token


class TokenAuth(HttpBearer):
    """A personal API token. A token that is wrong, revoked or expired is refused (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is None:
            raise AuthenticationError(401, "invalid_token")
        request.user = user
        return user


class PublicAccess:
    """Lets anonymous readers through to endpoints that serve public data."""

    def __call__(self, request: HttpRequest) -> Any:
        return request.user if request.user.is_authenticated else AnonymousUser()


SIGNED_IN = [TokenAuth(), SessionAuth()]
PUBLIC = [TokenAuth(), SessionAuth(), PublicAccess()]
