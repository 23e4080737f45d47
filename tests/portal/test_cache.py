"""Open-data files and public API lists are kept in the portal's cache under the region's
public version, like the region page: a repeated request reads only the masterplan, and a
publication or a verification shows at once."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.monitoring import services as monitoring
from kotacerdas.planning.review import services as review

from ..conftest import World
from ..planning.conftest import query_count
from ..planning.factories import fund, masterplan
from .factories import SECRET_VALUE, Published

pytestmark = pytest.mark.django_db


def _urls(code: str) -> list[str]:
    return [
        reverse("portal:table_csv", args=[code, "indicators"]),
        reverse("portal:table_csv", args=[code, "programmes"]),
        reverse("portal:table_json", args=[code, "programmes"]),
        reverse("portal:table_json", args=[code, "indicators"]),
        f"/api/v1/public/regions/{code}",
        f"/api/v1/public/regions/{code}/programmes?limit=100",
        f"/api/v1/public/regions/{code}/indicators?limit=100",
    ]


def _get(url: str, language: str = "id") -> str:
    response = Client(headers={"Accept-Language": language}).get(url)
    assert response.status_code == 200, url
    return response.content.decode("utf-8-sig")


def _indicator_csv(code: str) -> list[dict[str, str]]:
    text = _get(reverse("portal:table_csv", args=[code, "indicators"]))
    return list(csv.DictReader(io.StringIO(text)))


def _api_indicators(code: str) -> list[dict[str, Any]]:
    return json.loads(_get(f"/api/v1/public/regions/{code}/indicators"))["items"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("index", range(7))
def test_a_repeated_request_reads_only_the_masterplan(
    world: World, published: Published, index: int
) -> None:
    url = _urls(world.region.code)[index]
    cache.clear()
    client = Client()
    cold = query_count(client, url)
    warm = query_count(client, url)
    assert warm == 1 < cold, url  # the masterplan with its public version


def test_the_same_file_comes_back_from_the_cache(world: World, published: Published) -> None:
    for url in _urls(world.region.code):
        cache.clear()
        assert _get(url) == _get(url), url


def test_a_verification_shows_at_once_in_files_and_api(world: World, published: Published) -> None:
    code = world.region.code
    waiting = published.indicator.realisations.get(year=2026)  # reported, not verified
    before = {
        r["year"]: r["realisation"] for r in _indicator_csv(code) if r["indicator_code"] == "IK01"
    }
    assert before["2026"] == ""
    ik01 = next(i for i in _api_indicators(code) if i["code"] == "IK01")
    assert ik01["latest_verified"] == "75.0000"

    monitoring.verify_realisation(waiting, actor=SYSTEM)

    after = {
        r["year"]: r["realisation"] for r in _indicator_csv(code) if r["indicator_code"] == "IK01"
    }
    assert after["2026"] == str(SECRET_VALUE)
    ik01 = next(i for i in _api_indicators(code) if i["code"] == "IK01")
    assert ik01["latest_verified"] == str(SECRET_VALUE)
    json_rows = json.loads(_get(reverse("portal:table_json", args=[code, "indicators"])))["rows"]
    assert str(SECRET_VALUE) in {r["realisation"] for r in json_rows}


def test_a_publication_shows_at_once_in_files_and_api(world: World, published: Published) -> None:
    code = world.region.code
    table = reverse("portal:table_json", args=[code, "programmes"])
    assert json.loads(_get(table))["masterplan"]["title"] == "Masterplan Smart City Kota Bengkulu"
    assert len(json.loads(_get(f"/api/v1/public/regions/{code}/programmes"))["items"]) == 2

    newer = masterplan(world, status="approved", title="Rencana baru", start_year=2035)
    review.publish_masterplan(newer, actor=SYSTEM)

    assert json.loads(_get(table))["masterplan"]["title"] == "Rencana baru"
    assert json.loads(_get(f"/api/v1/public/regions/{code}"))["masterplan_title"] == "Rencana baru"
    assert json.loads(_get(f"/api/v1/public/regions/{code}/programmes"))["items"] == []
    assert _indicator_csv(code) == []


def test_each_language_and_page_has_its_own_answer(world: World, published: Published) -> None:
    code = world.region.code
    fund(published.p02, 300_000_000, year=2025, source="private_grant")
    url = reverse("portal:table_csv", args=[code, "funding"])
    assert "Swasta / hibah" in _get(url, "id")
    english = _get(url, "en")  # the Indonesian file is cached: the English one is not it
    assert "Private / grant" in english
    assert "Swasta / hibah" not in english
    first = json.loads(_get(f"/api/v1/public/regions/{code}/programmes?limit=1"))
    second = json.loads(_get(f"/api/v1/public/regions/{code}/programmes?limit=1&offset=1"))
    assert (first["count"], second["count"]) == (2, 2)
    assert [first["items"][0]["code"], second["items"][0]["code"]] == ["P01", "P02"]
