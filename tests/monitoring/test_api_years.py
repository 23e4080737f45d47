"""The region dashboard and masterplan status APIs read a past year (``?year=``) as the pages
do: a year outside the masterplan's period is refused naming ``year`` and the years covered,
and each year costs a fixed number of queries whatever the number of indicators."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.monitoring import summaries
from kotacerdas.planning.models import Masterplan

from ..conftest import World
from .dashboard_data import TODAY, many_indicators
from .test_dashboard_past_years import _with_2025

pytestmark = pytest.mark.django_db
REGION_API = reverse("api:get_region_dashboard", kwargs={"code": "17.71"})


def _status_url(plan: Masterplan) -> str:
    return reverse("api:get_masterplan_status", kwargs={"masterplan_id": plan.pk})


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_the_status_api_gives_a_past_year(world: World) -> None:
    plan = _with_2025(world)
    client = world.client("coordinator")
    now = client.get(_status_url(plan)).json()
    assert (now["year"], now["score"]) == (2026, 12.5)
    past = client.get(_status_url(plan) + "?year=2025").json()
    assert (past["year"], past["score"], past["reporting_rate"]) == (2025, 100.0, 100.0)
    governance = next(d for d in past["dimensions"] if d["programmes"])
    assert governance["score"] == 100.0 and governance["programmes"][0]["score"] == 100.0
    # The current year asked by its number is the current year.
    assert client.get(_status_url(plan) + "?year=2026").json()["score"] == 12.5


def test_the_region_dashboard_api_gives_a_past_year(world: World) -> None:
    _with_2025(world)
    client = world.client("coordinator")
    now = client.get(REGION_API).json()
    assert (now["masterplan"]["year"], now["masterplan"]["score"]) == (2026, 12.5)
    assert [a["code"] for a in now["attention"]] == ["IK01"]  # off track in 2026
    past = client.get(REGION_API + "?year=2025").json()
    assert (past["masterplan"]["year"], past["masterplan"]["score"]) == (2025, 100.0)
    assert past["attention"] == []  # on track in 2025
    assert past["quick_wins"][0]["score"] == 100.0
    assert {b["year"] for b in past["budget"]} <= {2025}


@pytest.mark.parametrize("year", ["1999", "2030", "abc"])
def test_a_year_outside_the_period_is_refused(world: World, year: str) -> None:
    plan = _with_2025(world)
    client = world.client("coordinator")
    for url in (_status_url(plan), REGION_API):
        response = client.get(url + f"?year={year}")
        assert response.status_code in (400, 422), url
        text = response.content.decode()
        assert "year" in text
        if year != "abc":
            assert response.status_code == 400
            assert "2025" in text and "2029" in text, text


def test_a_region_without_a_monitored_masterplan_refuses_a_year(world: World) -> None:
    response = world.client("coordinator").get(REGION_API + "?year=2025")
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_each_year_costs_the_same_queries_for_more_indicators(world: World) -> None:
    plan = _with_2025(world)
    client = world.client("coordinator")
    urls = [_status_url(plan), REGION_API]
    current = [_queries(client, u) for u in urls]
    past = [_queries(client, u + "?year=2025") for u in urls]
    many_indicators(plan, plan.programmes.get(), world.agency_a, 40)
    summaries.refresh_masterplan(plan, TODAY, years=[2025])
    assert [_queries(client, u) for u in urls] == current
    assert [_queries(client, u + "?year=2025") for u in urls] == past
    # A past year is computed from the realisations (its programme and indicator rows are
    # not stored): a few queries more than this year's, never more with more data.
    assert [p - c for p, c in zip(past, current, strict=True)] == [3, 3]
