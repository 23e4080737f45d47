"""Every route × every persona: the status each persona gets (STYLE.md §19–20)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kotacerdas.accounts.models import ApiToken, Membership, Role
from kotacerdas.regions.models import Region

from .conftest import PERSONAS, World
from .notifications.routes import ROUTES as NOTIFICATION_ROUTES
from .permissions import LOGIN, Route, managers, members, national, public, signed_in
from .planning.routes import ROUTES as PLANNING_ROUTES
from .planning.routes_exchange import ROUTES as PLANNING_EXCHANGE_ROUTES
from .readiness.routes import ROUTES as READINESS_ROUTES
from .selection.routes import ROUTES as SELECTION_ROUTES


def _membership(w: World) -> int:
    return Membership.objects.get(user=w.users["council"], role=Role.COUNCIL_MEMBER).pk


def _token(w: World) -> int:
    token, _ = ApiToken.generate(w.users["coordinator"], "sync")  # type: ignore[arg-type]
    token.save()
    return token.pk


def _invitation(w: World) -> dict[str, int]:
    """An invitation waiting for editor B's answer: only editor B may answer it."""
    from kotacerdas.accounts.actors import SYSTEM
    from kotacerdas.accounts.services import invite_member

    invited = w.users["editor_b"]
    assert invited is not None and invited.email
    invitation = invite_member(
        w.region, actor=SYSTEM, email=invited.email, role=Role.COUNCIL_MEMBER
    )
    return {"pk": invitation.pk}


def _code(w: World) -> dict[str, str]:
    return {"code": w.region.code}


def _agency(w: World) -> dict[str, Any]:
    return {"code": w.region.code, "pk": w.agency_b.pk}


ROUTES: list[Route] = [
    Route("home", lambda w: reverse("home"), public()),
    Route("healthz", lambda w: reverse("healthz"), public()),
    Route("javascript-catalog", lambda w: reverse("javascript-catalog"), public()),
    Route("regions:region_list", lambda w: reverse("regions:region_list"), public()),
    Route(
        "regions:region_detail",
        lambda w: reverse("regions:region_detail", kwargs=_code(w)),
        public(),
    ),
    Route(
        "regions:region_activate",
        lambda w: reverse("regions:region_activate", kwargs={"code": "13.06"}),
        {**national(302), "other_coordinator": 403},
        method="post",
    ),
    Route(
        "regions:region_audit",
        lambda w: reverse("regions:region_audit", kwargs=_code(w)),
        managers(),
    ),
    Route(
        "regions:agency_list", lambda w: reverse("regions:agency_list", kwargs=_code(w)), members()
    ),
    Route(
        "regions:agency_create",
        lambda w: reverse("regions:agency_create", kwargs=_code(w)),
        managers(),
    ),
    Route(
        "regions:agency_edit",
        lambda w: reverse("regions:agency_edit", kwargs=_agency(w)),
        managers(),
    ),
    Route(
        "regions:agency_merge",
        lambda w: reverse("regions:agency_merge", kwargs=_agency(w)),
        managers(),
    ),
    Route(
        "regions:agency_history",
        lambda w: reverse("regions:agency_history", kwargs=_agency(w)),
        members(),
    ),
    Route(
        "regions:agency_retire",
        lambda w: reverse("regions:agency_retire", kwargs=_agency(w)),
        managers(302),
        method="post",
    ),
    Route(
        "regions:agency_reinstate",
        lambda w: reverse("regions:agency_reinstate", kwargs=_agency(w)),
        managers(302),
        method="post",
    ),
    Route("framework:version_list", lambda w: reverse("framework:version_list"), public()),
    Route(
        "framework:version_detail",
        lambda w: reverse("framework:version_detail", kwargs={"pk": 1}),
        public(),
    ),
    Route(
        "accounts:login", lambda w: reverse("accounts:login"), {**signed_in(302), "anonymous": 200}
    ),
    Route("accounts:logout", lambda w: reverse("accounts:logout"), public(302), method="post"),
    Route("accounts:password_change", lambda w: reverse("accounts:password_change"), signed_in()),
    Route(
        "accounts:password_change_done",
        lambda w: reverse("accounts:password_change_done"),
        signed_in(),
    ),
    Route("accounts:password_reset", lambda w: reverse("accounts:password_reset"), public()),
    Route(
        "accounts:password_reset_done", lambda w: reverse("accounts:password_reset_done"), public()
    ),
    Route(
        "accounts:password_reset_confirm",
        lambda w: reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x-y"}
        ),
        public(),
    ),
    Route(
        "accounts:password_reset_complete",
        lambda w: reverse("accounts:password_reset_complete"),
        public(),
    ),
    Route("accounts:profile", lambda w: reverse("accounts:profile"), signed_in()),
    Route(
        "accounts:token_create",
        lambda w: reverse("accounts:token_create"),
        signed_in(200),
        method="post",
        data=lambda w: {"name": "laptop"},
    ),
    Route(
        "accounts:token_revoke",
        lambda w: reverse("accounts:token_revoke", kwargs={"pk": _token(w)}),
        {**dict.fromkeys(PERSONAS, 404), "coordinator": 302, "anonymous": LOGIN},
        method="post",
    ),
    Route(
        "accounts:invitation_accept",
        lambda w: reverse("accounts:invitation_accept", kwargs=_invitation(w)),
        {**signed_in(404), "editor_b": 302},
        method="post",
    ),
    Route(
        "accounts:invitation_decline",
        lambda w: reverse("accounts:invitation_decline", kwargs=_invitation(w)),
        {**signed_in(404), "editor_b": 302},
        method="post",
    ),
    Route("accounts:user_list", lambda w: reverse("accounts:user_list"), national()),
    Route(
        "accounts:member_list",
        lambda w: reverse("accounts:member_list", kwargs=_code(w)),
        members(),
    ),
    Route(
        "accounts:member_invite",
        lambda w: reverse("accounts:member_invite", kwargs=_code(w)),
        managers(),
    ),
    Route(
        "accounts:member_remove",
        lambda w: reverse(
            "accounts:member_remove", kwargs={"code": w.region.code, "pk": _membership(w)}
        ),
        managers(302),
        method="post",
    ),
    Route(
        "accounts:member_history",
        lambda w: reverse(
            "accounts:member_history", kwargs={"code": w.region.code, "pk": _membership(w)}
        ),
        members(),
    ),
    # API
    Route("api:api-root", lambda w: reverse("api:api-root"), public(404)),
    Route("api:openapi-json", lambda w: reverse("api:openapi-json"), public()),
    Route("api:openapi-view", lambda w: reverse("api:openapi-view"), public()),
    Route("api:me", lambda w: reverse("api:me"), signed_in(anonymous=401)),
    Route("api:list_tokens", lambda w: reverse("api:list_tokens"), signed_in(anonymous=401)),
    Route(
        "api:create_token",
        lambda w: reverse("api:create_token"),
        signed_in(201, anonymous=401),
        method="post",
        data=lambda w: {"name": "sync"},
    ),
    Route(
        "api:revoke_token",
        lambda w: reverse("api:revoke_token", kwargs={"token_id": _token(w)}),
        {**dict.fromkeys(PERSONAS, 404), "coordinator": 204, "anonymous": 401},
        method="delete",
    ),
    Route("api:list_regions", lambda w: reverse("api:list_regions"), public()),
    Route("api:get_region", lambda w: reverse("api:get_region", kwargs=_code(w)), public()),
    Route(
        "api:list_agencies",
        lambda w: reverse("api:list_agencies", kwargs=_code(w)),
        members(anonymous=404),
    ),
    Route("api:list_versions", lambda w: reverse("api:list_versions"), public()),
    Route(
        "api:list_dimensions",
        lambda w: reverse("api:list_dimensions", kwargs={"version_id": 1}),
        public(),
    ),
]

