"""A change the masterplan's status does not allow answers 409 ``invalid_state`` saying why;
403 stays for someone whose role never allows the change."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kotacerdas.planning.models import Masterplan, Programme, Stakeholder

from ..conftest import World
from . import factories as f

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _send(world: World, persona: str, method: str, url: str, body: Any = None) -> Any:
    send = getattr(world.client(persona), method)
    data = json.dumps(body) if body is not None else ""
    return send(url, data, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")


def _invalid_state(response: Any, status: str) -> None:
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_state"
    assert error["message"] == f"This cannot be done while the masterplan is {status}."


@pytest.mark.parametrize(
    ("status", "label"), [("in_review", "in review"), ("published", "published")]
)
def test_editing_a_masterplan_that_is_not_a_draft_is_409(
    world: World, status: str, label: str
) -> None:
    plan = f.masterplan(world, status=status)
    url = f"/api/v1/masterplans/{plan.pk}"
    _invalid_state(_send(world, "coordinator", "patch", url, {"title": "Baru"}), label)
    # The council member never edits, whatever the status: 403.
    assert _send(world, "council", "patch", url, {"title": "Baru"}).status_code == 403
    assert Masterplan.objects.get(pk=plan.pk).title == "Masterplan Smart City"


def test_changing_a_published_plans_programme_or_stakeholder_is_409(world: World) -> None:
    plan = f.masterplan(world, status="published")
    programme = f.programme(plan, "P01", lead=world.agency_a)
    url = f"/api/v1/programmes/{programme.pk}"
    _invalid_state(_send(world, "editor_a", "patch", url, {"name": "Baru"}), "published")
    _invalid_state(_send(world, "coordinator", "delete", url), "published")
    # An editor of an agency that neither leads nor supports it: never, so 403.
    assert _send(world, "editor_b", "patch", url, {"name": "Baru"}).status_code == 403
    stakeholder = Stakeholder.objects.create(masterplan=plan, group="academia", name="Unib")
    url = f"/api/v1/stakeholders/{stakeholder.pk}"
    _invalid_state(_send(world, "coordinator", "delete", url), "published")
    assert Programme.objects.get(pk=programme.pk).name == programme.name
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()
