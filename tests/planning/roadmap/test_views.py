"""The roadmap page and API."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ...conftest import World
from .. import factories as f
from ..conftest import query_count


def test_roadmap_shows_programmes_by_year_and_flags_conflicts(world: World, en: Any) -> None:
    from kotacerdas.planning.models import ProgrammeDependency

    plan = f.masterplan(world)
    base = f.programme(plan, "G01", lead=world.agency_a, start_year=2026, end_year=2027)
    f.fund(base, year=2026)
    f.fund(base, year=2027)
    early = f.programme(plan, "L01", dim="living", start_year=2025, end_year=2025)
    ProgrammeDependency.objects.create(programme=early, depends_on=base)
    page = en("council").get(reverse("planning:roadmap_view", kwargs={"pk": plan.pk}))
    body = page.content.decode()
    assert 'data-testid="roadmap-table"' in body and "G01" in body and "L01" in body
    assert 'data-testid="roadmap-conflicts"' in body and 'id="roadmap-tasks"' in body
    data = (
        world.client("council")
        .get(reverse("api:get_roadmap", kwargs={"masterplan_id": plan.pk}))
        .json()
    )
    codes = {c["code"] for c in data["conflicts"] if c["programme_id"] == early.pk}
    assert codes == {"starts_before_dependency", "unfunded_year"}
    assert [p["code"] for p in data["programmes"]] == ["L01", "G01"]


@pytest.mark.parametrize("n", [10, 300])
def test_roadmap_query_count(world: World, n: int) -> None:
    plan = f.masterplan(world)
    f.many_programmes(plan, world, n)
    client = world.client("coordinator")
    url = reverse("planning:roadmap_view", kwargs={"pk": plan.pk})
    assert query_count(client, url) == 10  # with the milestones
