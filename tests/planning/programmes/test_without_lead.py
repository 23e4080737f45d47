"""A programme without a lead agency is shown as such, never a server error."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.planning import factories as f

pytestmark = pytest.mark.django_db


def test_pages_and_api_show_a_programme_whose_lead_agency_was_removed(world: World) -> None:
    plan = f.masterplan(world)
    programme = f.programme(plan, "GOV-09", lead=world.agency_a)
    client = world.client("coordinator")
    response = client.patch(
        f"/api/v1/programmes/{programme.pk}",
        json.dumps({"lead_agency_id": None, "version": programme.version}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    programme.refresh_from_db()
    assert programme.lead_agency is None
    for name in ("programme_list", "agency_matrix", "roadmap_view"):
        page = client.get(reverse(f"planning:{name}", kwargs={"pk": plan.pk}))
        assert page.status_code == 200, name
        assert "GOV-09" in page.content.decode(), name
    detail = client.get(reverse("planning:programme_detail", kwargs={"pk": programme.pk}))
    assert detail.status_code == 200
