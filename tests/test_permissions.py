"""Every route and method × every persona: the status each persona gets (STYLE.md §19–20).

The rows of the core apps are here; each module keeps its own in tests/<module>/routes*.py.
How the table is kept complete is written in tests/permissions.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import ApiToken, Membership, Role
from kotacerdas.accounts.services import invite_member
from kotacerdas.api.api import api
from kotacerdas.regions.models import Region

from .conftest import PASSWORD, PERSONAS, World, build_world, make_user
from .documents.routes import ROUTES as DOCUMENTS_ROUTES
from .evaluation.routes import ROUTES as EVALUATION_ROUTES
from .evaluation.routes_spbe import ROUTES as SPBE_ROUTES
from .guidance.routes import ROUTES as GUIDANCE_ROUTES
from .jobs.routes import ROUTES as JOBS_ROUTES
from .monitoring.routes import ROUTES as MONITORING_ROUTES
from .monitoring.routes_dashboards import ROUTES as MONITORING_DASHBOARD_ROUTES
from .notifications.routes import ROUTES as NOTIFICATION_ROUTES
from .permissions import (
    ADMIN_LOGIN,
    LOGIN,
    PEOPLE,
    PROBED_METHODS,
    Route,
    api_operations,
    check_route,
    managers,
    members,
    national,
    public,
    signed_in,
)
from .planning.routes import ROUTES as PLANNING_ROUTES
from .planning.routes_exchange import ROUTES as PLANNING_EXCHANGE_ROUTES
from .portal.routes import ROUTES as PORTAL_ROUTES
from .portal.routes_consultation import ROUTES as CONSULTATION_ROUTES
from .portal.routes_library import ROUTES as LIBRARY_ROUTES
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


def _reset_link(w: World) -> dict[str, str]:
    """A valid password-reset link of a new user (signing in, as the personas do before
    they follow it, would void a link of their own)."""
    user = make_user("lupa")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {"uidb64": uid, "token": default_token_generator.make_token(user)}


NEW_PASSWORD = "another-horse-battery-staple-42"  # noqa: S105
AGENCY = {"name": "Dinas Perhubungan", "acronym": "Dishub", "kind": "dinas"}
# The owner of the tokens the rows revoke (``token_client`` holds the coordinator's token).
OWNER = {**dict.fromkeys(PEOPLE, 404), "coordinator": 302, "anonymous": LOGIN}

ROUTES: list[Route] = [
    Route("home", lambda w: reverse("home"), public()),
    # The home page and the health check answer POST as they answer GET; they write nothing.
    Route("home", lambda w: reverse("home"), public(), method="post"),
    Route("healthz", lambda w: reverse("healthz"), public()),
    Route("healthz", lambda w: reverse("healthz"), public(), method="post"),
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
        national(302),
        method="post",
    ),
    Route(
        "regions:region_time_zone",
        lambda w: reverse("regions:region_time_zone", kwargs=_code(w)),
        national(302),
        method="post",
        data=lambda w: {"time_zone": "Asia/Makassar"},
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
        "regions:agency_create",
        lambda w: reverse("regions:agency_create", kwargs=_code(w)),
        managers(302),
        method="post",
        data=lambda w: AGENCY,
    ),
    Route(
        "regions:agency_edit",
        lambda w: reverse("regions:agency_edit", kwargs=_agency(w)),
        managers(),
    ),
    Route(
        "regions:agency_edit",
        lambda w: reverse("regions:agency_edit", kwargs=_agency(w)),
        managers(302),
        method="post",
        data=lambda w: {**AGENCY, "name": "Dinas Kesehatan Kota", "version": w.agency_b.version},
    ),
    Route(
        "regions:agency_merge",
        lambda w: reverse("regions:agency_merge", kwargs=_agency(w)),
        managers(),
    ),
    Route(
        "regions:agency_merge",
        lambda w: reverse("regions:agency_merge", kwargs=_agency(w)),
        managers(302),
        method="post",
        data=lambda w: {"target": w.agency_a.pk},
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
    # Signed-in personas are sent on (a log-in page for them is pointless); the anonymous
    # visitor and the token client sign in as the coordinator.
    Route(
        "accounts:login",
        lambda w: reverse("accounts:login"),
        public(302),
        method="post",
        data=lambda w: {"username": "coord", "password": PASSWORD},
    ),
    Route("accounts:logout", lambda w: reverse("accounts:logout"), public(302), method="post"),
    Route("accounts:password_change", lambda w: reverse("accounts:password_change"), signed_in()),
    Route(
        "accounts:password_change",
        lambda w: reverse("accounts:password_change"),
        signed_in(302),
        method="post",
        data=lambda w: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    Route(
        "accounts:password_change_done",
        lambda w: reverse("accounts:password_change_done"),
        signed_in(),
    ),
    Route("accounts:password_reset", lambda w: reverse("accounts:password_reset"), public()),
    Route(
        "accounts:password_reset",
        lambda w: reverse("accounts:password_reset"),
        public(302),
        method="post",
        data=lambda w: {"email": "coord@example.test"},
    ),
    Route(
        "accounts:password_reset_done", lambda w: reverse("accounts:password_reset_done"), public()
    ),
    Route(
        "accounts:password_reset_confirm",
        lambda w: reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x-y"}
        ),
        public(),
        label="reset link that is not valid",
    ),
    Route(
        "accounts:password_reset_confirm",
        lambda w: reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x-y"}
        ),
        public(),
        method="post",
        data=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        label="reset link that is not valid",
    ),
    # A valid link moves its token into the session and redirects, whoever follows it.
    Route(
        "accounts:password_reset_confirm",
        lambda w: reverse("accounts:password_reset_confirm", kwargs=_reset_link(w)),
        public(302),
        method="post",
        data=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        label="valid reset link",
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
        OWNER,
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
        "accounts:member_invite",
        lambda w: reverse("accounts:member_invite", kwargs=_code(w)),
        managers(302),
        method="post",
        data=lambda w: {"email": "dewan@example.test", "role": "council_member"},
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
    # The admin site: staff only, and the superuser flag opens it (nothing else).
    Route(
        "admin:index",
        lambda w: reverse("admin:index"),
        {**dict.fromkeys(PERSONAS, ADMIN_LOGIN), "superuser": 200},
    ),
    Route(
        "admin:accounts_user_changelist",
        lambda w: reverse("admin:accounts_user_changelist"),
        {**dict.fromkeys(PERSONAS, ADMIN_LOGIN), "superuser": 200},
    ),
    # API pages that are not operations: the root, the OpenAPI document and its docs page
    # answer POST as they answer GET.
    Route("api:api-root", lambda w: reverse("api:api-root"), public(404)),
    Route("api:api-root", lambda w: reverse("api:api-root"), public(404), method="post"),
    Route("api:openapi-json", lambda w: reverse("api:openapi-json"), public()),
    Route("api:openapi-json", lambda w: reverse("api:openapi-json"), public(), method="post"),
    Route("api:openapi-view", lambda w: reverse("api:openapi-view"), public()),
    Route("api:openapi-view", lambda w: reverse("api:openapi-view"), public(), method="post"),
    # API operations (the OpenAPI document lists them; tests/api/test_api_permissions.py)
    Route("api:me", lambda w: reverse("api:me"), signed_in(anonymous=401)),
    Route("api:list_tokens", lambda w: reverse("api:list_tokens"), signed_in(anonymous=401)),
    Route(
        "api:create_token",
        lambda w: reverse("api:create_token"),
        # a token cannot make tokens: creating one needs the session
        {**signed_in(201, anonymous=401), "token_client": 401},
        method="post",
        data=lambda w: {"name": "sync"},
    ),
    Route(
        "api:revoke_token",
        lambda w: reverse("api:revoke_token", kwargs={"token_id": _token(w)}),
        {**OWNER, "coordinator": 204, "anonymous": 401},
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

# Each module keeps its rows in tests/<module>/routes*.py.
ROUTES += READINESS_ROUTES + SELECTION_ROUTES + PLANNING_ROUTES
ROUTES += PLANNING_EXCHANGE_ROUTES + NOTIFICATION_ROUTES
ROUTES += MONITORING_ROUTES + MONITORING_DASHBOARD_ROUTES
ROUTES += CONSULTATION_ROUTES + LIBRARY_ROUTES
ROUTES += EVALUATION_ROUTES
ROUTES += SPBE_ROUTES
ROUTES += PORTAL_ROUTES
ROUTES += JOBS_ROUTES
ROUTES += DOCUMENTS_ROUTES
ROUTES += GUIDANCE_ROUTES

# Named URLs without a row of their own: the admin site (rows for its index and one list
# above; Django tests the rest, methods included) and the language switch
# (tests/config/test_i18n.py).
NOT_IN_MATRIX = ("admin:", "set_language")


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.id)
def test_route_permission(world: World, route: Route) -> None:
    """Each persona gets the row's status (version ids refer to the first framework loaded)."""
    problems = check_route(world, route)
    assert not problems, f"{route.id}:\n" + "\n".join(problems)


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


