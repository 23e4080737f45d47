"""Monitoring dashboards in a real browser: the region dashboard draws its charts beside their
tables with no console error (strict CSP), an agency's report card opens from it, and the
national dashboard shows a region's new reporting rate once an agency has reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.accounts.models import User
from kotacerdas.monitoring import periods, services
from kotacerdas.monitoring.models import Indicator, Realisation

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")


def _missing_period() -> tuple[Indicator, periods.Period]:
    """Diskominfo's first indicator period with no report yet."""
    indicators = Indicator.objects.filter(
        masterplan__region__code="17.71",
        masterplan__status="published",
        responsible_agency__code="diskominfo",
    ).select_related("masterplan")
    for indicator in indicators.order_by("code"):
        done = set(
            Realisation.objects.filter(indicator=indicator, is_current=True).values_list(
                "year", "sub_period"
            )
        )
        for period in periods.schedule(indicator.frequency, indicator.masterplan.period):
            if (period.year, period.sub) not in done:
                return indicator, period
    pytest.fail("the demo has no unreported period of Diskominfo")


def _report(indicator: Indicator, period: periods.Period) -> None:
    editor = User.objects.get(username="diskominfo")
    services.report_realisation(
        indicator, actor=editor, year=period.year, sub_period=period.sub, value="1"
    )


def _rate(page: Page) -> str:
    row = page.get_by_test_id("region-row").filter(has_text="Kota Bengkulu")
    return row.get_by_test_id("rate").inner_text()


def test_dashboards_draw_their_charts_and_follow_a_report(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
) -> None:
    page.goto("/accounts/login/")
    log_in("admin")
    # The reporting rate is of one year: the national table is read for the period's year.
    indicator, period = _missing_period()
    page.goto(f"/national/dashboard/?province=17&year={period.year}")
    expect(page.get_by_role("heading", name="Monev nasional")).to_be_visible()
    before = _rate(page)
    shot("national")

    _report(indicator, period)
    page.reload()
    expect(
        page.get_by_test_id("region-row").filter(has_text="Kota Bengkulu").get_by_test_id("rate")
    ).not_to_have_text(before)
    shot("national-after-report")

    page.get_by_role("link", name="Kota Bengkulu").first.click()
    expect(page.get_by_role("heading", name=re.compile("Dasbor monev"))).to_be_visible()
    for table in ("dimension-table", "agency-table", "budget-table", "trend-table"):
        expect(page.get_by_test_id(table)).to_be_visible()
    # The charts are drawn by a deferred script once the page has loaded: wait for it (up to
    # the page's default timeout) rather than read the canvases at the first paint.
    charts = (
        "Array.from(document.querySelectorAll('canvas.dashboard-chart'))"
        ".map(c => typeof Chart !== 'undefined' && Chart.getChart(c) !== undefined)"
    )
    page.wait_for_load_state("load")
    page.wait_for_function(
        f"(() => {{ const d = {charts}; return d.length > 0 && d.every(Boolean); }})()"
    )
    drawn = page.evaluate(charts)
    assert drawn and all(drawn), drawn
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()
    shot("region")

    page.get_by_test_id("agency-table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=re.compile("Rapor"))).to_be_visible()
    expect(page.get_by_test_id("due-table")).to_be_visible()
    shot("agency")
    page_log.assert_clean()
