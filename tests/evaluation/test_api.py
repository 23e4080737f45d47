"""The evaluation API: the same rules as the pages, indices with unrounded values, errors."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from kotacerdas.evaluation.models import Score

from ..conftest import World
from ..planning.conftest import query_count
from .factories import evaluation, open_round


def test_an_evaluation_reads_with_scores_indices_and_unrounded_values(world: World) -> None:
    found = evaluation(world, "verified")
    body = (
        world.client("coordinator")
        .get(reverse("api:get_evaluation", kwargs={"evaluation_id": found.pk}))
        .json()
    )
    assert body["status"] == "verified"
    assert body["index"]["value"] == "2.95"
    assert Decimal(body["index"]["unrounded"]) == Decimal("2.95")
    assert body["self_index"]["value"] == "3.00"
    governance = next(d for d in body["dimensions"] if d["dimension"] == "governance")
    # 3 − 0.30 × 1 = 2.70 in the dimension whose outcome was lowered to 2.
    assert governance["index"]["value"] == "2.70"
    assert governance["weaknesses"] == "Data belum terpadu"
    outcome = next(c for c in body["components"] if c["component"] == "outcome")
    assert outcome["weight"] == "0.30"
    assert len(body["scores"]) == 30


def test_a_score_outside_the_scale_is_a_400_naming_the_criterion(world: World) -> None:
    found = evaluation(world)
    response = world.client("coordinator").patch(
        reverse("api:update_evaluation", kwargs={"evaluation_id": found.pk}),
        {"scores": [{"component": "impact", "dimension": "living", "score": 0}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "score__impact__living"
    assert not Score.objects.filter(evaluation=found, self_score__isnull=False).exists()


def test_a_second_self_assessment_is_a_400_and_a_step_out_of_turn_a_409(world: World) -> None:
    found = evaluation(world)
    client = world.client("coordinator")
    again = client.post(
        reverse("api:start_region_evaluation", kwargs={"code": world.region.code}),
        {"year": 2025},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again.json()["error"]["details"][0]["field"] == "year"
    submit = client.post(reverse("api:submit_evaluation", kwargs={"evaluation_id": found.pk}))
    assert submit.status_code == 409
    assert submit.json()["error"]["code"] == "invalid_state"


def test_the_region_list_costs_the_same_queries_for_more_years(world: World) -> None:
    client = world.client("coordinator")
    url = reverse("api:list_region_evaluations", kwargs={"code": world.region.code})
    open_round(world, 2025)
    evaluation(world, "submitted", year=2025)
    small = query_count(client, url)
    for year in (2026, 2027, 2028):
        evaluation(world, "draft", year=year)
    assert query_count(client, url) == small
    assert len(client.get(url).json()["items"]) == 4
