"""The roadmap Gantt in a browser: it spans the plan's period, in years or in months, with a
legend, coloured bars, marked quick wins and milestones, and an Indonesian "Today"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.config.management.demo_planning import DEMO_TITLE
from kotacerdas.planning.models import Masterplan, Milestone, Programme

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")


def headers(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("#gantt .lower-text").all_inner_texts()]


def test_the_gantt_spans_the_period_with_a_legend_and_marks(
    page: Page, page_log: PageLog, shot: Callable[[str], Path], log_in: Callable[..., None]
) -> None:
    plan = Masterplan.objects.get(title=DEMO_TITLE)  # 2025–2029, whole-year programmes
    quick_wins = Programme.objects.filter(masterplan=plan, is_quick_win=True).count()
    first = Programme.objects.filter(masterplan=plan).order_by("code").first()
    assert first is not None and quick_wins
    Milestone.objects.create(programme=first, name="Peluncuran", year=first.start_year)
    page.goto("/accounts/login/")
    log_in("koordinator")

    page.goto(f"/masterplans/{plan.pk}/roadmap/")
    expect(page.locator("#gantt svg").first).to_be_visible()
    assert headers(page) == ["2025", "2026", "2027", "2028", "2029"]
    expect(page.locator("#gantt .today-button")).to_have_text("Hari ini")
    legend = page.get_by_test_id("roadmap-legend")
    for dimension in plan.framework.dimensions.all():
        expect(legend).to_contain_text(dimension.name_id)
    expect(legend).to_contain_text("Quick win")
    expect(legend).to_contain_text("Tonggak capaian")
    assert page.locator('#gantt .bar-wrapper[class*="-qw"]').count() == quick_wins
    expect(page.locator("#gantt .bar-wrapper.gantt-milestone")).to_have_count(1)
    # Two dimensions' bars differ in colour.
    fills = page.evaluate(
        """Array.from(document.querySelectorAll('#gantt .bar-wrapper[class*="roadmap-dim"] .bar'))
            .map((bar) => getComputedStyle(bar).fill)"""
    )
    assert len(set(fills)) >= 6
    shot("years")

    # A programme that starts in a quarter turns the chart to months, still January 2025 to
    # December 2029.
    Programme.objects.filter(pk=first.pk).update(start_quarter=2)
    page.reload()
    expect(page.locator("#gantt svg").first).to_be_visible()
    months = headers(page)
    assert len(months) == 60 and months[0] == "Januari" and months[-1] == "Desember"
    shot("months")
    page_log.assert_clean()
