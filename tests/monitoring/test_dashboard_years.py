"""The region dashboard for a past year of the masterplan: the year selector, a bad year in
the address, and a fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.monitoring import summaries
from kotacerdas.monitoring.models import Indicator
from kotacerdas.monitoring.summary_models import MasterplanSummary

from ..conftest import World
from ..planning.conftest import english
from .dashboard_data import TODAY, many_indicators, published_with_summary
from .factories import realisation, target

pytestmark = pytest.mark.django_db
URL = reverse("monitoring:dashboard_region", args=["17.71"])


def _with_2025(world: World) -> None:
    """IK01 reached its 2025 target (on track that year; off track in 2026)."""
    plan = published_with_summary(world)
    ind = Indicator.objects.get(masterplan=plan, code="IK01")
    target(ind, 2025, 80)
    for quarter in (1, 2, 3, 4):
        realisation(ind, 2025, 80, sub=quarter, state="verified")


def test_the_region_dashboard_shows_a_past_year_chosen(world: World) -> None:
    _with_2025(world)
    client = english(world, "council")
    now = client.get(URL).content.decode()
    assert "Achievement in 2026" in now and 'value="2025"' in now
    past = client.get(URL + "?year=2025").content.decode()
    assert "Achievement in 2025" in past
    assert "100.0" in past or "100,0" in past  # IK01 reached its 2025 target
    assert '<option value="2025" selected>' in past
    # The stored summary (this year's) is not touched by looking at another year.
    assert MasterplanSummary.objects.get().year == 2026


@pytest.mark.parametrize("year", ["abc", "1999", "2031", "99999999999"])
def test_a_bad_year_shows_this_year_with_a_message(world: World, year: str) -> None:
    _with_2025(world)
    response = english(world, "council").get(URL + f"?year={year}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a year of the masterplan (2025–2029); shown: 2026." in html
    assert "Achievement in 2026" in html


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_a_past_year_costs_the_same_queries_for_more_indicators(world: World) -> None:
    _with_2025(world)
    plan = MasterplanSummary.objects.get().masterplan
    client = world.client("coordinator")
    prog = plan.programmes.get()
    small = _queries(client, URL + "?year=2025")
    many_indicators(plan, prog, world.agency_a, 45)
    summaries.refresh_masterplan(plan, TODAY)
    assert _queries(client, URL + "?year=2025") == small
    assert small <= 20
    # A past year's indicator and programme statuses are computed (their rows are stored for
    # the current year only): three queries more than this year, however many indicators.
    assert small - _queries(client, URL) == 3
