"""Monitoring dashboards: what each page shows, who sees which regions, fixed query counts,
the XLSX export, and the summary rows the services keep current."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format
from openpyxl import load_workbook

from kotacerdas.monitoring import dashboard_presenters as present
from kotacerdas.monitoring import services, summaries
from kotacerdas.monitoring.models import Realisation
from kotacerdas.monitoring.summary_models import IndicatorSummary, MasterplanSummary
from kotacerdas.monitoring.templatetags.monitoring import percent
from kotacerdas.monitoring.views_dashboards import PER_PAGE

from ..conftest import World
from ..planning.conftest import english
from ..planning.factories import masterplan
from .dashboard_data import TODAY, many_indicators, many_regions, published_with_summary
from .factories import indicator, realisation, target

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script>'


def _get(w: World, persona: str, url: str) -> tuple[int, str]:
    response = english(w, persona).get(url)
    return response.status_code, response.content.decode()


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# --- the summary rows --------------------------------------------------------------------------


def test_refresh_writes_the_status_the_indicator_page_computes(world: World) -> None:
    plan = published_with_summary(world)
    summary = MasterplanSummary.objects.get(masterplan=plan)
    row = IndicatorSummary.objects.get(masterplan=plan)
    # Q1 2026: 45 against a target of 80 from a baseline of 40 → (45−40)/(80−40) = 12.5 %.
    assert row.achievement == Decimal("12.50")
    assert row.status == "off_track"
    assert row.period == "2026 Q1"
    assert summary.year == 2026 and summary.off_track == 1
    # The rate is of the year's periods: by 15 June 2026 only Q1 2026 is due, and reported.
    assert (summary.due_periods, summary.reported_periods, summary.verified_periods) == (1, 1, 1)
    assert summary.reporting_rate == Decimal("100.0")


def test_refresh_drops_the_rows_of_a_masterplan_no_longer_published(world: World) -> None:
    plan = published_with_summary(world)
    plan.status = "draft"
    plan.save()
    assert summaries.refresh_masterplan(plan, TODAY) is None
    assert not MasterplanSummary.objects.filter(masterplan=plan).exists()
    assert not IndicatorSummary.objects.filter(masterplan=plan).exists()


def test_verifying_and_returning_a_report_updates_the_summary(world: World) -> None:
    plan = published_with_summary(world)
    ind = plan.indicators.get()
    reported = realisation(ind, 2026, 80, sub=2)
    coordinator = world.users["coordinator"]
    services.verify_realisation(reported, actor=coordinator)
    row = IndicatorSummary.objects.get(indicator=ind)
    assert (row.value, row.status, row.achievement) == (Decimal(80), "on_track", Decimal(100))
    again = realisation(ind, 2026, 10, sub=3)
    services.return_realisation(again, actor=coordinator, comment="Angka tidak cocok")
    # A returned report does not count: Q2's verified 80 still decides.
    assert IndicatorSummary.objects.get(indicator=ind).status == "on_track"


def test_a_correction_and_new_thresholds_update_the_summary(world: World) -> None:
    plan = published_with_summary(world)
    ind = plan.indicators.get()
    verified = Realisation.objects.get(indicator=ind, is_current=True)
    coordinator = world.users["coordinator"]
    services.correct_realisation(verified, actor=coordinator, value="79", reason="Salah ketik")
    row = IndicatorSummary.objects.get(indicator=ind)
    # (79 − 40) / (80 − 40) = 97.5 %: on track from the default 90 %.
    assert (row.value, row.state, row.status) == (Decimal(79), "reported", "on_track")
    services.set_thresholds(plan, actor=coordinator, on_track="99", at_risk="50")
    assert IndicatorSummary.objects.get(indicator=ind).status == "at_risk"


def test_reporting_updates_the_reporting_rate(world: World) -> None:
    plan = published_with_summary(world)
    ind = plan.indicators.get()
    before = MasterplanSummary.objects.get(masterplan=plan, year=2026).reported_periods
    services.report_realisation(
        ind, actor=world.users["editor_a"], year=2025, sub_period=4, value="50"
    )
    # The report of 2025 counts in 2025's rate (its row is written), not in 2026's.
    assert MasterplanSummary.objects.get(masterplan=plan, year=2026).reported_periods == before
    assert MasterplanSummary.objects.get(masterplan=plan, year=2025).reported_periods == 1
    assert MasterplanSummary.objects.get(masterplan=plan, year=2025).due_periods == 4


def test_refresh_monitoring_command_recomputes_every_published_masterplan(world: World) -> None:
    from django.core.management import call_command

    plan = published_with_summary(world)
    MasterplanSummary.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_monitoring", stdout=out)
    assert MasterplanSummary.objects.filter(masterplan=plan).exists()
    assert "1 masterplan" in out.getvalue()


# --- the region dashboard ----------------------------------------------------------------------


def test_region_dashboard_shows_status_agencies_attention_budget_quick_wins_and_trend(
    world: World,
) -> None:
    plan = published_with_summary(world)
    status, html = _get(world, "council", reverse("monitoring:dashboard_region", args=["17.71"]))
    assert status == 200
    assert 'data-testid="dimension-table"' in html
    assert "Governance" in html or "governance" in html.lower()
    assert world.agency_a.name in html  # the agency row, linking to its report card
    assert reverse("monitoring:dashboard_agency", args=["17.71", world.agency_a.pk]) in html
    assert "IK01" in html and "Off track" in html  # needs attention
    assert "Rp 2.000.000" in html  # planned 2026 funding
    assert "P01" in html  # quick win
    assert 'id="trend-chart-data"' in html and "2026 Q1" in html
    assert "Measured" in html  # the data-quality flag of the trend's value
    assert 'id="dimension-chart-data"' in html and plan.title in html


def test_region_dashboard_before_publication_says_monitoring_has_not_started(world: World) -> None:
    masterplan(world, status="draft")
    status, html = _get(
        world, "coordinator", reverse("monitoring:dashboard_region", args=["17.71"])
    )
    assert status == 200
    assert "Monitoring starts once the masterplan is published" in html


def test_a_hostile_indicator_name_shows_as_text(world: World) -> None:
    published_with_summary(world, name=HOSTILE)
    for url in (
        reverse("monitoring:dashboard_region", args=["17.71"]),
        reverse("monitoring:dashboard_agency", args=["17.71", world.agency_a.pk]),
    ):
        status, html = _get(world, "coordinator", url)
        assert status == 200
        assert HOSTILE not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_region_dashboard_query_count_does_not_grow_with_indicators(world: World) -> None:
    plan = published_with_summary(world)
    prog = plan.programmes.get()
    client = world.client("coordinator")
    url = reverse("monitoring:dashboard_region", args=["17.71"])
    card = reverse("monitoring:dashboard_agency", args=["17.71", world.agency_a.pk])
    many_indicators(plan, prog, world.agency_a, 4)
    summaries.refresh_masterplan(plan, TODAY)
    small = (_queries(client, url), _queries(client, card))
    many_indicators(plan, prog, world.agency_a, 45)  # 5 → 50 indicators
    summaries.refresh_masterplan(plan, TODAY)
    assert IndicatorSummary.objects.filter(masterplan=plan).count() == 50
    assert (_queries(client, url), _queries(client, card)) == small
    assert small[0] <= 15


def test_the_trend_follows_the_chosen_indicator(world: World) -> None:
    plan = published_with_summary(world)
    other = indicator(plan, plan.programmes.get(), "IK02", world.agency_b, name="Kepuasan warga")
    target(other, 2026, 5)
    url = reverse("monitoring:dashboard_region", args=["17.71"]) + f"?indicator={other.pk}"
    _status, html = _get(world, "coordinator", url)
    assert 'data-testid="trend-indicator">IK02 Kepuasan warga' in html


# --- the agency report card ---------------------------------------------------------------------


def test_agency_card_lists_what_is_due_and_what_was_returned(world: World) -> None:
    plan = published_with_summary(world)
    ind = plan.indicators.get()
    back = realisation(ind, 2026, 30, sub=2)
    services.return_realisation(back, actor=world.users["coordinator"], comment="Lampirkan SK")
    url = reverse("monitoring:dashboard_agency", args=["17.71", world.agency_a.pk])
    _status, html = _get(world, "editor_a", url)
    assert "Lampirkan SK" in html  # returned, with the reason
    assert "2025 Q1" in html and "Overdue" in html  # never reported
    assert "P01" in html  # the programme it leads


def test_what_is_due_links_to_a_page_every_reader_of_the_card_may_open(world: World) -> None:
    """The council member reads the agency's card too; the due indicator's link leads to the
    indicator (where its editors find the report button), never to a refusal."""
    plan = published_with_summary(world)
    ind = plan.indicators.get()
    url = reverse("monitoring:dashboard_agency", args=["17.71", world.agency_a.pk])
    status, html = _get(world, "council", url)
    assert status == 200 and "Overdue" in html
    assert reverse("monitoring:realisation_report", args=[ind.pk]) not in html
    detail = reverse("monitoring:indicator_detail", args=[ind.pk])
    assert detail in html
    assert world.client("council").get(detail).status_code == 200


def test_agency_card_of_another_region_is_hidden(world: World) -> None:
    published_with_summary(world)
    url = reverse("monitoring:dashboard_agency", args=["13.75", world.agency_a.pk])
    assert world.client("national_admin").get(url).status_code == 404


# --- province and national ----------------------------------------------------------------------


def test_national_dashboard_query_count_is_the_same_for_2_and_20_regions(world: World) -> None:
    published_with_summary(world)
    client = world.client("national_admin")
    urls = [
        reverse("monitoring:dashboard_national"),
        reverse("monitoring:dashboard_national") + "?sort=-score&kind=kota",
        reverse("monitoring:dashboard_province", args=["17"]),
        reverse("api:get_national_summary") + "?limit=500",
    ]
    many_regions(world, 1)
    small = [_queries(client, u) for u in urls]
    many_regions(world, 19)
    assert [_queries(client, u) for u in urls] == small


def test_national_pages_cost_the_same_queries_for_20_and_200_regions(world: World) -> None:
    published_with_summary(world)
    client = world.client("national_admin")
    urls = [
        reverse("monitoring:dashboard_national"),
        reverse("monitoring:dashboard_national") + "?sort=-rate&page=2",
        reverse("monitoring:dashboard_national") + "?sort=status",
        reverse("monitoring:dashboard_province", args=["17"]) + "?sort=score",
        reverse("api:get_national_summary") + "?sort=-score&limit=50&offset=10",
    ]
    many_regions(world, 19)
    small = [_queries(client, u) for u in urls]
    many_regions(world, 200)
    assert [_queries(client, u) for u in urls] == small
    html = client.get(urls[0]).content.decode()
    assert html.count('data-testid="region-row"') == PER_PAGE  # one page, whatever the total


@pytest.mark.parametrize("language", ["id", "en"])
def test_heat_cells_read_as_the_percent_filter_writes(language: str) -> None:
    values = ["0", "0.04", "12.50", "12.55", "12.99", "50", "99.95", "100", "100.00", "7.1"]
    with translation.override(language):
        separator = str(get_format("DECIMAL_SEPARATOR", use_l10n=True))
        for value in [Decimal(v) for v in values] + [None]:
            assert present.percent_text(value, separator) == percent(value), value


def test_national_table_sorts_every_column_with_empty_values_last(world: World) -> None:
    published_with_summary(world)  # Kota Bengkulu: 20.0 % reported, achievement 12.50
    plans = many_regions(world, 12)  # scores 0..11, rates 0..90 %
    masterplan(world, status="draft", region=world.other_region)  # no rate, no score
    client = world.client("national_admin")

    def listed(sort: str) -> list[dict[str, object]]:
        url = reverse("api:get_national_summary") + f"?sort={sort}&limit=500"
        return client.get(url).json()["items"]

    for key in ("rate", "score"):
        for sort in (key, f"-{key}"):
            items = listed(sort)
            field = "reporting_rate" if key == "rate" else key
            values = [i[field] for i in items]
            present = [v for v in values if v is not None]
            assert present == sorted(present, reverse=sort.startswith("-")), sort
            assert values[: len(present)] == present  # empty ones last, in either direction
            # Ties (several regions at 0 %, say) by region name.
            for a, b in zip(items, items[1:], strict=False):
                if a[field] == b[field]:
                    assert str(a["name"]).lower() <= str(b["name"]).lower(), sort
    statuses = [i["masterplan_status"] for i in listed("status")]
    rank = {"published": 0, "approved": 1, "in_review": 2, "draft": 3, None: 10}
    assert statuses == sorted(statuses, key=lambda s: rank[s])  # no masterplan: last
    assert statuses.index("draft") > statuses.index("published")
    names = [str(i["name"]).lower() for i in listed("-region")]
    assert names == sorted(names, reverse=True)
    provinces = [i["province_code"] for i in listed("province")]
    assert len(provinces) > len(plans)
    page = client.get(reverse("monitoring:dashboard_national") + "?sort=-rate").content.decode()
    # Kota Bengkulu reported every period of 2026 due so far (100 %): before the 90 % ones.
    assert page.index("Kota Bengkulu") < page.index("90,0 %" if "90,0 %" in page else "90.0 %")


def test_national_table_has_stage_rate_score_heat_and_empty_evaluation(world: World) -> None:
    published_with_summary(world)
    many_regions(world, 3)
    masterplan(world, status="draft", region=world.other_region)
    _status, html = _get(world, "national_admin", reverse("monitoring:dashboard_national"))
    assert html.count('data-testid="region-row"') >= 5
    assert "Kota Bengkulu" in html and "Kota Bukittinggi" in html
    assert "Drafting: started" in html  # Bukittinggi's draft, nothing in it yet
    assert "20,0 %" in html or "20.0 %" in html  # Bengkulu's reporting rate
    assert "heat-" in html
    assert "Evaluation index" in html


def test_national_table_filters_by_province_and_sorts(world: World) -> None:
    published_with_summary(world)
    many_regions(world, 5)
    url = reverse("monitoring:dashboard_national") + "?province=17"
    _status, html = _get(world, "national_admin", url)
    assert "Kota Bengkulu" in html and "Kota Bukittinggi" not in html
    client = world.client("national_admin")
    api = client.get(reverse("api:get_national_summary") + "?sort=-score").json()
    scores = [i["score"] for i in api["items"] if i["score"] is not None]
    assert scores == sorted(scores, reverse=True)
    only_kota = client.get(reverse("api:get_national_summary") + "?kind=kota").json()
    assert {i["kind"] for i in only_kota["items"]} == {"kota"}


def test_a_province_viewer_sees_only_its_province(world: World) -> None:
    published_with_summary(world)
    many_regions(world, 5)
    client = world.client("province_viewer")
    body = client.get(reverse("api:get_national_summary")).json()
    assert {i["province_code"] for i in body["items"]} == {"17"}
    refused = client.get(reverse("api:get_national_summary") + "?province=13")
    assert refused.status_code == 403
    assert client.get(reverse("monitoring:dashboard_national")).status_code == 403
    page = client.get(reverse("monitoring:dashboard_province", args=["17"]))
    assert page.status_code == 200 and "Kota Bukittinggi" not in page.content.decode()
    other = client.get(reverse("monitoring:dashboard_province", args=["13"]))
    assert other.status_code == 403


def test_xlsx_export_writes_every_text_as_text(world: World) -> None:
    plan = published_with_summary(world)
    plan.title = '=HYPERLINK("http://evil")'
    plan.save()
    url = reverse("monitoring:dashboard_national_export") + "?province=17"
    response = world.client("national_admin").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    assert "Evaluation index" in header or "Indeks evaluasi" in header
    bengkulu = next(r for r in rows[1:] if r[0] == "17.71")
    assert bengkulu[4] == plan.title
    cell = next(c for c in sheet[rows.index(bengkulu) + 1] if c.value == plan.title)
    assert cell.data_type == "s"  # a string, never a formula
    assert bengkulu[6] == 2026  # the year the figures are of
    assert bengkulu[7] == 100.0  # reporting rate as a number
    assert first is not None


# --- the API -----------------------------------------------------------------------------------


def test_status_api_rolls_up_per_dimension_and_programme(world: World) -> None:
    plan = published_with_summary(world)
    url = reverse("api:get_masterplan_status", kwargs={"masterplan_id": plan.pk})
    body = world.client("coordinator").get(url).json()
    assert body["monitored"] is True and body["year"] == 2026
    assert body["reporting_rate"] == 100.0
    governance = next(d for d in body["dimensions"] if d["programmes"])
    assert governance["programmes"][0]["code"] == "P01"
    assert governance["programmes"][0]["score"] == 12.5


def test_region_dashboard_api_lists_what_needs_attention(world: World) -> None:
    published_with_summary(world)
    body = world.client("council").get(reverse("api:get_region_dashboard", args=["17.71"])).json()
    assert body["masterplan"]["score"] == 12.5
    assert [a["code"] for a in body["attention"]] == ["IK01"]
    assert body["budget"][0]["planned"] in ("2000000.00", "2000000")
    assert body["quick_wins"][0]["code"] == "P01"


def test_status_api_query_count_does_not_grow(world: World) -> None:
    plan = published_with_summary(world)
    client = world.client("coordinator")
    urls = [
        reverse("api:get_masterplan_status", kwargs={"masterplan_id": plan.pk}),
        reverse("api:get_region_dashboard", args=["17.71"]),
    ]
    many_indicators(plan, plan.programmes.get(), world.agency_a, 4)
    summaries.refresh_masterplan(plan, TODAY)
    small = [_queries(client, u) for u in urls]
    many_indicators(plan, plan.programmes.get(), world.agency_a, 45)
    summaries.refresh_masterplan(plan, TODAY)
    assert [_queries(client, u) for u in urls] == small
    assert Realisation.objects.filter(indicator__masterplan=plan).count() == 50
