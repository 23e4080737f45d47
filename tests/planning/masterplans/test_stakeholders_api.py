"""Stakeholders through the API: the register a programme's ``partner_ids`` come from;
contact details only for readers inside the region, as on the page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.planning.models import Masterplan, Stakeholder

from ...conftest import World
from .. import factories as f

pytestmark = pytest.mark.django_db
JSON = "application/json"
EMAIL = "humas@unib.ac.id"


def _send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(
        url, json.dumps(body), content_type=JSON, HTTP_ACCEPT_LANGUAGE="en"
    )


def _list_url(plan: Masterplan) -> str:
    return reverse("api:list_stakeholders", kwargs={"masterplan_id": plan.pk})


def _one_url(stakeholder_id: int) -> str:
    return reverse("api:get_stakeholder", kwargs={"stakeholder_id": stakeholder_id})


def test_a_partner_registered_through_the_api_becomes_a_programmes_partner(
    world: World,
) -> None:
    plan = f.masterplan(world)
    programme = f.programme(plan, "P01", lead=world.agency_a)
    client = world.client("token_client")
    body = {"group": "academia", "name": "Universitas Bengkulu", "email": EMAIL}
    created = _send(client, "post", _list_url(plan), body)
    assert created.status_code == 201
    partner = created.json()
    assert partner["email"] == EMAIL and partner["programme_ids"] == []

    patch_url = reverse("api:update_programme", kwargs={"programme_id": programme.pk})
    linked = _send(client, "patch", patch_url, {"partner_ids": [partner["id"]]})
    assert linked.status_code == 200 and linked.json()["partner_ids"] == [partner["id"]]
    assert client.get(_one_url(partner["id"])).json()["programme_ids"] == [programme.pk]

    listed = client.get(_list_url(plan)).json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "Universitas Bengkulu"


def test_update_with_an_old_version_is_409_with_both_values(world: World) -> None:
    plan = f.masterplan(world)
    partner = Stakeholder.objects.create(masterplan=plan, group="media", name="RRI", email=EMAIL)
    client = world.client("coordinator")
    url = _one_url(partner.pk)
    first = _send(client, "patch", url, {"version": partner.version, "phone": "0736-1"})
    assert first.status_code == 200 and first.json()["phone"] == "0736-1"
    stale = _send(client, "patch", url, {"version": partner.version, "email": "x@rri.go.id"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["error"]["code"] == "conflict"
    assert body["error"]["details"][0] == {
        "field": "email",
        "message": "Changed by someone else.",
        "yours": "x@rri.go.id",
        "current": EMAIL,
    }
    assert body["current"]["phone"] == "0736-1"
    assert Stakeholder.objects.get(pk=partner.pk).email == EMAIL


def test_bad_values_name_the_field(world: World) -> None:
    plan = f.masterplan(world)
    client = world.client("coordinator")
    bad_email = _send(
        client, "post", _list_url(plan), {"group": "media", "name": "X", "email": "no"}
    )
    assert bad_email.status_code == 400
    assert [d["field"] for d in bad_email.json()["error"]["details"]] == ["email"]
    partner = Stakeholder.objects.create(masterplan=plan, group="media", name="RRI")
    null_name = _send(client, "patch", _one_url(partner.pk), {"name": None})
    assert null_name.status_code == 422
    assert [d["field"] for d in null_name.json()["error"]["details"]] == ["name"]
    wrong_group = _send(client, "post", _list_url(plan), {"group": "church", "name": "Y"})
    assert wrong_group.status_code == 422
    assert Stakeholder.objects.filter(masterplan=plan).count() == 1


def test_delete_removes_the_partner_from_its_programmes(world: World) -> None:
    plan = f.masterplan(world)
    programme = f.programme(plan, "P01")
    partner = Stakeholder.objects.create(masterplan=plan, group="business", name="PT Mitra")
    programme.partners.add(partner)
    url = reverse("api:delete_stakeholder", kwargs={"stakeholder_id": partner.pk})
    assert world.client("editor_a").delete(url).status_code == 403
    assert world.client("coordinator").delete(url).status_code == 204
    assert not programme.partners.exists()


def test_a_masterplan_in_review_keeps_its_register(world: World) -> None:
    plan = f.masterplan(world, status="in_review")
    response = _send(
        world.client("coordinator"), "post", _list_url(plan), {"group": "media", "name": "TVRI"}
    )
    assert response.status_code == 409  # the coordinator may, but not while it is in review
    assert response.json()["error"]["code"] == "invalid_state"
    assert not Stakeholder.objects.filter(masterplan=plan).exists()


def test_contact_details_stay_inside_the_region_once_published(world: World) -> None:
    plan = f.masterplan(world, status="published")
    partner = Stakeholder.objects.create(
        masterplan=plan,
        group="business",
        name="PT Mitra Kota",
        contact_person="Budi",
        email=EMAIL,
        phone="0812-3456-7890",
    )
    outsider = world.client("other_coordinator")
    seen = outsider.get(_list_url(plan)).json()["items"][0]
    assert seen["name"] == "PT Mitra Kota"
    assert (seen["contact_person"], seen["email"], seen["phone"]) == (None, None, None)
    assert outsider.get(_one_url(partner.pk)).json()["email"] is None
    inside = world.client("council").get(_one_url(partner.pk)).json()
    assert (inside["contact_person"], inside["email"]) == ("Budi", EMAIL)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"limit": 500})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_for_2_and_60_stakeholders(world: World) -> None:
    small, large = f.masterplan(world), f.masterplan(world, title="Large")
    for plan, n in ((small, 2), (large, 60)):
        programme = f.programme(plan, "P01")
        partners = Stakeholder.objects.bulk_create(
            Stakeholder(masterplan=plan, group="community", name=f"Komunitas {i}") for i in range(n)
        )
        programme.partners.set(partners)
    client = world.client("coordinator")
    counts = [_count(client, _list_url(plan)) for plan in (small, large)]
    assert counts[0] == counts[1] <= 8
