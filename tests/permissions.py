"""The permission table: one row per (URL name, HTTP method), one expectation per persona.

Rows live beside the code they test: ``tests/test_permissions.py`` holds the core apps',
``tests/<module>/routes*.py`` each module's (pages and API operations alike). Each row
names the status every persona in ``tests.conftest.PERSONAS`` gets, built with the helpers
below (``members()``, ``managers()``, …); a row that leaves a persona out fails at import.

What makes the table complete (each rule is a test, so a new route or method fails the
suite until it has its row):

* **URL names**: every named URL has a row (``tests/test_permissions.py``), except
  Django's admin, which has rows for its index only, and the language switch.
* **Methods of pages — the discovery rule**: for every named URL that is not an API
  operation, ``test_every_method_a_page_answers_has_a_row`` requests it with GET and with
  POST (the methods an HTML form or link sends) as the national admin, the persona that
  reaches the most, at the URL of the name's first row. Each method that does not answer
  405 needs a row of its own. HEAD and OPTIONS follow GET; PUT, PATCH and DELETE are sent
  by the API only.
* **API operations**: the OpenAPI document lists every (method, path) the API serves;
  ``tests/api/test_api_permissions.py`` checks each has a row.

Every row is tried by every persona (writes included): each persona's request runs in a
savepoint that is rolled back, so a write that succeeds changes nothing for the next
persona, and the objects a row's URL needs are made once for all of them.

Two personas follow a rule unless a row says otherwise:

* ``superuser`` (Django superuser, no membership) gets what ``no_role`` gets: the flag
  opens the admin site only (DESIGN.md §1);
* ``token_client`` (the coordinator's personal API token, no session) gets what the
  coordinator gets from the API and what an anonymous visitor gets from pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from .conftest import PERSONAS, World

LOGIN = "login"  # redirected to the log-in page
ADMIN_LOGIN = "admin login"  # redirected to the admin site's log-in page
REDIRECTS = {LOGIN: "accounts:login", ADMIN_LOGIN: "admin:login"}

# Personas a rule derives (see the module docstring) unless a row names them; the helpers
# below and the rows build their expectations over ``PEOPLE``, everyone else.
DERIVED = ("superuser", "token_client")
PEOPLE = tuple(p for p in PERSONAS if p not in DERIVED)
# Personas with no role in the world's main region (Kota Bengkulu) nor its province.
OUTSIDERS = ("other_coordinator", "other_assessor", "other_province_viewer", "no_role")
# Everyone who reads the main region's data: its members, its province, national.
VIEWERS = tuple(p for p in PEOPLE if p not in (*OUTSIDERS, "anonymous"))
# Agency editors of the main region (``two_regions`` edits for agency B there).
EDITORS_B = ("editor_b", "two_regions")

# The methods the discovery rule tries on every page.
PROBED_METHODS = ("get", "post")

# A page may cost at most this many queries, whoever asks (STYLE.md §21).
MAX_QUERIES_PER_PAGE = 15


def public(ok: int = 200) -> dict[str, Any]:
    return dict.fromkeys(PEOPLE, ok)


def members(ok: int = 200, anonymous: Any = LOGIN) -> dict[str, Any]:
    """Anyone who may read the region's data; outsiders get 404."""
    return {**dict.fromkeys(VIEWERS, ok), **dict.fromkeys(OUTSIDERS, 404), "anonymous": anonymous}


def managers(ok: int = 200, anonymous: Any = LOGIN) -> dict[str, Any]:
    """The region's coordinator and national admins; other readers get 403."""
    return {
        **members(403, anonymous),
        "national_admin": ok,
        "coordinator": ok,
    }


def signed_in(ok: int = 200, anonymous: Any = LOGIN) -> dict[str, Any]:
    return {**dict.fromkeys(PEOPLE, ok), "anonymous": anonymous}


