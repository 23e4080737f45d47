"""The public region page shows the latest published evaluation index and SPBE predicate,
and the published masterplan's documents for download; nothing unpublished ever shows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import services as evaluation_services
from kotacerdas.evaluation.models import Evaluation
from kotacerdas.evaluation.scoring import round2
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.evaluation.spbe_services import publish_spbe, submit_spbe

from ..conftest import World
from ..evaluation.factories import evaluation
from ..evaluation.spbe_factories import assessment, set_all
from ..planning.conftest import query_count
from ..planning.factories import masterplan
from .factories import Published, generated_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def page(w: World, language: str = "id") -> str:
    client = Client(headers={"Accept-Language": language})
    response = client.get(reverse("portal:region_detail", args=[w.region.code]))
    assert response.status_code == 200
    return response.content.decode()


def shown(value: Decimal) -> str:
    """Two decimals in Indonesian style: 63.5 → ``63,50``."""
    return f"{value:.2f}".replace(".", ",")


def published_spbe(w: World, year: int, level: int) -> SpbeAssessment:
    found = assessment(w.region, year=year)
    set_all(found, level)
    submit_spbe(found, actor=SYSTEM)
    return publish_spbe(found, actor=SYSTEM)


def test_the_page_shows_the_latest_published_evaluation_and_spbe_predicate(
    world: World, published: Published
) -> None:
    older = evaluation(world, "published", year=2024)
    latest = evaluation(world, "published", year=2025)
    Evaluation.objects.filter(pk=older.pk).update(index=Decimal("12.345678"))
    published_spbe(world, 2024, 2)
    text = page(world)
    assert "Indeks evaluasi kota cerdas 2025" in text
    assert latest.index is not None
    assert shown(round2(latest.index)) in text
    assert "12,35" not in text
    assert "Indeks SPBE 2024 (penilaian mandiri)" in text
    assert ">2,00 <" in text.replace("\n", "")
    assert "Cukup" in text
    english = page(world, "en")
    assert "Smart city evaluation index 2025" in english
    assert "Fair" in english


def test_an_unpublished_evaluation_or_spbe_shows_nothing(
    world: World, published: Published
) -> None:
    verified = evaluation(world, "verified", year=2025)
    Evaluation.objects.filter(pk=verified.pk).update(index=Decimal("87.654321"))
    draft = assessment(world.region, year=2025)
    set_all(draft, 5)
    text = page(world)
    assert 'id="evaluation"' not in text
    assert "87,65" not in text
    assert "Memuaskan" not in text


def test_publishing_an_evaluation_or_spbe_shows_at_once_despite_the_cache(
    world: World, published: Published
) -> None:
    verified = evaluation(world, "verified", year=2025)
    found = assessment(world.region, year=2025)
    set_all(found, 4)
    submit_spbe(found, actor=SYSTEM)
    assert 'id="evaluation"' not in page(world)
    evaluation_services.publish_evaluation(verified, actor=SYSTEM)
    text = page(world)
    assert "Indeks evaluasi kota cerdas 2025" in text
    assert "Sangat Baik" not in text
    publish_spbe(found, actor=SYSTEM)
    assert "Sangat Baik" in page(world)


# --- documents --------------------------------------------------------------------------


def test_the_page_lists_the_published_versions_documents_only(
    world: World, published: Published
) -> None:
    pdf = generated_document(published.plan, format="pdf")
    docx = generated_document(published.plan, format="docx", content=b"PK docx")
    working = generated_document(published.plan, version=None)
    of_draft = generated_document(published.draft, version=None)
    text = page(world)
    assert reverse("portal:document_download", args=[world.region.code, pdf.pk]) in text
    assert reverse("portal:document_download", args=[world.region.code, docx.pk]) in text
    for hidden in (working, of_draft):
        assert f"/dokumen/{hidden.pk}/" not in text
    assert "Dokumen masterplan" in text


def test_a_visitor_downloads_a_published_document(world: World, published: Published) -> None:
    pdf = generated_document(published.plan, content=b"%PDF-1.4 isi masterplan")
    response = Client().get(reverse("portal:document_download", args=[world.region.code, pdf.pk]))
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content
    )
    assert content == b"%PDF-1.4 isi masterplan"
    assert f"masterplan-{world.region.code}-v1-id.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_documents_of_a_draft_or_an_older_version_are_not_found(
    world: World, published: Published
) -> None:
    working = generated_document(published.plan, version=None)
    of_draft = generated_document(published.draft, version=1)
    older = generated_document(published.plan, version=1)
    generated_document(published.plan, version=2)
    client = Client()
    code = world.region.code
    for row in (working, of_draft, older):
        url = reverse("portal:document_download", args=[code, row.pk])
        assert client.get(url).status_code == 404, row
    assert f"/dokumen/{older.pk}/" not in page(world)


def test_another_regions_document_is_not_found_under_this_region(
    world: World, published: Published
) -> None:
    other = masterplan(world, region=world.other_region, status="published", start_year=2025)
    theirs = generated_document(other)
    url = reverse("portal:document_download", args=[world.region.code, theirs.pk])
    assert Client().get(url).status_code == 404
    mine = reverse("portal:document_download", args=[world.other_region.code, theirs.pk])
    assert Client().get(mine).status_code == 200


def test_the_page_costs_the_same_queries_with_more_documents_and_results(
    world: World, published: Published
) -> None:
    url = reverse("portal:region_detail", args=[world.region.code])
    evaluation(world, "published", year=2025)
    published_spbe(world, 2024, 2)
    generated_document(published.plan)
    cache.clear()
    few = query_count(Client(), url)
    evaluation(world, "published", year=2026)
    published_spbe(world, 2025, 3)
    for language in ("en", "id"):
        for fmt in ("pdf", "docx"):
            generated_document(published.plan, format=fmt, language=language)
    cache.clear()
    with translation.override("id"):
        assert query_count(Client(), url) == few


# --- the region list sorted by the latest evaluation index ---------------------------------


def _regions_in_order(sort: str) -> list[str]:
    response = Client().get(reverse("portal:region_list") + f"?sort={sort}")
    assert response.status_code == 200
    text = response.content.decode()
    return [line for line in text.split('data-testid="public-region"')[1:]]


def test_the_list_sorts_by_latest_published_evaluation_index(
    world: World, published: Published
) -> None:
    other = masterplan(world, region=world.other_region, status="published", start_year=2025)
    assert other.region.name > world.region.name  # Bukittinggi after Bengkulu by name
    mine = evaluation(world, "published", year=2025)
    theirs = evaluation(world, "published", year=2025, region=world.other_region)
    Evaluation.objects.filter(pk=mine.pk).update(index=Decimal("41.5"))
    Evaluation.objects.filter(pk=theirs.pk).update(index=Decimal("72.125"))
    rows = _regions_in_order("-evaluation")
    assert world.other_region.name in rows[0] and "72,13" in rows[0]
    assert world.region.name in rows[1] and "41,50" in rows[1]
    by_name = _regions_in_order("name")
    assert world.region.name in by_name[0]


def test_an_unpublished_evaluation_neither_shows_nor_sorts_in_the_list(
    world: World, published: Published
) -> None:
    masterplan(world, region=world.other_region, status="published", start_year=2025)
    mine = evaluation(world, "published", year=2025)
    Evaluation.objects.filter(pk=mine.pk).update(index=Decimal("41.5"))
    theirs = evaluation(world, "verified", year=2025, region=world.other_region)
    Evaluation.objects.filter(pk=theirs.pk).update(index=Decimal("99.9"))
    rows = _regions_in_order("-evaluation")
    assert world.region.name in rows[0]
    assert "99,90" not in "".join(rows)


def test_the_sorted_list_costs_the_same_queries_for_more_regions(
    world: World, published: Published
) -> None:
    url = reverse("portal:region_list") + "?sort=-evaluation"
    evaluation(world, "published", year=2025)
    few = query_count(Client(), url)
    masterplan(world, region=world.other_region, status="published", start_year=2025)
    evaluation(world, "published", year=2025, region=world.other_region)
    evaluation(world, "published", year=2026)
    assert query_count(Client(), url) == few
