"""The readiness API: scores and gaps, answering items, the SWOT, errors in one shape."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Assessment

from ..conftest import World

JSON = "application/json"


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]


def _first_item(assessment: Assessment, dimension_index: int = 0) -> int:
    dimension = assessment.instrument.framework.dimensions.order_by("position")[dimension_index]
    answer = assessment.answers.filter(item__dimension=dimension).order_by("item__position")[0]
    return answer.item_id


def test_a_coordinator_starts_an_assessment_and_reads_its_scores(world: World) -> None:
    client = world.client("coordinator")
    url = f"/api/v1/regions/{world.region.code}/readiness"
    created = client.post(url, json.dumps({"year": 2025}), content_type=JSON)
    assert created.status_code == 201
    assessment_id = created.json()["id"]
    assert created.json()["instrument"] == "kominfo_readiness"

    again = client.post(url, json.dumps({"year": 2025}), content_type=JSON)
    assert again.status_code == 400
    assert _error(again)["details"][0]["field"] == "year"

    body = client.get(f"/api/v1/readiness/{assessment_id}").json()
    assert body["overall"] == {
        "current": 0.0,
        "target": body["overall"]["target"],
        "gap": body["overall"]["target"],
        "answered": 0,
        "total": 59,
    }
    assert len(body["dimensions"]) == 6 and len(body["aspects"]) == 3 and len(body["cells"]) == 18
    assert "lowest level" in body["unanswered_rule"]
    assert body["gaps"][0]["gap"] >= body["gaps"][-1]["gap"] > 0


def test_answering_an_item_raises_its_dimension_score(world: World, assessment: Assessment) -> None:
    client = world.client("editor_a")  # agency A answers the first dimension
    item_id = _first_item(assessment)
    before = client.get(f"/api/v1/readiness/{assessment.pk}").json()
    version = assessment.answers.get(item_id=item_id).version
    url = f"/api/v1/readiness/{assessment.pk}/answers/{item_id}"
    response = client.put(url, json.dumps({"level": 5, "justification": "SK tim"}), JSON)
    assert response.status_code == 200
    assert response.json()["level"] == 5 and response.json()["version"] == version + 1
    after = client.get(f"/api/v1/readiness/{assessment.pk}").json()
    dim = next(iter(after["dimensions"]))
    assert after["dimensions"][dim]["current"] > before["dimensions"][dim]["current"]
    assert after["dimensions"][dim]["answered"] == 1


def test_an_editor_cannot_answer_another_agencys_item(world: World, assessment: Assessment) -> None:
    url = f"/api/v1/readiness/{assessment.pk}/answers/{_first_item(assessment, 1)}"
    response = world.client("editor_a").put(url, json.dumps({"level": 2}), JSON)
    assert response.status_code == 403
    assert _error(response)["code"] == "forbidden"


def test_bad_answers_are_refused_with_the_field_named(world: World, assessment: Assessment) -> None:
    client = world.client("coordinator")
    url = f"/api/v1/readiness/{assessment.pk}/answers/{_first_item(assessment)}"
    response = client.put(url, json.dumps({"level": 11}), JSON)
    assert response.status_code == 422
    assert _error(response)["details"][0]["field"] == "level"

    response = client.put(url, json.dumps({"level": 6}), JSON)  # inside the API bound, off scale
    assert response.status_code == 400
    assert _error(response)["details"][0]["field"] == "level"

    client.put(url, json.dumps({"level": 1}), JSON)
    stale = client.put(url, json.dumps({"level": 2, "version": 1}), JSON)
    assert stale.status_code == 409
    assert _error(stale)["code"] == "conflict"
    assert assessment.answers.get(item_id=_first_item(assessment)).level == 1

    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    closed = client.put(url, json.dumps({"level": 3}), JSON)
    assert closed.status_code == 409  # read-only once submitted
    assert closed.json()["error"]["code"] == "invalid_state"
    assert assessment.answers.get(item_id=_first_item(assessment)).level == 1


def test_swot_entries_have_stable_ids_and_labels(world: World, assessment: Assessment) -> None:
    client = world.client("coordinator")
    url = f"/api/v1/readiness/{assessment.pk}/swot"
    item_id = _first_item(assessment)
    first = client.post(
        url,
        json.dumps(
            {
                "kind": "weakness",
                "text": "Belum ada Perwal Satu Data",
                "aspect": "superstructure",
                "dimension": "governance",
                "item_ids": [item_id],
            }
        ),
        content_type=JSON,
    )
    assert first.status_code == 201
    entry = first.json()
    assert entry["label"] == "W1" and entry["item_ids"] == [item_id]
    assert client.get(f"/api/v1/swot/{entry['id']}").json()["text"] == "Belum ada Perwal Satu Data"

    unknown = client.post(
        url, json.dumps({"kind": "threat", "text": "x", "dimension": "nowhere"}), content_type=JSON
    )
    assert unknown.status_code == 400
    assert _error(unknown)["details"][0]["field"] == "dimension"
    assert client.get(url).json()["count"] == 1

    outsider = world.client("other_coordinator").get(f"/api/v1/swot/{entry['id']}")
    assert outsider.status_code == 404


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_api_lists_cost_the_same_queries_whatever_their_length(
    world: World, assessment: Assessment
) -> None:
    client = world.client("coordinator")
    swot = f"/api/v1/readiness/{assessment.pk}/swot?limit=100"
    answers = f"/api/v1/readiness/{assessment.pk}/answers?limit=5"
    detail = f"/api/v1/readiness/{assessment.pk}"
    services.create_swot_entry(assessment, kind="strength", text="S", actor=SYSTEM)
    small = (_count(client, swot), _count(client, detail))
    few_answers = _count(client, answers)
    for n in range(30):
        services.create_swot_entry(
            assessment,
            kind="threat",
            text=f"T{n}",
            actor=SYSTEM,
            items=assessment.instrument.items.all()[:3],
        )
    assessment.answers.update(level=3)
    assert (_count(client, swot), _count(client, detail)) == small
    assert _count(client, answers.replace("limit=5", "limit=59")) == few_answers
