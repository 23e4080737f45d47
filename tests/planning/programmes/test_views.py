"""Programme pages, the agency matrix and the budget as their users see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kotacerdas.planning.models import Programme

from ...conftest import World
from .. import factories as f
from ..conftest import query_count


@pytest.mark.parametrize(
    "name", ["programme_list", "agency_matrix", "budget_view", "masterplan_detail"]
)
def test_same_query_count_for_10_and_300_programmes(world: World, name: str) -> None:
    small, large = f.masterplan(world), f.masterplan(world, title="Large")
    f.many_programmes(small, world, 10)
    f.many_programmes(large, world, 300)
    client = world.client("coordinator")
    counts = [
        query_count(client, reverse(f"planning:{name}", kwargs={"pk": p.pk}))
        for p in (small, large)
    ]
    assert counts[0] == counts[1] <= 15


def test_programme_form_query_count_does_not_grow(world: World) -> None:
    small, large = f.masterplan(world), f.masterplan(world, title="Large")
    f.many_programmes(small, world, 10)
    f.many_programmes(large, world, 300)
    client = world.client("coordinator")
    counts = [
        query_count(client, reverse("planning:programme_create", kwargs={"pk": p.pk}))
        for p in (small, large)
    ]
    assert counts[0] == counts[1] <= 15


def test_an_editor_adds_a_programme_with_supports_and_funding(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    third = world.region.agencies.exclude(pk__in=[world.agency_a.pk, world.agency_b.pk]).first()
    living = f.dimension("living")
    data = {
        "code": "L01",
        "name": "Telemedicine",
        "dimension": living.pk,
        "element": living.elements.first().pk,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "status": "planned",
        "lead_agency": world.agency_b.pk,
        "supports-TOTAL_FORMS": 2,
        "supports-INITIAL_FORMS": 0,
        "supports-0-agency": world.agency_a.pk,
        "supports-0-role": "ICT",
        "supports-1-agency": third.pk,
        "supports-1-role": "Buildings",
        "funding-TOTAL_FORMS": 2,
        "funding-INITIAL_FORMS": 0,
        "funding-0-source": "apbd",
        "funding-0-year": 2025,
        "funding-0-amount": "150000000",
        "funding-1-source": "csr",
        "funding-1-year": 2026,
        "funding-1-amount": "50000000",
    }
    client = en("editor_b")
    url = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    bad = client.post(url, {**data, "funding-1-amount": "-5"})
    assert bad.status_code == 200 and "cannot be negative" in bad.content.decode()
    bad = client.post(url, {**data, "supports-0-agency": world.agency_b.pk})
    assert "already the lead agency" in bad.content.decode()
    bad = client.post(url, {**data, "end_year": 2031})
    assert "outside the masterplan period" in bad.content.decode()
    assert not Programme.objects.filter(masterplan=plan).exists()
    response = client.post(url, data)
    assert response.status_code == 302
    p = Programme.objects.get(masterplan=plan)
    assert p.supports.count() == 2 and p.funding.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Telemedicine" in page and "Rp 150.000.000" in page
    # editor_a cannot choose agency B as lead: the choice is not offered
    other = en("editor_a").post(url, {**data, "code": "L02"})
    assert other.status_code == 200 and not Programme.objects.filter(code="L02").exists()


def test_a_concurrent_edit_shows_both_values(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    opened = p.version
    Programme.objects.filter(pk=p.pk).update(name="Saved by someone else", version=opened + 1)
    data = {
        "version": opened,
        "code": "G01",
        "name": "Mine",
        "dimension": p.dimension_id,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "status": "planned",
        "lead_agency": world.agency_a.pk,
        "supports-TOTAL_FORMS": 0,
        "supports-INITIAL_FORMS": 0,
        "funding-TOTAL_FORMS": 0,
        "funding-INITIAL_FORMS": 0,
    }
    response = en("editor_a").post(reverse("planning:programme_edit", kwargs={"pk": p.pk}), data)
    body = response.content.decode()
    assert "Saved by someone else" in body and "Mine" in body and 'data-testid="conflict"' in body
    assert Programme.objects.get(pk=p.pk).name == "Saved by someone else"


def test_budget_warns_over_the_ceiling_and_shows_apbd_share(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.fund(p, 300, 2025, "apbd")
    f.fund(p, 100, 2025, "csr")
    client = en("coordinator")
    client.post(reverse("planning:ceiling_edit", kwargs={"pk": plan.pk}), {"year_2025": "350"})
    page = client.get(reverse("planning:budget_view", kwargs={"pk": plan.pk})).content.decode()
    assert 'data-testid="over-ceiling"' in page and "Rp 400" in page
    assert "75,0 %" in page and "25,0 %" in page


def test_agency_matrix_flags_gaps(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    led = f.programme(plan, "G01", lead=world.agency_a)
    f.support(led, world.agency_b)
    f.fund(led)
    f.programme(plan, "G02")
    page = (
        en("assessor")
        .get(reverse("planning:agency_matrix", kwargs={"pk": plan.pk}))
        .content.decode()
    )
    assert "Programmes without a lead agency" in page and "G02" in page
    assert "Programmes without funding" in page


def test_programme_list_filters(world: World) -> None:
    plan = f.masterplan(world)
    f.programme(plan, "G01", lead=world.agency_a)
    f.programme(plan, "L01", lead=world.agency_b, dim="living")
    url = reverse("planning:programme_list", kwargs={"pk": plan.pk})
    client = world.client("assessor")
    page = client.get(url, {"dimension": f.dimension("living").pk}).content.decode()
    assert "L01" in page and "G01" not in page
    page = client.get(url, {"agency": world.agency_a.pk, "horizon": "short"}).content.decode()
    assert "G01" in page and "L01" not in page


def test_ceiling_form_rejects_negative(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    url = reverse("planning:ceiling_edit", kwargs={"pk": plan.pk})
    response = coordinator.post(url, {"year_2025": "-10"})
    assert response.status_code == 200 and "cannot be negative" in response.content.decode()
    assert not plan.ceilings.exists()


def test_programme_delete_and_edit_page(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.support(p, world.agency_b)
    f.fund(p)
    page = coordinator.get(reverse("planning:programme_edit", kwargs={"pk": p.pk}))
    assert page.status_code == 200 and 'value="G01"' in page.content.decode()
    coordinator.post(reverse("planning:programme_delete", kwargs={"pk": p.pk}))
    assert not plan.programmes.exists()
