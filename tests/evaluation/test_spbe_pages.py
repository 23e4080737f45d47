"""The SPBE pages: what a coordinator, an agency and another region see; query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.evaluation.spbe_models import SpbeAssessment, SpbeProgrammeTag

from ..conftest import World
from ..monitoring.factories import plan_with_programme
from ..monitoring.factories import programme as programme_factory
from .spbe_factories import assessment, set_all

pytestmark = pytest.mark.django_db


def test_the_page_shows_index_predicate_and_next_steps(world: World) -> None:
    found = assessment(world.region)
    set_all(found, 3)
    page = world.client("coordinator").get(reverse("spbe:assessment_detail", args=[found.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="index">3,00<' in text
    assert 'data-testid="predicate">Baik<' in text
    assert "Layanan Publik Sektor 1" in text
    assert "Sangat Baik (≥ 3,5)" in text  # the next band, its bound written the Indonesian way


def test_starting_from_the_page_and_a_second_start_for_the_year(world: World) -> None:
    client = world.client("coordinator")
    url = reverse("spbe:assessment_list", args=[world.region.code])
    first = client.post(url, {"year": "2025"})
    assert first.status_code == 302
    second = client.post(url, {"year": "2025"})
    assert "sudah memiliki penilaian mandiri SPBE untuk tahun ini" in second.content.decode()
    assert SpbeAssessment.objects.filter(region=world.region).count() == 1


def test_a_level_outside_0_to_5_from_the_page_is_refused(world: World) -> None:
    score = assessment(world.region).scores.get(indicator__number=11)
    url = reverse("spbe:score_edit", args=[score.pk])
    page = world.client("editor_a").post(url, {"level": "7", "explanation": ""})
    assert page.status_code == 200
    assert "is-invalid" in page.content.decode() or "invalid-feedback" in page.content.decode()
    score.refresh_from_db()
    assert score.level == 0


def test_another_region_sees_it_only_once_published(world: World) -> None:
    found = assessment(world.region)
    url = reverse("spbe:assessment_detail", args=[found.pk])
    assert world.client("other_coordinator").get(url).status_code == 404
    found.status = SpbeAssessment.Status.PUBLISHED
    found.save()
    assert world.client("other_coordinator").get(url).status_code == 200


def test_tagging_a_programme_clears_its_flag(world: World) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    found = assessment(world.region)
    indicator = found.instrument.indicators.get(number=11)
    client = world.client("coordinator")
    url = reverse("spbe:programme_tags", args=[found.pk])
    assert (
        client.post(url, {"programme": programme.pk, "indicators": [indicator.pk]}).status_code
        == 302
    )
    assert SpbeProgrammeTag.objects.filter(programme=programme, indicator=indicator).exists()
    page = client.get(reverse("spbe:assessment_detail", args=[found.pk])).content.decode()
    assert programme.code in page
    assert page.count("belum ada program yang meningkatkannya") == 46


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_data(world: World) -> None:
    client = world.client("coordinator")
    found = assessment(world.region)
    detail = reverse("spbe:assessment_detail", args=[found.pk])
    listing = reverse("spbe:assessment_list", args=[world.region.code])
    tags = reverse("spbe:programme_tags", args=[found.pk])
    small = (_queries(client, detail), _queries(client, listing), _queries(client, tags))
    plan, programme = plan_with_programme(world, status="draft")
    small = (*small[:2], _queries(client, tags))
    second = programme_factory(plan, "P02", lead=world.agency_b, end_year=2029)
    for number in range(1, 20):
        for prog in (programme, second):
            SpbeProgrammeTag.objects.create(
                programme=prog, indicator=found.instrument.indicators.get(number=number)
            )
    for year in (2021, 2022, 2023):
        assessment(world.region, year=year)
    set_all(found, 4)
    large = (_queries(client, detail), _queries(client, listing), _queries(client, tags))
    assert small == large
