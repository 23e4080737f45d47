"""The answers about every region (the region list, ``data.json``, the sitemap, the API's
region list) and the API's documents list are kept in the portal's cache: a repeated request
reads only the public version, and a publication, a withdrawal, a verification or a
published evaluation anywhere shows at once."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import services as evaluation_services
from kotacerdas.monitoring import services as monitoring
from kotacerdas.monitoring.models import Realisation
from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.review import services as review

from ..conftest import World
from ..evaluation.factories import evaluation
from ..planning.conftest import query_count
from ..planning.factories import masterplan, programme
from .factories import Published, generated_document

pytestmark = pytest.mark.django_db

LIST = "/publik/"
NATIONAL = [
    LIST,
    LIST + "?q=bengkulu&province=17&kind=kota&sort=-evaluation",
    LIST + "?sort=-published&page=1",
    "/publik/data.json",
    "/publik/sitemap.xml",
    "/api/v1/public/regions",
    "/api/v1/public/regions?search=kota&kind=kota&limit=10",
]


def _get(url: str, language: str = "id", host: str = "testserver") -> str:
    response = Client(headers={"Accept-Language": language}, HTTP_HOST=host).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _api_codes(url: str = "/api/v1/public/regions") -> list[str]:
    return [r["code"] for r in json.loads(_get(url))["items"]]


def _datasets() -> list[dict[str, Any]]:
    return json.loads(_get("/publik/data.json"))["dataset"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("url", [*NATIONAL, "/api/v1/public/regions/17.71/documents"])
def test_a_repeated_request_reads_only_the_public_version(
    world: World, published: Published, url: str
) -> None:
    generated_document(published.plan)
    cache.clear()
    client = Client()
    cold = query_count(client, url)
    warm = query_count(client, url)
    assert warm <= 1 < cold, url


def _without_token(text: str) -> str:
    """A page without its form's CSRF token (new in every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def test_the_same_answer_comes_back_from_the_cache(world: World, published: Published) -> None:
    for url in NATIONAL:
        cache.clear()
        assert _without_token(_get(url)) == _without_token(_get(url)), url


def test_a_publication_elsewhere_shows_at_once_everywhere(
    world: World, published: Published
) -> None:
    other = world.other_region
    before = (_get(LIST), _get("/publik/sitemap.xml"), _datasets(), _api_codes())
    assert other.name not in before[0]
    assert f"/wilayah/{other.code}/" not in before[1]
    assert not [d for d in before[2] if d["spatial"] == other.name]
    assert before[3] == [world.region.code]

    plan = masterplan(world, region=other, status="approved", title="Rencana Bukittinggi")
    shown = programme(plan, code="B01")
    review.publish_masterplan(plan, actor=SYSTEM)

    assert other.name in _get(LIST)
    assert other.name in _get(LIST + "?q=bukit")
    sitemap = _get("/publik/sitemap.xml")
    assert f"/wilayah/{other.code}/" in sitemap
    assert f"/wilayah/{other.code}/program/{shown.pk}/" in sitemap
    assert {d["spatial"] for d in _datasets()} == {world.region.name, other.name}
    assert _api_codes() == [world.region.code, other.code]  # Bengkulu, Bukittinggi
    assert other.code in _api_codes("/api/v1/public/regions?search=bukit")

    review.start_new_draft(plan, actor=SYSTEM)  # off the portal again

    assert other.name not in _get(LIST)
    assert f"/wilayah/{other.code}/" not in _get("/publik/sitemap.xml")
    assert {d["spatial"] for d in _datasets()} == {world.region.name}
    assert _api_codes() == [world.region.code]


def test_a_verification_changes_the_catalogues_modified_date_at_once(
    world: World, published: Published
) -> None:
    long_ago = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    Masterplan.objects.filter(pk=published.plan.pk).update(published_at=long_ago)
    Realisation.objects.filter(verified_at__isnull=False).update(verified_at=long_ago)
    assert {d["modified"] for d in _datasets()} == {"2025-01-02"}

    monitoring.verify_realisation(published.indicator.realisations.get(year=2026), actor=SYSTEM)

    modified = {d["modified"] for d in _datasets()}
    assert len(modified) == 1 and modified.pop() > "2025-01-02"


def test_a_published_evaluation_shows_in_the_list_at_once(
    world: World, published: Published
) -> None:
    verified = evaluation(world, "verified", year=2025)
    listing = _get(LIST + "?sort=-evaluation")
    assert 'data-testid="region-evaluation"></td>' in listing  # no index yet

    evaluation_services.publish_evaluation(verified, actor=SYSTEM)

    listing = _get(LIST + "?sort=-evaluation")
    assert 'data-testid="region-evaluation"></td>' not in listing
    assert "(2025)" in listing


def test_each_language_has_its_own_list(world: World, published: Published) -> None:
    assert "1 wilayah ditemukan" in _get(LIST, "id")
    english = _get(LIST, "en")  # the Indonesian list is cached: the English one is not it
    assert "1 region found" in english
    assert "wilayah ditemukan" not in english
    assert "1 wilayah ditemukan" in _get(LIST, "id")


def test_unknown_or_invalid_parameters_reuse_the_same_entry(
    world: World, published: Published
) -> None:
    client = Client()
    query_count(client, LIST)  # kept
    for junk in ("?utm_source=a", "?utm_source=b&x=1", "?page=999", "?page=abc", "?sort=evil"):
        assert query_count(client, LIST + junk) <= 1, junk
    query_count(client, "/api/v1/public/regions")
    for junk in ("?utm=1", "?utm=2&limit=5", "?offset=0&foo=bar"):
        assert query_count(client, "/api/v1/public/regions" + junk) <= 1, junk


def test_the_pages_links_keep_the_filters_and_drop_unknown_parameters(
    world: World, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kotacerdas.portal import queries

    masterplan(world, region=world.other_region, status="published")
    monkeypatch.setattr(queries, "PAGE_SIZE", 1)
    pages = _get(LIST + "?kind=kota&utm_source=spam").split('<nav aria-label="Halaman">')[1]
    assert "?kind=kota&amp;sort=name&amp;page=2" in pages
    assert "utm_source" not in pages
    second = _get(LIST + "?kind=kota&page=2")
    assert world.other_region.name in second
    assert world.region.name not in second.split("<caption>")[1]


def test_links_follow_the_host_asked(world: World, published: Published) -> None:
    generated_document(published.plan)
    documents = f"/api/v1/public/regions/{world.region.code}/documents"
    for url in ("/publik/data.json", "/publik/sitemap.xml", documents):
        assert "http://testserver/" in _get(url)
        elsewhere = _get(url, host="localhost")  # the testserver answer is cached: not this one
        assert "http://localhost/" in elsewhere
        assert "testserver" not in elsewhere
