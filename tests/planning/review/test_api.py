"""The masterplan's workflow through the API: submit, return with a reason, approve, publish;
a step the status does not allow is 409 ``invalid_state`` in the error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from kotacerdas.planning.models import Masterplan

from ...conftest import World
from .. import factories as f

pytestmark = pytest.mark.django_db


def _post(world: World, persona: str, name: str, plan: Masterplan, body: Any = None) -> Any:
    url = reverse(f"api:{name}", kwargs={"masterplan_id": plan.pk})
    return world.client(persona).post(
        url, json.dumps(body or {}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]  # type: ignore[no-any-return]


def test_the_whole_cycle_through_the_api(world: World) -> None:
    plan = f.masterplan(world)
    f.programme(plan, "P01", lead=world.agency_a)

    confirm = {"confirm_incomplete": True}
    submitted = _post(world, "token_client", "submit_masterplan", plan, confirm)
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "in_review" and submitted.json()["submitted_at"]

    returned = _post(world, "council", "return_masterplan", plan, {"reason": "Lengkapi KPI."})
    assert returned.status_code == 200
    assert returned.json()["status"] == "draft"
    assert returned.json()["return_reason"] == "Lengkapi KPI."

    _post(world, "coordinator", "submit_masterplan", plan, confirm)
    approved = _post(world, "council", "approve_masterplan", plan)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    versions = world.client("coordinator").get(
        reverse("api:list_masterplan_versions", kwargs={"masterplan_id": plan.pk})
    )
    assert [v["number"] for v in versions.json()] == [1]
    assert versions.json()[0]["approved_by"] == "council"

    published = _post(world, "coordinator", "publish_masterplan", plan)
    assert published.status_code == 200
    assert published.json()["status"] == "published" and published.json()["published_at"]


@pytest.mark.parametrize(
    ("status", "persona", "step"),
    [
        ("in_review", "coordinator", "submit_masterplan"),
        ("draft", "council", "approve_masterplan"),
        ("draft", "council", "return_masterplan"),
        ("in_review", "coordinator", "publish_masterplan"),
        ("published", "coordinator", "publish_masterplan"),
    ],
)
def test_a_step_the_status_does_not_allow_is_409(
    world: World, status: str, persona: str, step: str
) -> None:
    plan = f.masterplan(world, status=status)
    f.programme(plan, "P01")
    response = _post(world, persona, step, plan, {"reason": "x"})
    assert response.status_code == 409
    error = _error(response)
    assert error["code"] == "invalid_state"
    assert error["message"].startswith("This cannot be done while the masterplan is ")
    assert Masterplan.objects.get(pk=plan.pk).status == status


def test_submitting_a_draft_without_programmes_is_409_saying_why(world: World) -> None:
    plan = f.masterplan(world)
    response = _post(world, "coordinator", "submit_masterplan", plan)
    assert response.status_code == 409
    assert _error(response)["message"] == "Add at least one programme before submitting."


def test_a_role_that_never_takes_the_step_is_403_and_an_outsider_404(world: World) -> None:
    plan = f.masterplan(world, status="in_review")
    f.programme(plan, "P01")
    assert _post(world, "coordinator", "approve_masterplan", plan).status_code == 403
    assert _post(world, "editor_a", "return_masterplan", plan, {"reason": "x"}).status_code == 403
    assert _post(world, "other_coordinator", "approve_masterplan", plan).status_code == 404
    assert Masterplan.objects.get(pk=plan.pk).status == "in_review"


def test_a_return_needs_a_reason(world: World) -> None:
    plan = f.masterplan(world, status="in_review")
    missing = _post(world, "council", "return_masterplan", plan, {})
    assert missing.status_code == 422
    assert [d["field"] for d in _error(missing)["details"]] == ["reason"]
    blank = _post(world, "council", "return_masterplan", plan, {"reason": "   "})
    assert blank.status_code == 400
    assert [d["field"] for d in _error(blank)["details"]] == ["reason"]
    assert Masterplan.objects.get(pk=plan.pk).status == "in_review"


def test_versions_of_a_published_masterplan_stay_inside_the_region(world: World) -> None:
    plan = f.masterplan(world, status="published")
    url = reverse("api:list_masterplan_versions", kwargs={"masterplan_id": plan.pk})
    assert world.client("other_coordinator").get(url).status_code == 403
    assert world.client("council").get(url).status_code == 200