def national(ok: int = 200, anonymous: Any = LOGIN) -> dict[str, Any]:
    return {**dict.fromkeys(PEOPLE, 403), "national_admin": ok, "anonymous": anonymous}


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, namespaced
    url: Callable[[World], str]
    expect: dict[str, Any]
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    label: str = ""
    multipart: bool = False  # an API operation that takes a form (an upload), not JSON

    def __post_init__(self) -> None:
        expect = dict(self.expect)
        expect.setdefault("superuser", expect.get("no_role"))
        if "token_client" not in expect:
            expect["token_client"] = expect["coordinator" if self.is_api else "anonymous"]
        if set(expect) != set(PERSONAS):
            wrong = sorted(set(expect) ^ set(PERSONAS))
            raise ValueError(f"{self.id}: the row names personas {wrong} wrongly")
        object.__setattr__(self, "expect", expect)

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.label or self.name}"

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def send(client: Client, route: Route, url: str, data: dict[str, Any]) -> HttpResponse:
    """The request a browser (pages) or an API client (JSON) makes for ``route``."""
    request = getattr(client, route.method)
    if route.method == "get" or not route.is_api or route.multipart:
        return request(url, data)  # type: ignore[no-any-return]
    return request(url, data, content_type="application/json")  # type: ignore[no-any-return]


def _mismatch(expected: Any, response: HttpResponse) -> str:
    """Why ``response`` is not what the row expects (empty when it is)."""
    status, location = response.status_code, response.get("Location", "")
    if expected in REDIRECTS:
        ok = status == 302 and location.startswith(reverse(REDIRECTS[expected]))
    else:  # a 302 that sends the persona to log in is a refusal, not a success
        ok = status == expected and not location.startswith(reverse(REDIRECTS[LOGIN]))
    if ok:
        return ""
    body = b"" if response.streaming else response.content[:200]
    return f"expected {expected}, got {status} {location or body!r}"


def check_route(world: World, route: Route) -> list[str]:
    """Every persona's request of ``route``; one line per persona that got the wrong answer.

    The row's objects are made once (its URL builder); each persona's request, and the data
    it sends (built afresh inside the savepoint), is rolled back after it. GET requests also
    keep to ``MAX_QUERIES_PER_PAGE``.
    """
    url = route.url(world)
    clients = {persona: world.client(persona) for persona in PERSONAS}
    problems: list[str] = []
    for persona, client in clients.items():
        with transaction.atomic():
            data = route.data(world)  # afresh: an uploaded file is read once
            with CaptureQueriesContext(connection) as queries:
                response = send(client, route, url, data)
            transaction.set_rollback(True)
        if why := _mismatch(route.expect[persona], response):
            problems.append(f"{persona}: {why}")
        if route.method == "get" and len(queries) > MAX_QUERIES_PER_PAGE:
            problems.append(f"{persona}: {len(queries)} queries (> {MAX_QUERIES_PER_PAGE})")
    return problems


def _api_paths() -> dict[str, set[str]]:
    """The URL names of the API by OpenAPI path (``/api/v1/me/tokens/{token_id}``)."""
    (api,) = (r for r in get_resolver().url_patterns if getattr(r, "namespace", "") == "api")
    prefix = "/" + str(api.pattern)
    names: dict[str, set[str]] = defaultdict(set)
    for pattern in api.url_patterns:
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        names[prefix + route].add(pattern.name)
    return names


def api_operations(schema: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(URL name, method) of every operation of the OpenAPI ``schema``, by operation id.

    An operation's URL name is its view function's name, which ends its operation id.
    """
    names = _api_paths()
    found: dict[tuple[str, str], str] = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            op_id = operation["operationId"]
            matching = [n for n in names[path] if op_id.endswith(f"_{n}")]
            if not matching:
                raise LookupError(f"{method.upper()} {path}: no URL name ends {op_id}")
            found[(f"api:{max(matching, key=len)}", method)] = op_id
    return found
