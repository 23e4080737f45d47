"""National admins see every region's masterplans, drafts included (not only published)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.planning import factories as f

pytestmark = pytest.mark.django_db


def test_the_national_admin_sees_a_regions_draft_masterplan(world: World) -> None:
    plan = f.masterplan(world, title="Masterplan Kota Bengkulu 2026–2035")
    client = world.client("national_admin")
    page = client.get(reverse("planning:masterplan_list", kwargs={"code": world.region.code}))
    body = page.content.decode()
    assert plan.title in body
    assert "Belum ada masterplan" not in body
    assert client.get(plan.get_absolute_url()).status_code == 200
