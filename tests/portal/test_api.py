"""The public API: no token, published data only, rate limited per address, documented."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kotacerdas.api.api import api
from kotacerdas.lib import ratelimit

from ..conftest import World
from .factories import Published

pytestmark = pytest.mark.django_db


def _get(path: str, client: Client | None = None) -> Any:
    response = (client or Client()).get(path)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_regions_and_their_masterplan(world: World, published: Published) -> None:
    data = _get("/api/v1/public/regions")
    assert data["count"] == 1
    assert data["items"][0]["code"] == world.region.code
    assert data["items"][0]["masterplan_title"] == "Masterplan Smart City Kota Bengkulu"
    assert _get("/api/v1/public/regions?search=Padang")["count"] == 0
    region = _get(f"/api/v1/public/regions/{world.region.code}")
    assert region["vision"] == "Bengkulu kota cerdas yang melayani"
    assert region["missions"] == [
        {"text": "Layanan publik digital", "goals": ["Semua izin daring"]}
    ]
    assert region["quick_win_codes"] == ["P02"]


def test_programmes_and_indicators(world: World, published: Published) -> None:
    code = world.region.code
    programmes = _get(f"/api/v1/public/regions/{code}/programmes?limit=1")
    assert programmes["count"] == 2
    assert programmes["items"][0]["code"] == "P01"
    assert programmes["items"][0]["supporting_agencies"] == [world.agency_b.name]
    one = _get(f"/api/v1/public/regions/{code}/programmes/{published.p01.pk}")
    assert one["description"] == "Konsultasi dokter jarak jauh"
    assert {(f["source"], f["amount"]) for f in one["funding_by_source"]} == {
        ("APBD", "1250000000.00"),
        ("APBN", "500000000.00"),
    }
    indicators = _get(f"/api/v1/public/regions/{code}/indicators")["items"]
    ik01 = next(i for i in indicators if i["code"] == "IK01")
    assert ik01["latest_verified"] == "75.0000"
    assert ik01["verified_realisations"] == [{"year": 2025, "sub_period": 0, "value": "75.0000"}]


def test_an_unpublished_region_is_not_found(world: World, published: Published) -> None:
    response = Client().get(f"/api/v1/public/regions/{world.other_region.code}/indicators")
    assert response.status_code == 404
    assert json.loads(response.content)["error"]["code"] == "not_found"


def test_too_many_requests_from_one_address_wait(
    world: World, published: Published, settings: Any, monkeypatch: Any
) -> None:
    settings.PUBLIC_API_REQUESTS_PER_ADDRESS = 3
    settings.PUBLIC_API_MINUTES = 1
    monkeypatch.setattr(ratelimit, "now", lambda: 1_800_000_000.0 + 20)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert client.get("/api/v1/public/regions").status_code == 200
    refused = client.get(f"/api/v1/public/regions/{world.region.code}")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert json.loads(refused.content)["error"]["code"] == "rate_limited"
    # Another address is not held back.
    assert Client(REMOTE_ADDR="203.0.113.10").get("/api/v1/public/regions").status_code == 200


def test_the_public_operations_are_documented(world: World) -> None:
    schema = api.get_openapi_schema()
    paths = {p: ops for p, ops in schema["paths"].items() if p.startswith("/api/v1/public/")}
    assert len(paths) == 5
    for ops in paths.values():
        assert set(ops) == {"get"}  # read only
        assert "429" in ops["get"]["responses"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/public/regions/" + "9" * 5000,
        "/api/v1/public/regions/17.71%00/programmes",
        "/api/v1/public/regions/%3Cscript%3E/indicators",
        "/api/v1/public/regions/17.71/programmes/99999999999999999999999",
        "/api/v1/public/regions?province=abc",
        "/api/v1/public/regions?limit=-1&offset=99999999999999999999999",
        "/publik/wilayah/" + "9" * 5000 + "/",
        "/publik/wilayah/17.71/program/99999999999999999999999/",
        "/publik/wilayah/17.71%00/",
        "/publik/wilayah/17.71/data/..%2Fsecret.csv",
        "/publik/?q=%00&province=%3Cb%3E&page=-5",
    ],
)
def test_bad_requests_get_clear_answers(world: World, published: Published, path: str) -> None:
    response = Client().get(path)
    assert response.status_code in {200, 400, 404, 422}, (path, response.status_code)
    if path.startswith("/api/") and response.status_code != 200:
        assert "error" in json.loads(response.content)


def test_a_control_character_in_the_path_is_refused_before_the_database(
    world: World, published: Published
) -> None:
    """PostgreSQL refuses NUL in any text it compares: the path is checked first, naming it."""
    client = world.client("anonymous")
    api = client.get("/api/v1/public/regions/17.71%00/programmes")
    assert api.status_code == 422
    assert api.json()["error"]["details"][0]["field"] == "path"
    assert client.get("/publik/wilayah/17.71%00/").status_code == 404
    assert client.get("/regions/17.71%01/").status_code == 404
