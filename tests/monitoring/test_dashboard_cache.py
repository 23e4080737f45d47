"""The region dashboard's body kept in the cache (``monitoring.dashboard_cache``): a second
visit reads it in fewer queries, and every change the page shows appears at the next visit,
in the reader's language, never to someone not allowed to see the region."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.monitoring import services
from kotacerdas.monitoring.services_progress import report_progress
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.services import update_agency

from ..conftest import World
from ..planning.conftest import english
from .dashboard_data import published_with_summary
from .factories import realisation

pytestmark = pytest.mark.django_db
URL = reverse("monitoring:dashboard_region", args=["17.71"])


def _visit(client: Client, url: str = URL) -> tuple[str, int]:
    """The page's body (between the breadcrumb and the end of ``main``) and its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    body = html[html.index('<nav aria-label="breadcrumb">') : html.index("</main>")]
    return body, len(queries.captured_queries)


def test_a_second_visit_shows_the_same_body_in_fewer_queries(world: World) -> None:
    published_with_summary(world)
    client = english(world, "coordinator")
    first, built = _visit(client)
    again, kept = _visit(client)
    assert again == first
    assert kept < built  # the board is neither read nor written again
    assert kept <= 8


def _rename_agency(world: World, plan: Masterplan) -> str:
    update_agency(
        world.agency_a,
        actor=world.users["coordinator"],
        opened_version=None,
        name="Dinas Baru Sekali",
    )
    return "Dinas Baru Sekali"


def _verify_a_report(world: World, plan: Masterplan) -> str:
    ind = plan.indicators.get()
    reported = realisation(ind, 2026, 80, sub=2)
    services.verify_realisation(reported, actor=world.users["coordinator"])
    return "2 periods verified"


def _report_quick_win_progress(world: World, plan: Masterplan) -> str:
    report_progress(
        plan.programmes.get(), actor=world.users["editor_a"], year=2026, physical_progress="37"
    )
    return "37.0 %"


def _set_thresholds(world: World, plan: Masterplan) -> str:
    services.set_thresholds(plan, actor=world.users["coordinator"], on_track="55", at_risk="50")
    return "on track from 55"


@pytest.mark.parametrize(
    "change",
    [_rename_agency, _verify_a_report, _report_quick_win_progress, _set_thresholds],
    ids=["agency renamed", "report verified", "quick-win progress", "thresholds"],
)
def test_a_change_shows_at_the_next_visit(
    world: World, change: Callable[[World, Masterplan], str]
) -> None:
    plan = published_with_summary(world)
    client = english(world, "coordinator")
    before, _queries = _visit(client)
    _visit(client)  # kept
    shown = change(world, plan)
    assert shown not in before
    after, _queries = _visit(client)
    assert shown in after


def test_each_language_has_its_own_body(world: World) -> None:
    published_with_summary(world)
    indonesian = world.client("coordinator")
    english_body, _queries = _visit(english(world, "coordinator"))
    indonesian_body, _queries = _visit(indonesian)
    assert "Status per dimension" in english_body
    assert "Status per dimensi" in indonesian_body
    assert "Status per dimension" not in indonesian_body


def test_a_kept_body_is_never_shown_to_another_region(world: World) -> None:
    published_with_summary(world)
    _visit(world.client("coordinator"))  # kept now
    response = world.client("other_coordinator").get(URL)
    assert response.status_code in (403, 404)
    assert "dimension-table" not in response.content.decode()


def test_the_year_message_is_given_on_a_kept_body_too(world: World) -> None:
    published_with_summary(world)
    client = english(world, "coordinator")
    for _visit_number in range(2):
        html = client.get(URL + "?year=1999").content.decode()
        assert re.search(r"1999 is not a year of the masterplan \(2025–2029\)", html)
