"""Pages that read a number from their address answer odd ones without a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..conftest import World
from ..planning.factories import masterplan

ODD = ("²", "9" * 5000, "abc")


@pytest.mark.parametrize("value", ODD)
def test_region_dashboard_ignores_an_odd_indicator(world: World, value: str) -> None:
    url = reverse("monitoring:dashboard_region", args=[world.region.code])
    assert world.client("coordinator").get(url, {"indicator": value}).status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_version_comparison_of_an_odd_version_is_not_found(world: World, value: str) -> None:
    plan = masterplan(world)
    url = reverse("planning:version_compare", kwargs={"pk": plan.pk})
    assert world.client("coordinator").get(url, {"a": value}).status_code == 404


@pytest.mark.parametrize("value", ODD)
def test_new_indicator_form_ignores_an_odd_programme(world: World, value: str) -> None:
    plan = masterplan(world)
    url = reverse("monitoring:indicator_create", kwargs={"pk": plan.pk})
    response = world.client("coordinator").get(url, {"programme": value})
    assert response.status_code == 200
    assert response.context["form"].initial.get("programme") is None