# Each module keeps its rows in tests/<module>/routes.py.
ROUTES += READINESS_ROUTES + SELECTION_ROUTES + PLANNING_ROUTES
ROUTES += PLANNING_EXCHANGE_ROUTES + NOTIFICATION_ROUTES

# Named URLs that are not ours to test: Django's admin (staff only, its own tests) and
# the language switch (tested in tests/config/test_i18n.py).
NOT_IN_MATRIX = ("admin:", "set_language")


def _cases() -> list[Any]:
    return [
        pytest.param(route, persona, id=f"{route.id}-{persona}")
        for route in ROUTES
        for persona in PERSONAS
    ]


@pytest.mark.parametrize(("route", "persona"), _cases())
def test_route_permission(world: World, route: Route, persona: str) -> None:
    # Version ids in the URLs refer to the first framework loaded.
    client = world.client(persona)
    url = route.url(world)
    data = route.data(world)
    if route.method == "get":
        response = client.get(url)
    elif url.startswith("/api/"):
        send = getattr(client, route.method)
        response = send(url, data, content_type="application/json")
    else:
        response = getattr(client, route.method)(url, data)
    expected = route.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected, response.content[:300]
        if expected == 302:
            assert not response["Location"].startswith(reverse("accounts:login"))


def _named_urls(resolver: Any = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _named_urls(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_named_route_has_permission_row() -> None:
    covered = {route.name for route in ROUTES}
    missing = {
        name for name in _named_urls() if name not in covered and not name.startswith(NOT_IN_MATRIX)
    }
    assert not missing, f"routes without a permission row: {sorted(missing)}"


def test_framework_version_one_exists(db: Any) -> None:
    """The matrix uses framework version 1 and region 13.06 (inactive) as fixtures."""
    from kotacerdas.framework.models import FrameworkVersion

    assert FrameworkVersion.objects.filter(pk=1).exists()
    assert not Region.objects.get(code="13.06").is_active


MAX_QUERIES_PER_PAGE = 15


@pytest.mark.parametrize("route", [r for r in ROUTES if r.method == "get"], ids=lambda r: r.id)
@pytest.mark.parametrize("persona", ["national_admin", "coordinator", "anonymous"])
def test_every_page_has_a_bounded_query_count(
    world: World, route: Route, persona: str, django_assert_max_num_queries: Any
) -> None:
    client = world.client(persona)
    url = route.url(world)
    with django_assert_max_num_queries(MAX_QUERIES_PER_PAGE):
        client.get(url)
