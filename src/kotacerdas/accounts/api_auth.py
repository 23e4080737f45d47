"""API authentication: personal tokens (``Authorization: Bearer kc_…``) and sessions."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from . import limits
from .models import ApiToken, User


def authenticate_token(text: str) -> User | None:
    """The active user a token text belongs to, or None. Records when it was last used."""
    token = ApiToken.objects.presented(text)
    if token is None:
        return None
    token.mark_used()
    return token.user


class TokenAuth(HttpBearer):
    """A personal API token. A token that is wrong, revoked or expired is refused (401);
    too many such failures from one address or for one user are throttled (429, see
    ``limits``)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = limits.authenticate(request, token)
        if user is None:
            raise AuthenticationError(401, "invalid_token")
        request.user = user
        return user


class PublicAccess:
    """Lets anonymous readers through to endpoints that serve public data."""

    def __call__(self, request: HttpRequest) -> User | AnonymousUser:
        user = request.user
        return user if isinstance(user, User) and user.is_authenticated else AnonymousUser()


SIGNED_IN = [TokenAuth(), SessionAuth()]
PUBLIC = [TokenAuth(), SessionAuth(), PublicAccess()]
