"""The JSON API: filters, pagination, authentication, the one error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kotacerdas.accounts import services
from kotacerdas.accounts.models import ApiToken
from kotacerdas.regions.models import Agency

from ..conftest import World


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_region_list_filters(client: Client, db: Any) -> None:
    body = client.get("/api/v1/regions", {"search": "bengkulu", "kind": "kota"}).json()
    assert body["items"] == [
        {
            "code": "17.71",
            "name": "Kota Bengkulu",
            "kind": "kota",
            "province_code": "17",
            "is_active": True,
        }
    ]
    body = client.get("/api/v1/regions", {"province": "17", "limit": 100}).json()
    assert body["count"] == 11  # the province and its 10 kabupaten/kota
    assert client.get("/api/v1/regions", {"search": "17.7"}).json()["count"] == 1


def test_region_list_paginates(client: Client, db: Any) -> None:
    first = client.get("/api/v1/regions", {"limit": 10, "offset": 0}).json()
    second = client.get("/api/v1/regions", {"limit": 10, "offset": 10}).json()
    assert first["count"] == 552
    assert len(first["items"]) == len(second["items"]) == 10
    assert first["items"][-1]["code"] < second["items"][0]["code"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "abc"}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": 100000}, "limit"),
        ({"offset": -1}, "offset"),
        ({"kind": "planet"}, "kind"),
        ({"province": "1x"}, "province"),
    ],
)
def test_malformed_parameters_get_422_naming_the_field(
    client: Client, db: Any, query: dict[str, Any], field: str
) -> None:
    response = client.get("/api/v1/regions", query)
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "invalid"
    assert [d["field"] for d in error["details"]] == [field]


def test_unknown_region_is_404_in_the_error_shape(client: Client, db: Any) -> None:
    response = client.get("/api/v1/regions/99.99")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_agencies_need_membership(world: World) -> None:
    own = world.client("editor_a").get("/api/v1/regions/17.71/agencies", {"limit": 100}).json()
    assert own["count"] == world.region.agencies.count()
    assert {"diskominfo", "dinkes"} <= {a["code"] for a in own["items"]}
    other = world.client("other_coordinator").get("/api/v1/regions/17.71/agencies")
    assert other.status_code == 404


def test_region_and_agency_lists_have_bounded_queries(world: World) -> None:
    client = world.client("coordinator")
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/regions", {"search": "Kota B"})
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/regions", {"limit": 500})
    assert len(small) == len(large)
    with CaptureQueriesContext(connection) as before:
        client.get("/api/v1/regions/17.71/agencies", {"limit": 500})
    Agency.objects.bulk_create(
        Agency(region=world.region, code=f"k-{i}", name=f"Kecamatan {i}") for i in range(300)
    )
    with CaptureQueriesContext(connection) as after:
        client.get("/api/v1/regions/17.71/agencies", {"limit": 500})
    assert len(before) == len(after) <= 6


def test_framework_dimensions_with_elements(client: Client, db: Any) -> None:
    versions = client.get("/api/v1/framework/versions").json()["items"]
    kominfo = next(v for v in versions if v["profile"] == "kominfo")
    with CaptureQueriesContext(connection) as queries:
        dims = client.get(f"/api/v1/framework/versions/{kominfo['id']}/dimensions").json()
    assert len(queries) <= 4
    assert len(dims) == 6 and all(len(d["elements"]) == 3 for d in dims)
    assert dims[0]["name"] == {"id": "Smart Governance", "en": "Smart Governance"}
    assert client.get("/api/v1/framework/versions/99999/dimensions").status_code == 404


def test_me_lists_roles(world: World) -> None:
    body = world.client("editor_a").get("/api/v1/me").json()
    assert body["username"] == "editor_a"
    assert body["is_national_admin"] is False
    assert body["memberships"][0]["role"] == "agency_editor"
    assert body["memberships"][0]["agency_name"] == "Dinas Komunikasi dan Informatika"


def test_token_authentication(world: World) -> None:
    coordinator = world.users["coordinator"]
    _, secret = services.create_token(coordinator, actor=coordinator, name="sync")  # type: ignore[arg-type]
    client = Client()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json()["username"] == "coord"
    agencies = client.get("/api/v1/regions/17.71/agencies", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert agencies.status_code == 200


def test_wrong_token_is_401_even_on_public_endpoints(client: Client, db: Any) -> None:
    for url in ("/api/v1/me", "/api/v1/regions"):
        response = client.get(url, HTTP_AUTHORIZATION="Bearer kc_000000000000_wrong")
        assert response.status_code == 401
        assert _error(response)["code"] == "invalid_token"


def test_no_credentials_is_401(client: Client, db: Any) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert _error(response)["code"] == "not_authenticated"


def test_tokens_created_and_revoked_through_the_api(world: World) -> None:
    client = world.client("coordinator")
    created = client.post("/api/v1/me/tokens", {"name": "ci"}, content_type="application/json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    listed = client.get("/api/v1/me/tokens").json()
    assert [t["name"] for t in listed] == ["ci"] and "secret" not in listed[0]
    assert client.delete(f"/api/v1/me/tokens/{created.json()['id']}").status_code == 204
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_empty_token_name_is_422(world: World) -> None:
    response = world.client("coordinator").post(
        "/api/v1/me/tokens", {"name": ""}, content_type="application/json"
    )
    assert response.status_code == 422
    assert _error(response)["details"][0]["field"] == "name"


def test_session_writes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])  # type: ignore[arg-type]
    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_oversized_body_is_413(world: World, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = world.client("coordinator").post(
        "/api/v1/me/tokens", json.dumps({"name": "x" * 5000}), content_type="application/json"
    )
    assert response.status_code == 413
    assert _error(response)["code"] == "too_large"


def test_malformed_json_body_is_a_4xx(world: World) -> None:
    response = world.client("coordinator").post(
        "/api/v1/me/tokens", "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


def test_openapi_document_describes_the_endpoints(client: Client, db: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/regions/{code}/agencies",
        "/api/v1/framework/versions",
        "/api/v1/framework/versions/{version_id}/dimensions",
        "/api/v1/me",
    } <= set(paths)


def test_docs_page_loads_nothing_from_other_hosts(client: Client, db: Any) -> None:
    body = client.get("/api/v1/docs").content.decode()
    assert "http://" not in body and "https://" not in body


def test_a_token_cannot_mint_more_tokens(world: World) -> None:
    coordinator = world.users["coordinator"]
    _, secret = services.create_token(coordinator, actor=coordinator, name="leaked")  # type: ignore[arg-type]
    response = Client().post(
        "/api/v1/me/tokens",
        {"name": "more"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 401
    assert ApiToken.objects.filter(name="more").count() == 0


def test_visible_regions_follow_the_roles(world: World) -> None:
    from kotacerdas.regions.queries import regions_visible_to

    province = set(
        regions_visible_to(world.users["province_viewer"]).values_list("code", flat=True)
    )
    assert "17.71" in province and "17" in province and "13.75" not in province
    assert set(regions_visible_to(world.users["coordinator"]).values_list("code", flat=True)) == {
        "17.71"
    }
    assert regions_visible_to(world.users["national_admin"]).count() == 552
    assert not regions_visible_to(None).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/regions",
        "/api/v1/framework/versions",
        "/api/v1/masterplans/1/programmes",
        "/api/v1/campaigns",
    ],
)
def test_an_offset_beyond_64_bits_is_422_not_a_server_error(world: World, url: str) -> None:
    response = world.client("coordinator").get(url, {"offset": 2**80, "limit": 2})
    assert response.status_code == 422
    assert [d["field"] for d in _error(response)["details"]] == ["offset"]