def _pages() -> list[Route]:
    """The first row of every URL name that is not an API operation (those are listed by
    the OpenAPI document, see tests/api/test_api_permissions.py)."""
    operations = {name for name, _method in api_operations(api.get_openapi_schema())}
    first: dict[str, Route] = {}
    for route in ROUTES:
        if route.name not in operations and not route.name.startswith(NOT_IN_MATRIX):
            first.setdefault(route.name, route)
    return list(first.values())


@pytest.mark.parametrize("route", _pages(), ids=lambda route: route.name)
def test_every_method_a_page_answers_has_a_row(world: World, route: Route) -> None:
    """The discovery rule of tests/permissions.py: GET and POST as the national admin."""
    url = route.url(world)
    client = world.client("national_admin")
    answered = set()
    for method in PROBED_METHODS:
        with transaction.atomic():
            if getattr(client, method)(url).status_code != 405:
                answered.add(method)
            transaction.set_rollback(True)
    rows = {r.method for r in ROUTES if r.name == route.name}
    assert answered <= rows, f"{route.name} answers {sorted(answered - rows)} without a row"


def test_framework_version_one_exists(db: Any) -> None:
    """The matrix uses framework version 1 and region 13.06 (inactive) as fixtures."""
    from kotacerdas.framework.models import FrameworkVersion

    assert FrameworkVersion.objects.filter(pk=1).exists()
    assert not Region.objects.get(code="13.06").is_active


