"""A change the assessment's status does not allow answers 409 ``invalid_state`` saying why;
403 stays for someone whose role never allows it."""

from __future__ import annotations

import json
from typing import Any

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Answer, Assessment, SwotEntry

from ..conftest import World

JSON = "application/json"


def _send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    send = getattr(client, method)
    return send(url, json.dumps(body), content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")


def _error(response: Any) -> dict[str, Any]:
    return response.json()["error"]  # type: ignore[no-any-return]


def _submitted(assessment: Assessment) -> Answer:
    services.submit_assessment(assessment, actor=SYSTEM, confirm_incomplete=True)
    return assessment.answers.filter(agency__isnull=False).order_by("item__position").first()  # type: ignore[return-value]


def test_answering_a_submitted_assessment_is_409_and_changes_nothing(
    world: World, assessment: Assessment
) -> None:
    answer = _submitted(assessment)
    url = f"/api/v1/readiness/{assessment.pk}/answers/{answer.item_id}"
    for persona in ("coordinator", "editor_a"):
        response = _send(world.client(persona), "put", url, {"level": 3})
        assert response.status_code == 409, persona
        assert _error(response)["code"] == "invalid_state"
        assert "read-only until an assessor returns it" in _error(response)["message"]
    # An editor of another agency may not answer this item in any status: still 403.
    assert _send(world.client("editor_b"), "put", url, {"level": 3}).status_code == 403
    assert Answer.objects.get(pk=answer.pk).level is None


def test_adding_a_swot_entry_to_a_submitted_assessment_is_409(
    world: World, assessment: Assessment
) -> None:
    _submitted(assessment)
    url = f"/api/v1/readiness/{assessment.pk}/swot"
    response = _send(world.client("coordinator"), "post", url, {"kind": "strength", "text": "Kuat"})
    assert response.status_code == 409
    assert _error(response)["code"] == "invalid_state"
    assert not SwotEntry.objects.filter(assessment=assessment).exists()


def test_submitting_twice_is_409(world: World, assessment: Assessment) -> None:
    _submitted(assessment)
    url = f"/api/v1/readiness/{assessment.pk}/submit"
    response = _send(world.client("coordinator"), "post", url, {"confirm_incomplete": True})
    assert response.status_code == 409 and _error(response)["code"] == "invalid_state"
