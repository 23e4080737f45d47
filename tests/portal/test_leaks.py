"""Only published, verified data ever reaches the public: every public URL and file of a
region with published and draft data is walked, and no draft-only marker appears."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation.models import Evaluation
from kotacerdas.evaluation.spbe_services import publish_spbe, submit_spbe
from kotacerdas.portal import opendata

from ..conftest import World
from ..evaluation.factories import evaluation
from ..evaluation.spbe_factories import assessment, set_all
from .factories import MARK, Published, generated_document

pytestmark = pytest.mark.django_db

SECRET_TEXTS = (MARK, "draft-leak", "DRAFT-LEAK", "4242", "4.242", "987654321", "987.654.321")


def public_urls(w: World, published: Published) -> list[str]:
    code = w.region.code
    urls = [
        reverse("portal:region_list"),
        reverse("portal:region_list") + "?q=Bengkulu",
        reverse("portal:region_detail", args=[code]),
        reverse("portal:programme_detail", args=[code, published.p01.pk]),
        reverse("portal:programme_detail", args=[code, published.p02.pk]),
        reverse("portal:dictionary"),
        reverse("portal:dictionary_json"),
        reverse("portal:catalogue"),
        reverse("portal:sitemap"),
    ]
    for table in opendata.TABLES:
        urls.append(reverse("portal:table_csv", args=[code, table.name]))
        urls.append(reverse("portal:table_json", args=[code, table.name]))
    return urls + api_urls(w, published)


def api_urls(w: World, published: Published) -> list[str]:
    code = w.region.code
    return [
        "/api/v1/public/regions",
        f"/api/v1/public/regions/{code}",
        f"/api/v1/public/regions/{code}/programmes",
        f"/api/v1/public/regions/{code}/programmes/{published.p01.pk}",
        f"/api/v1/public/regions/{code}/indicators",
        f"/api/v1/public/regions/{code}/results",
        f"/api/v1/public/regions/{code}/documents",
    ]


def body(response: object) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return response.content.decode()  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_draft_or_internal_text_on_any_public_url(
    world: World, published: Published, language: str
) -> None:
    client = Client(headers={"Accept-Language": language})
    seen = []
    for url in public_urls(world, published):
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        leaked = [s for s in SECRET_TEXTS if s in text]
        assert not leaked, f"{url} shows {leaked}"
        seen.append(text)
    everything = "\n".join(seen)
    # The published data is there: the check above is not vacuous.
    assert "Telemedisin puskesmas" in everything
    assert "Universitas Bengkulu" in everything
    assert "Budi Santoso" in everything


def test_no_unpublished_evaluation_spbe_or_document_on_any_public_url(
    world: World, published: Published
) -> None:
    """A verified (unpublished) evaluation, draft and submitted SPBE self-assessments and
    documents of the working draft never show; the published ones do."""
    evaluation(world, "published", year=2024)
    verified = evaluation(world, "verified", year=2025)
    Evaluation.objects.filter(pk=verified.pk).update(index=Decimal("87.654321"))
    shown_spbe = assessment(world.region, year=2024)
    set_all(shown_spbe, 2)
    publish_spbe(submit_spbe(shown_spbe, actor=SYSTEM), actor=SYSTEM)
    submitted = assessment(world.region, year=2025)
    set_all(submitted, 4)
    submit_spbe(submitted, actor=SYSTEM)
    draft = assessment(world.region, year=2026)
    set_all(draft, 5)
    working = generated_document(published.plan, version=None)
    of_draft = generated_document(published.draft, version=1)
    secrets = ("87,65", "87.65", "Memuaskan", "Satisfactory", "Sangat Baik", "Very good")
    secrets += (f"/dokumen/{working.pk}/", f"/dokumen/{of_draft.pk}/")
    cache.clear()
    for language in ("id", "en"):
        client = Client(headers={"Accept-Language": language})
        seen = []
        for url in public_urls(world, published):
            response = client.get(url)
            assert response.status_code == 200, url
            text = body(response)
            leaked = [s for s in secrets if s in text]
            assert not leaked, f"{url} shows {leaked}"
            seen.append(text)
        everything = "\n".join(seen)
        # The published evaluation and SPBE do show: the check above is not vacuous.
        assert "Indeks SPBE 2024" in everything or "SPBE index 2024" in everything
        assert "kota cerdas 2024" in everything or "evaluation index 2024" in everything


def test_a_region_with_only_a_draft_has_no_public_page(world: World, published: Published) -> None:
    client = Client()
    code = world.other_region.code
    assert client.get(reverse("portal:region_detail", args=[code])).status_code == 404
    csv = reverse("portal:table_csv", args=[code, "programmes"])
    assert client.get(csv).status_code == 404
    assert client.get(f"/api/v1/public/regions/{code}").status_code == 404
    assert client.get(f"/api/v1/public/regions/{code}/programmes").status_code == 404
    listing = client.get(reverse("portal:region_list")).content.decode()
    assert world.other_region.name not in listing


def test_a_draft_programme_is_not_found_through_the_published_region(
    world: World, published: Published
) -> None:
    draft_programme = published.draft.programmes.get()
    url = reverse("portal:programme_detail", args=[world.region.code, draft_programme.pk])
    assert Client().get(url).status_code == 404
    api = f"/api/v1/public/regions/{world.region.code}/programmes/{draft_programme.pk}"
    assert Client().get(api).status_code == 404


def test_a_masterplan_reopened_as_a_draft_leaves_the_portal(
    world: World, published: Published
) -> None:
    published.plan.status = "draft"
    published.plan.save()
    response = Client().get(reverse("portal:region_detail", args=[world.region.code]))
    assert response.status_code == 404
