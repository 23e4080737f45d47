"""The public API: no token, published data only, rate limited per address, documented."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.api.api import api
from kotacerdas.evaluation.models import Evaluation
from kotacerdas.evaluation.scoring import round2
from kotacerdas.evaluation.spbe_services import submit_spbe
from kotacerdas.lib import ratelimit

from ..conftest import World
from ..evaluation.factories import cells, evaluation
from ..evaluation.spbe_factories import assessment, set_all
from ..planning.conftest import query_count
from .factories import Published, generated_document
from .test_results_documents import published_spbe

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
    assert len(paths) == 7
    for ops in paths.values():
        assert set(ops) == {"get"}  # read only
        assert "429" in ops["get"]["responses"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/public/regions/" + "9" * 5000,
        "/api/v1/public/regions/17.71%00/programmes",
        "/api/v1/public/regions/%3Cscript%3E/indicators",
        "/api/v1/public/regions/%3Cscript%3E/results",
        "/api/v1/public/regions/17.71%00/documents",
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


def test_results_give_the_latest_published_evaluation_and_spbe(
    world: World, published: Published
) -> None:
    code = world.region.code
    empty = _get(f"/api/v1/public/regions/{code}/results")
    assert empty == {"evaluation": None, "spbe": None}
    evaluation(world, "published", year=2024)
    latest = evaluation(world, "published", year=2025)
    published_spbe(world, 2024, 2)
    results = _get(f"/api/v1/public/regions/{code}/results")
    assert latest.index is not None
    assert results["evaluation"]["year"] == 2025
    assert Decimal(results["evaluation"]["index"]) == round2(latest.index)
    by_dimension = {d["code"]: Decimal(d["index"]) for d in results["evaluation"]["dimensions"]}
    assert set(by_dimension) == {d for _, d in cells(latest)}
    # Every cell scored 3, but the assessor lowered governance's outcome to 2.
    assert by_dimension["governance"] < Decimal("3.00")
    assert all(v == Decimal("3.00") for k, v in by_dimension.items() if k != "governance")
    assert results["spbe"] == {
        "year": 2024,
        "index": "2.00",
        "predicate": results["spbe"]["predicate"],
        "predicate_name": "Cukup",
    }


def test_results_never_show_an_unpublished_evaluation_or_spbe(
    world: World, published: Published
) -> None:
    verified = evaluation(world, "verified", year=2025)
    Evaluation.objects.filter(pk=verified.pk).update(index=Decimal("87.654321"))
    draft = assessment(world.region, year=2025)
    set_all(draft, 5)
    submitted = assessment(world.region, year=2026)
    set_all(submitted, 4)
    submit_spbe(submitted, actor=SYSTEM)
    results = _get(f"/api/v1/public/regions/{world.region.code}/results")
    assert results == {"evaluation": None, "spbe": None}


def test_documents_list_the_published_versions_files_with_their_download_url(
    world: World, published: Published
) -> None:
    pdf = generated_document(published.plan, format="pdf")
    docx = generated_document(published.plan, format="docx", language="en", content=b"PK x")
    working = generated_document(published.plan, version=None)
    of_draft = generated_document(published.draft, version=None)
    documents = _get(f"/api/v1/public/regions/{world.region.code}/documents")
    assert {(d["format"], d["language"], d["size"], d["version"]) for d in documents} == {
        ("pdf", "id", len(b"%PDF-1.4 masterplan"), 1),
        ("docx", "en", 4, 1),
    }
    urls = {d["download_url"] for d in documents}
    assert urls == {
        "http://testserver" + reverse("portal:document_download", args=[world.region.code, d.pk])
        for d in (pdf, docx)
    }
    for hidden in (working, of_draft):
        assert not any(f"/dokumen/{hidden.pk}/" in url for url in urls)
    download = Client().get(reverse("portal:document_download", args=[world.region.code, pdf.pk]))
    assert download.status_code == 200


def test_results_and_documents_cost_the_same_queries_with_more_published(
    world: World, published: Published
) -> None:
    code = world.region.code
    evaluation(world, "published", year=2024)
    published_spbe(world, 2024, 2)
    generated_document(published.plan, format="pdf")
    results = f"/api/v1/public/regions/{code}/results"
    documents = f"/api/v1/public/regions/{code}/documents"
    small = (query_count(Client(), results), query_count(Client(), documents))
    evaluation(world, "published", year=2025)
    published_spbe(world, 2025, 3)
    generated_document(published.plan, format="docx", content=b"PK x")
    generated_document(published.plan, format="pdf", language="en")
    assert (query_count(Client(), results), query_count(Client(), documents)) == small
    assert len(_get(documents)) == 3


def test_results_and_documents_are_in_the_openapi_document_with_unique_names() -> None:
    schema = api.get_openapi_schema()
    paths = schema["paths"]
    assert "/api/v1/public/regions/{code}/results" in paths
    assert "/api/v1/public/regions/{code}/documents" in paths
    names = schema["components"]["schemas"]
    for name in ("PublicResultsOut", "PublicEvaluationOut", "PublicSpbeOut", "PublicDocumentOut"):
        assert name in names
    assert paths["/api/v1/public/regions/{code}/results"]["get"]["x-rate-limited"] is True
