"""Past years on every dashboard: yearly summary rows, ``?year=`` on the national, province
and agency pages and the national summary API, reporting rate and budget of the year shown,
and the roll-up weights in force on the pages and the status API."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kotacerdas.monitoring import services, summaries, weights
from kotacerdas.monitoring.models import Indicator
from kotacerdas.monitoring.summary_models import DimensionSummary, MasterplanSummary
from kotacerdas.planning.models import Masterplan

from ..conftest import World
from ..planning.conftest import english
from ..planning.factories import fund
from .dashboard_data import TODAY, many_indicators, many_regions, published_with_summary
from .factories import realisation, target

pytestmark = pytest.mark.django_db
NATIONAL = reverse("monitoring:dashboard_national")
PROVINCE = reverse("monitoring:dashboard_province", args=["17"])
SUMMARY_API = reverse("api:get_national_summary")


def _with_2025(world: World) -> Masterplan:
    """Kota Bengkulu's masterplan: IK01 reached its 2025 target in every quarter (verified);
    2026 is off track with one quarter reported. Rows of 2025 and 2026 computed."""
    plan = published_with_summary(world)
    ind = Indicator.objects.get(masterplan=plan, code="IK01")
    target(ind, 2025, 80)
    for quarter in (1, 2, 3, 4):
        realisation(ind, 2025, 80, sub=quarter, state="verified")
    summaries.refresh_masterplan(plan, TODAY, years=[2025])
    return plan


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _bengkulu(client: object, query: str = "") -> dict:
    body = client.get(SUMMARY_API + "?province=17" + query).json()  # type: ignore[attr-defined]
    return next(r for r in body["items"] if r["code"] == "17.71")


# --- the yearly summary rows -------------------------------------------------------------------


def test_every_year_of_the_period_gets_its_own_rows(world: World) -> None:
    plan = published_with_summary(world)
    assert list(MasterplanSummary.objects.values_list("year", "is_current")) == [(2026, True)]
    summaries.refresh_all(TODAY, every_year=True)
    rows = list(MasterplanSummary.objects.filter(masterplan=plan).order_by("year"))
    assert [r.year for r in rows] == list(plan.period)
    assert [r.year for r in rows if r.is_current] == [2026]
    dims = DimensionSummary.objects.filter(masterplan=plan)
    assert dims.filter(is_current=True).count() * len(plan.period) == dims.count()
    # Each year counts its own periods: by 15 June 2026 every quarter of 2025 is due (none
    # reported), Q1 2026 only in 2026, nothing yet in 2027.
    by_year = {r.year: (r.due_periods, r.reported_periods) for r in rows}
    assert by_year[2025] == (4, 0) and by_year[2026] == (1, 1) and by_year[2027] == (0, 0)


def test_the_command_fills_every_year_once_asked(world: World) -> None:
    plan = published_with_summary(world)
    call_command("refresh_monitoring", "--all-years", stdout=io.StringIO())
    assert MasterplanSummary.objects.filter(masterplan=plan).count() == len(plan.period)
    call_command("refresh_monitoring", "--all-years", stdout=io.StringIO())  # idempotent
    assert MasterplanSummary.objects.filter(masterplan=plan).count() == len(plan.period)
    assert MasterplanSummary.objects.filter(masterplan=plan, is_current=True).count() == 1


def test_a_report_of_a_past_year_rewrites_that_years_row(world: World) -> None:
    plan = published_with_summary(world)
    ind = plan.indicators.get()
    target(ind, 2025, 80)
    current = MasterplanSummary.objects.get(masterplan=plan, is_current=True)
    report = services.report_realisation(
        ind, actor=world.users["editor_a"], year=2025, sub_period=4, value="80"
    )
    past = MasterplanSummary.objects.get(masterplan=plan, year=2025)
    assert not past.is_current
    assert (past.reported_periods, past.verified_periods) == (1, 0)
    services.verify_realisation(report, actor=world.users["coordinator"])
    assert MasterplanSummary.objects.get(masterplan=plan, year=2025).verified_periods == 1
    after = MasterplanSummary.objects.get(masterplan=plan, is_current=True)
    assert (after.year, after.reported_periods) == (current.year, current.reported_periods)


# --- the national and province dashboards ----------------------------------------------------


def test_the_national_summary_api_shows_a_past_year(world: World) -> None:
    _with_2025(world)
    client = world.client("national_admin")
    now = _bengkulu(client)
    assert (now["year"], now["score"], now["reporting_rate"]) == (2026, 12.5, 100.0)
    past = _bengkulu(client, "&year=2025")
    assert (past["year"], past["score"], past["reporting_rate"]) == (2025, 100.0, 100.0)
    assert 100.0 in past["dimensions"].values()


def test_the_national_summary_api_refuses_a_year_outside_every_period(world: World) -> None:
    _with_2025(world)
    response = world.client("national_admin").get(SUMMARY_API + "?year=1999")
    assert response.status_code == 400
    assert "year" in response.content.decode() and "2025" in response.content.decode()


def test_the_national_and_province_pages_show_a_past_year(world: World) -> None:
    _with_2025(world)
    for url in (NATIONAL, PROVINCE):
        client = english(world, "national_admin")
        now = client.get(url).content.decode()
        assert "Figures of each masterplan's current year." in now
        assert "12.5 %" in now
        past = client.get(url + "?year=2025").content.decode()
        assert '<option value="2025" selected>' in past and "Figures of 2025." in past
        assert "12.5 %" not in past and "100.0 %" in past


@pytest.mark.parametrize("year", ["abc", "1999", "2031", "99999999999"])
def test_a_bad_year_on_the_national_page_shows_the_current_year(world: World, year: str) -> None:
    _with_2025(world)
    response = english(world, "national_admin").get(NATIONAL + f"?year={year}")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "is not a year of the masterplans monitored (2025–2029); shown: the current year." in html
    )
    assert "12.5 %" in html


def test_the_export_is_of_the_year_chosen(world: World) -> None:
    _with_2025(world)
    client = world.client("national_admin")
    url = reverse("monitoring:dashboard_province_export", args=["17"]) + "?year=2025"
    response = client.get(url)
    assert response["Content-Disposition"].endswith('-2025.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    bengkulu = next(r for r in rows[1:] if r[0] == "17.71")
    assert bengkulu[6] == 2025 and bengkulu[8] == 100.0


def _past_rows(plans: list[Masterplan]) -> None:
    MasterplanSummary.objects.bulk_create(
        MasterplanSummary(
            masterplan=p,
            year=2025,
            score=Decimal(70),
            due_periods=4,
            reported_periods=2,
            refreshed_at=p.region.created,
        )
        for p in plans
    )


def test_a_past_year_costs_the_same_queries_as_this_year_for_more_regions(world: World) -> None:
    _with_2025(world)
    client = world.client("national_admin")
    urls = [
        NATIONAL + "?year=2025&sort=region",
        NATIONAL + "?year=2025&sort=-rate",
        PROVINCE + "?year=2025&sort=score",
        SUMMARY_API + "?year=2025&sort=-score&limit=50",
    ]
    _past_rows(many_regions(world, 19))
    current = [_queries(client, u.replace("year=2025&", "")) for u in urls]
    small = [_queries(client, u) for u in urls]
    assert small == current
    _past_rows(many_regions(world, 150))
    assert [_queries(client, u) for u in urls] == small


# --- the agency report card ------------------------------------------------------------------


def test_the_agency_card_shows_a_past_year(world: World) -> None:
    _with_2025(world)
    url = reverse("monitoring:dashboard_agency", args=["17.71", world.agency_a.pk])
    client = english(world, "coordinator")
    now = client.get(url).content.decode()
    assert "Achievement of the agency's indicators in 2026" in now
    past = client.get(url + "?year=2025").content.decode()
    assert "Achievement of the agency's indicators in 2025" in past
    assert "<strong>100.0 %</strong>" in past
    bad = client.get(url + "?year=2040").content.decode()
    assert "2040 is not a year of the masterplan (2025–2029); shown: 2026." in bad
    # A past year is computed (as on the region dashboard): its cost does not grow with the
    # number of indicators.
    coordinator = world.client("coordinator")
    small = _queries(coordinator, url + "?year=2025")
    plan = Masterplan.objects.get(region=world.region, status="published")
    many_indicators(plan, plan.programmes.get(), world.agency_a, 40)
    summaries.refresh_masterplan(plan, TODAY)
    assert _queries(coordinator, url + "?year=2025") == small


# --- the region dashboard on a past year -------------------------------------------------------


def _section(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}".*?</table>', html, re.S)
    assert match, testid
    return match.group(0)


def test_reporting_rate_and_budget_cover_the_year_shown(world: World) -> None:
    plan = _with_2025(world)
    fund(plan.programmes.get(), 1_500_000, year=2025)
    url = reverse("monitoring:dashboard_region", args=["17.71"])
    client = english(world, "coordinator")
    past = client.get(url + "?year=2025").content.decode()
    assert "Reporting rate in 2025" in past and "4 of 4 periods of 2025 due so far" in past
    budget = _section(past, "budget-table")
    assert "2025" in budget and "2026" not in budget
    now = client.get(url).content.decode()
    assert "Reporting rate in 2026" in now
    budget = _section(now, "budget-table")
    assert "2026" in budget and "2025" not in budget
    assert "The trend covers every year of the masterplan" in now
    trend = _section(past, "trend-table")
    assert "2025 Q1" in trend and "2029 Q4" in trend  # whole period, whatever the year


# --- the weights in force ------------------------------------------------------------------------


def test_weights_show_on_the_dashboard_the_indicator_page_and_the_status_api(
    world: World,
) -> None:
    plan = published_with_summary(world)
    prog = plan.programmes.get()
    weights.set_weights(
        plan,
        actor=world.users["coordinator"],  # type: ignore[arg-type]
        programmes={prog.pk: "2"},
        dimensions={prog.dimension_id: "3"},
    )
    client = english(world, "coordinator")
    board = client.get(reverse("monitoring:dashboard_region", args=["17.71"])).content.decode()
    cells = re.findall(r'data-testid="dimension-weight">([^<]*)<', board)
    assert "3" in cells and "1" in cells  # governance 3, the other dimensions 1
    ind = plan.indicators.get()
    page = client.get(reverse("monitoring:indicator_detail", args=[ind.pk])).content.decode()
    assert "programme 2 within its dimension" in page
    assert "dimension 3 within the masterplan" in page
    url = reverse("api:get_masterplan_status", kwargs={"masterplan_id": plan.pk})
    body = world.client("coordinator").get(url).json()
    governance = next(d for d in body["dimensions"] if d["programmes"])
    assert governance["weight"] == 3.0 and governance["programmes"][0]["weight"] == 2.0
    assert {d["weight"] for d in body["dimensions"] if not d["programmes"]} == {1.0}
