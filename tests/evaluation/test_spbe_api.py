"""The SPBE API: indices and predicate, levels by PATCH, next steps, tags, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.evaluation.spbe_services import submit_spbe

from ..conftest import World
from ..monitoring.factories import plan_with_programme
from .spbe_factories import assessment, set_all

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_one_self_assessment_with_its_indices(world: World) -> None:
    found = assessment(world.region)
    set_all(found, 2)
    found.scores.filter(indicator__aspect__domain__number=4).update(level=4)
    body = world.client("coordinator").get(f"{API}/spbe/{found.pk}").json()
    # 0.545 × 2 + 0.455 × 4 = 1.09 + 1.82 = 2.91
    assert Decimal(body["index"]) == Decimal("2.91")
    assert body["predicate"] == "baik"
    assert {d["number"]: Decimal(d["index"]) for d in body["domains"]} == {1: 2, 2: 2, 3: 2, 4: 4}
    assert len(body["aspects"]) == 8
    assert len(body["levels"]) == 47


def test_patch_levels_and_bad_levels(world: World) -> None:
    found = assessment(world.region)
    client = world.client("editor_a")
    url = f"{API}/spbe/{found.pk}"
    ok = client.patch(url, {"levels": [{"indicator": 11, "level": 4}]}, "application/json")
    assert ok.status_code == 200
    assert [row["level"] for row in ok.json()["levels"] if row["indicator"] == 11] == [4]
    bad = client.patch(url, {"levels": [{"indicator": 12, "level": 6}]}, "application/json")
    assert bad.status_code == 400
    assert bad.json()["error"]["details"] == [
        {"field": "level", "message": "Tingkat adalah bilangan bulat dari 0 sampai 5."}
    ]
    # All or nothing: a good level before a bad one is not kept.
    mixed = client.patch(
        url,
        {"levels": [{"indicator": 12, "level": 3}, {"indicator": 15, "level": -1}]},
        "application/json",
    )
    assert mixed.status_code == 400
    assert found.scores.get(indicator__number=12).level == 0


def test_a_submitted_self_assessment_cannot_be_patched(world: World) -> None:
    found = submit_spbe(assessment(world.region), actor=SYSTEM)
    response = world.client("coordinator").patch(
        f"{API}/spbe/{found.pk}", {"levels": [{"indicator": 1, "level": 1}]}, "application/json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_state"


def test_a_second_start_for_the_year_is_refused(world: World) -> None:
    client = world.client("coordinator")
    url = f"{API}/regions/{world.region.code}/spbe"
    assert client.post(url, {"year": 2025}, "application/json").status_code == 201
    again = client.post(url, {"year": 2025}, "application/json")
    assert again.status_code == 400
    assert again.json()["error"]["details"][0]["field"] == "year"
    assert SpbeAssessment.objects.filter(region=world.region).count() == 1


def test_next_steps_to_a_target(world: World) -> None:
    found = assessment(world.region)
    set_all(found, 5)
    found.scores.filter(indicator__number=47).update(level=0)  # 5 − 0.03 × 5 = 4.85
    body = world.client("coordinator").get(f"{API}/spbe/{found.pk}/next-steps?target=memuaskan")
    assert body.json()["steps"] == []
    found.scores.filter(indicator__number__in=range(42, 47)).update(level=0)  # 4.1
    body = world.client("coordinator").get(f"{API}/spbe/{found.pk}/next-steps?target=memuaskan")
    steps = body.json()["steps"]
    assert body.json()["predicate"] == "sangat_baik"
    assert [(s["indicator"], s["from_level"], s["to_level"]) for s in steps] == [(42, 0, 4)]
    unknown = world.client("coordinator").get(f"{API}/spbe/{found.pk}/next-steps?target=x")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["details"][0]["field"] == "target"


def test_programme_tags_in_the_api(world: World) -> None:
    _plan, programme = plan_with_programme(world, status="draft")
    found = assessment(world.region)
    ids = list(found.instrument.indicators.filter(number__in=[11, 12]).values_list("pk", flat=True))
    url = f"{API}/programmes/{programme.pk}/spbe-indicators"
    put = world.client("coordinator").put(url, {"indicator_ids": ids}, "application/json")
    assert [row["number"] for row in put.json()] == [11, 12]
    assert [row["number"] for row in world.client("editor_a").get(url).json()] == [11, 12]


def test_an_id_no_database_holds_is_refused_by_the_schema(world: World) -> None:
    """36446180874047735361175552 cannot name a row; SQLite refused to bind it (a 500)."""
    _plan, programme = plan_with_programme(world, status="draft")
    url = f"{API}/programmes/{programme.pk}/spbe-indicators"
    huge = world.client("coordinator").put(
        url, {"indicator_ids": [312, 36446180874047735361175552]}, "application/json"
    )
    assert huge.status_code == 422
    assert "indicator_ids" in huge.content.decode()
    assert world.client("coordinator").get(url).json() == []


def test_the_list_costs_the_same_for_more_self_assessments(world: World) -> None:
    client = world.client("coordinator")
    url = f"{API}/regions/{world.region.code}/spbe"
    assessment(world.region, 2025)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(url).json()["items"]) == 1
    for year in (2021, 2022, 2023, 2024):
        assessment(world.region, year)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(url).json()["items"]) == 5
    assert len(small.captured_queries) == len(large.captured_queries)


def test_submit_return_with_a_reason_and_publish_through_the_api(world: World) -> None:
    found = assessment(world.region)
    client = world.client("coordinator")
    url = f"{API}/spbe/{found.pk}"
    submitted = client.post(f"{url}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    # Submitting twice is a state refusal, not a permission one.
    again = client.post(f"{url}/submit")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_state"
    # Returning needs a reason, named in the user's language; nothing changes without one.
    no_reason = client.post(f"{url}/return", {"reason": "  "}, "application/json")
    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["details"] == [
        {
            "field": "reason",
            "message": "Jelaskan mengapa penilaian mandiri dikembalikan menjadi draf.",
        }
    ]
    found.refresh_from_db()
    assert found.status == SpbeAssessment.Status.SUBMITTED
    returned = client.post(f"{url}/return", {"reason": "Bukti belum lengkap"}, "application/json")
    assert returned.status_code == 200
    assert returned.json()["status"] == "draft"
    assert returned.json()["return_reason"] == "Bukti belum lengkap"
    # Publishing a draft is refused by its state; after submitting again it is published.
    early = client.post(f"{url}/publish")
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "invalid_state"
    assert client.post(f"{url}/submit").status_code == 200
    published = client.post(f"{url}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    # Now every signed-in user reads it, also from another region.
    assert world.client("other_coordinator").get(url).status_code == 200


def test_a_role_that_may_never_take_a_step_gets_403_whatever_the_state(world: World) -> None:
    found = submit_spbe(assessment(world.region), actor=SYSTEM)
    url = f"{API}/spbe/{found.pk}"
    editor = world.client("editor_a")
    # Submitting what is already submitted: still 403 for an editor, not 409.
    assert editor.post(f"{url}/submit").status_code == 403
    assert editor.post(f"{url}/publish").status_code == 403
    assert editor.post(f"{url}/return", {"reason": "x"}, "application/json").status_code == 403
    # Another region does not learn it exists.
    assert world.client("other_coordinator").post(f"{url}/publish").status_code == 404
    found.refresh_from_db()
    assert found.status == SpbeAssessment.Status.SUBMITTED
