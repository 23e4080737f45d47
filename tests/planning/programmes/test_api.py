"""The planning API: same rules as the pages, conflicts told with both values."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.planning.models import Masterplan, Programme

from ...conftest import World
from .. import factories as f


def _json(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.mark.parametrize("name", ["api:list_programmes", "api:list_masterplans"])
def test_lists_cost_the_same_for_10_and_300_programmes(world: World, name: str) -> None:
    small, large = f.masterplan(world), f.masterplan(world, title="Large")
    f.many_programmes(small, world, 10)
    f.many_programmes(large, world, 300)
    client = world.client("coordinator")
    counts = []
    for plan in (small, large):
        kwargs = {"masterplan_id": plan.pk} if "programmes" in name else {"code": "17.71"}
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(name, kwargs=kwargs), {"limit": 500})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 12
    assert len(response.json()["items"]) in (2, 300)


def test_create_programme_with_supports_and_funding(world: World) -> None:
    plan = f.masterplan(world)
    body = {
        "code": "L01",
        "name": "Telemedicine",
        "dimension_id": f.dimension("living").pk,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "lead_agency_id": world.agency_b.pk,
        "supports": [{"agency_id": world.agency_a.pk, "role": "ICT"}],
        "funding": [{"source": "apbd", "year": 2025, "amount": "1500000"}],
    }
    url = reverse("api:create_programme", kwargs={"masterplan_id": plan.pk})
    client = world.client("editor_b")
    bad = _json(
        client, "post", url, {**body, "funding": [{"source": "apbd", "year": 2025, "amount": "-1"}]}
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["details"][0]["field"] == "funding"
    bad = _json(client, "post", url, {**body, "lead_agency_id": 999999})
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "lead_agency_id"
    bad = _json(client, "post", url, {**body, "element_id": f.dimension().elements.first().pk})
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "element"
    assert not Programme.objects.exists()
    response = _json(client, "post", url, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["supports"] == [{"agency_id": world.agency_a.pk, "role": "ICT"}]
    assert data["funding"][0]["year"] == 2025


def test_patch_with_an_old_version_gets_409_with_both_values(world: World) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    url = reverse("api:update_programme", kwargs={"programme_id": p.pk})
    opened = p.version
    first = _json(world.client("coordinator"), "patch", url, {"version": opened, "name": "One"})
    assert first.status_code == 200 and first.json()["version"] == opened + 1
    second = _json(world.client("editor_a"), "patch", url, {"version": opened, "name": "Two"})
    assert second.status_code == 409
    detail = second.json()["error"]["details"][0]
    assert detail == {**detail, "field": "name", "yours": "Two", "current": "One"}
    assert Programme.objects.get(pk=p.pk).name == "One"


def test_patch_rejects_a_cycle_and_an_editor_of_another_agency(world: World) -> None:
    plan = f.masterplan(world)
    a = f.programme(plan, "A01", lead=world.agency_a)
    b = f.programme(plan, "B01", lead=world.agency_a)
    client = world.client("editor_a")
    url_a = reverse("api:update_programme", kwargs={"programme_id": a.pk})
    url_b = reverse("api:update_programme", kwargs={"programme_id": b.pk})
    assert _json(client, "patch", url_b, {"depends_on_ids": [a.pk]}).status_code == 200
    cycle = _json(client, "patch", url_a, {"depends_on_ids": [b.pk]})
    assert cycle.status_code == 400 and "A01" in cycle.json()["error"]["message"]
    handover = _json(client, "patch", url_a, {"lead_agency_id": world.agency_b.pk})
    assert handover.status_code == 403
    other = _json(world.client("editor_b"), "patch", url_a, {"name": "x"})
    assert other.status_code == 403
    assert Programme.objects.get(pk=a.pk).lead_agency == world.agency_a


def test_masterplan_patch_conflict_and_versions(world: World) -> None:
    plan = f.masterplan(world)
    url = reverse("api:update_masterplan", kwargs={"masterplan_id": plan.pk})
    client = world.client("coordinator")
    assert _json(client, "patch", url, {"version": plan.version, "title": "A"}).status_code == 200
    stale = _json(client, "patch", url, {"version": plan.version, "title": "B"})
    assert stale.status_code == 409 and stale.json()["current"]["title"] == "A"
    bad = _json(client, "patch", url, {"years": 11})
    assert bad.status_code == 422
    versions = client.get(
        reverse("api:list_masterplan_versions", kwargs={"masterplan_id": plan.pk})
    )
    assert versions.json() == []


def test_a_new_masterplan_starts_on_the_programmes_current_framework(world: World) -> None:
    """Without a framework id, the version of the latest published readiness instrument."""
    response = world.client("coordinator").post(
        f"/api/v1/regions/{world.region.code}/masterplans",
        {"title": "Masterplan 2027–2031", "start_year": 2027, "years": 5},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    masterplan = Masterplan.objects.get(pk=response.json()["id"])
    assert masterplan.framework.profile == "kominfo"
    page = world.client("coordinator").get(
        reverse("planning:masterplan_create", kwargs={"code": world.region.code})
    )
    assert page.context["form"].initial["framework"] == masterplan.framework


def test_a_client_creates_a_programme_from_the_ids_the_framework_endpoint_gives(
    world: World,
) -> None:
    plan = f.masterplan(world)
    client = world.client("token_client")
    url = reverse("api:list_dimensions", kwargs={"version_id": plan.framework_id})
    dimensions = client.get(url).json()
    living = next(d for d in dimensions if d["code"] == "living")
    element = living["elements"][0]
    body = {
        "code": "L01",
        "name": "Telemedicine",
        "dimension_id": living["id"],
        "element_id": element["id"],
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
    }
    created = _json(
        client, "post", reverse("api:create_programme", kwargs={"masterplan_id": plan.pk}), body
    )
    assert created.status_code == 201
    assert (created.json()["dimension_id"], created.json()["element_id"]) == (
        living["id"],
        element["id"],
    )
    assert Programme.objects.get(pk=created.json()["id"]).element.code == element["code"]
