"""The rate limits of API tokens (settings ``API_TOKEN_*``, see docs/configuration.md).

- Failed token authentications, per client address and per user: a token whose key id is
  unknown, revoked or expired counts against the address; a wrong secret for a live key id
  counts against the address and the token's owner too. Once either is used up, every token
  from that address, or naming that user's key ids, waits (a correct one too: the limit
  protects the secret, so it is checked before the secret is).
- Token creation (``POST /api/v1/me/tokens`` and the profile page), per address and per user.

A refusal raises ``lib.ratelimit.RateLimited``; the API answers it with 429 ``rate_limited``
and ``Retry-After``.
"""

from __future__ import annotations

from django.http import HttpRequest

from kotacerdas.lib.client_ip import client_ip
from kotacerdas.lib.ratelimit import Limit

from .models import ApiToken, User

FAILURES_BY_ADDRESS = Limit(
    "token-failure-address", "API_TOKEN_FAILURES_PER_ADDRESS", "API_TOKEN_FAILURE_MINUTES"
)
FAILURES_BY_USER = Limit(
    "token-failure-user", "API_TOKEN_FAILURES_PER_USER", "API_TOKEN_FAILURE_MINUTES"
)
CREATIONS_BY_ADDRESS = Limit(
    "token-creation-address", "API_TOKEN_CREATIONS_PER_ADDRESS", "API_TOKEN_CREATION_MINUTES"
)
CREATIONS_BY_USER = Limit(
    "token-creation-user", "API_TOKEN_CREATIONS_PER_USER", "API_TOKEN_CREATION_MINUTES"
)


def address_of(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def authenticate(request: HttpRequest, text: str) -> User | None:
    """The owner of the token ``text``, or None; within the failure limits (else
    ``RateLimited``), counting a failure against them."""
    address = address_of(request)
    FAILURES_BY_ADDRESS.check(address)
    token, secret = ApiToken.objects.named_by(text)
    if token is not None:
        FAILURES_BY_USER.check(str(token.user_id))
    if token is None or not token.matches(secret):
        FAILURES_BY_ADDRESS.hit(address)
        if token is not None:
            FAILURES_BY_USER.hit(str(token.user_id))
        return None
    token.mark_used()
    return token.user


def count_token_creation(request: HttpRequest, user: User) -> None:
    """Count an attempt to create a token; ``RateLimited`` once the address or the user used
    up the window."""
    address = address_of(request)
    CREATIONS_BY_ADDRESS.check(address)
    CREATIONS_BY_USER.check(str(user.pk))
    CREATIONS_BY_ADDRESS.hit(address)
    CREATIONS_BY_USER.hit(str(user.pk))
