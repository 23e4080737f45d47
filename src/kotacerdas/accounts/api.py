"""JSON API of the signed-in user: who am I, and personal API tokens."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.security import SessionAuth

from . import limits, queries, services
from .access import get_for_user
from .api_auth import SIGNED_IN
from .edge import acting_user
from .models import ApiToken
from .scope import scope_of

router = Router(tags=["me"], auth=SIGNED_IN)


class MembershipOut(Schema):
    role: str
    region_code: str | None = Field(None, alias="region.code")
    region_name: str | None = Field(None, alias="region.name")
    agency_id: int | None = None
    agency_name: str | None = Field(None, alias="agency.name")


class MeOut(Schema):
    username: str
    email: str | None
    full_name: str
    is_national_admin: bool
    memberships: list[MembershipOut]


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    created: datetime
    last_used: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(..., description="Shown once; store it now.")


@router.get("/me", response=MeOut, summary="The signed-in user and their roles")
def me(request: HttpRequest) -> dict[str, Any]:
    user = acting_user(request)
    return {
        "username": user.username,
        "email": user.email,
        "full_name": user.get_full_name(),
        "is_national_admin": scope_of(user).national,
        "memberships": list(queries.memberships_for_home(user)),
    }


@router.get("/me/tokens", response=list[TokenOut], summary="My API tokens")
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(queries.tokens_of(acting_user(request)))


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut},
    auth=SessionAuth(),
    summary="Create an API token (from a logged-in session only)",
    openapi_extra={"x-rate-limited": True},
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    user = acting_user(request)
    limits.count_token_creation(request, user)
    token, secret = services.create_token(user, actor=user, name=payload.name)
    data = TokenOut.from_orm(token).model_dump()
    return Status(201, {**data, "secret": secret})


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke an API token")
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    token = get_for_user(
        request.user,
        ApiToken.objects.all(),
        view="accounts.view_apitoken",
        change="accounts.change_apitoken",
        pk=token_id,
    )
    services.revoke_token(token, actor=acting_user(request))
    return Status(204, None)
