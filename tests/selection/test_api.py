"""GET /api/v1/campaigns and /api/v1/campaigns/{id}/ranking."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.selection import services
from kotacerdas.selection.models import Campaign

from ..conftest import World
from . import factories as f


def test_campaign_list_is_scoped_and_paginated(world: World) -> None:
    setup = f.setup(world)
    f.campaign(name="Draf", status=Campaign.Status.DRAFT)
    invited = f.campaign(name="Undangan", open_to_all=False)
    invited.invited_regions.set([world.other_region])
    url = reverse("api:list_campaigns")
    admin = world.client("national_admin").get(url, {"limit": 2}).json()
    assert admin["count"] == 3 and len(admin["items"]) == 2
    mine = world.client("coordinator").get(url).json()
    assert [c["name"] for c in mine["items"]] == [setup.campaign.name]
    assert mine["items"][0]["applicant_count"] == 2
    other = world.client("other_coordinator").get(url).json()
    assert {c["name"] for c in other["items"]} == {setup.campaign.name, "Undangan"}
    assert world.client("no_role").get(url).json()["count"] == 0


def test_campaign_list_query_count_is_bounded(world: World) -> None:
    client = world.client("coordinator")
    url = reverse("api:list_campaigns")
    f.campaign()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(20):
        f.campaign(name=f"Kampanye {i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).json()["count"] == 21
    assert len(few) == len(many)


def test_ranking_is_full_for_the_admin_and_own_row_for_a_region(world: World) -> None:
    setup = f.setup(world)
    url = reverse("api:get_ranking", kwargs={"campaign_id": setup.campaign.pk})
    admin = world.client("national_admin").get(url).json()
    assert [r["region_code"] for r in admin["rows"]] == ["17.71", "13.75"]
    assert admin["rows"][0]["criteria"][0]["code"] == "fiscal"
    assert world.client("national_admin").get(url, {"offset": 1}).json()["rows"][0]["rank"] == 2
    region = world.client("council").get(url).json()
    assert region == {**region, "applicants": 2, "selected": 1, "final": False, "rows": []}
    services.close_campaign(setup.campaign, actor=SYSTEM)
    region = world.client("other_coordinator").get(url).json()
    assert [(r["region_code"], r["rank"], r["selected"]) for r in region["rows"]] == [
        ("13.75", 2, False)
    ]
    assert world.client("assessor").get(url).status_code == 403
    assert world.client("no_role").get(url).status_code == 404
    bad = world.client("national_admin").get(url, {"limit": 0})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "limit"