def test_personas_are_who_they_say(world: World) -> None:
    users = world.users
    roles = {
        persona: {(m.role, m.region, m.agency) for m in user.memberships.all()}
        for persona, user in users.items()
        if user is not None
    }
    admin, root = users["national_admin"], users["superuser"]
    assert admin is not None and not admin.is_superuser and not admin.is_staff
    assert roles["national_admin"] == {(Role.NATIONAL_ADMIN, None, None)}
    assert root is not None and root.is_superuser and root.is_staff
    assert roles["superuser"] == roles["no_role"] == set()
    assert roles["other_assessor"] == {(Role.ASSESSOR, world.other_region, None)}
    assert roles["other_province_viewer"] == {(Role.PROVINCE_VIEWER, world.other_province, None)}
    assert world.other_province != world.province
    assert roles["two_regions"] == {
        (Role.REGION_COORDINATOR, world.other_region, None),
        (Role.AGENCY_EDITOR, world.region, world.agency_b),
    }
    me = world.client("token_client").get(reverse("api:me"))
    assert me.status_code == 200 and me.json()["username"] == "coord"


def test_the_world_is_cheap(db: Any, django_assert_max_num_queries: Any) -> None:
    """Four queries however many personas there are (the world is built for every test)."""
    with django_assert_max_num_queries(4):
        build_world()
