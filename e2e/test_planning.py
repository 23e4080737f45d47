"""Writing a masterplan together in a real browser, from the vision to an approved version."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.config.management.demo_planning import DEMO_TITLE
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.regions.models import Agency

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")


def switch_user(page: Page, log_in: Callable[..., None], username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    log_in(username)
    expect(page.locator('nav form[action="/accounts/logout/"]')).to_have_count(1)


def test_team_writes_approves_and_compares_a_masterplan(
    page: Page, page_log: PageLog, shot: Callable[[str], Path], log_in: Callable[..., None]
) -> None:
    plan = Masterplan.objects.get(title=DEMO_TITLE)
    agency = {a.code: a.pk for a in Agency.objects.filter(region=plan.region)}

    # The coordinator writes the vision and a mission from the cycle's "Strategy" stage.
    switch_user(page, log_in, "koordinator")
    page.goto("/regions/17.71/strategy/")
    expect(page).to_have_url(re.compile(rf"/masterplans/{plan.pk}/strategy/$"))
    page.locator(f'a[href="/masterplans/{plan.pk}/strategy/vision/"]').click()
    page.locator("#id_text").fill("Bengkulu kota cerdas untuk semua")
    page.locator("main form button[type=submit]").first.click()
    page.locator("#id_mission-text").fill("Layanan publik yang cepat dan terbuka")
    page.locator(f'form[action="/masterplans/{plan.pk}/strategy/missions/new/"] button').click()
    expect(page.get_by_test_id("vision")).to_have_text("Bengkulu kota cerdas untuk semua")
    expect(page.get_by_test_id("strategy-tree")).to_contain_text("Layanan publik yang cepat")
    shot("strategy")

    # The health agency's editor adds a programme with two supporting agencies and funding.
    switch_user(page, log_in, "dinkes")
    page.goto(f"/masterplans/{plan.pk}/programmes/new/")
    page.locator("#id_code").fill("LIV-09")
    page.locator("#id_name").fill("Ambulans Gawat Darurat Terpadu")
    living = plan.framework.dimensions.get(code="living")
    page.locator("#id_dimension").select_option(str(living.pk))
    page.locator("#id_horizon").select_option("short")
    page.locator("#id_start_year").fill("2026")
    page.locator("#id_end_year").fill("2027")
    page.locator("#id_lead_agency").select_option(str(agency["dinkes"]))
    page.locator("#id_supports-0-agency").select_option(str(agency["diskominfo"]))
    page.locator("#id_supports-0-role").fill("Aplikasi dan call center")
    page.locator("#id_supports-1-agency").select_option(str(agency["dishub"]))
    page.locator("#id_funding-0-source").select_option("apbd")
    page.locator("#id_funding-0-year").fill("2026")
    page.locator("#id_funding-0-amount").fill("250000000")
    page.locator("#id_funding-1-source").select_option("csr")
    page.locator("#id_funding-1-year").fill("2027")
    page.locator("#id_funding-1-amount").fill("50000000")
    shot("programme-form")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h2").first).to_contain_text("Ambulans Gawat Darurat Terpadu")
    expect(page.get_by_test_id("funding")).to_contain_text("Rp 250.000.000")
    programme = Programme.objects.get(code="LIV-09")
    assert programme.supports.count() == 2

    # The team scores it for the quick-win ranking.
    page.goto(f"/masterplans/{plan.pk}/quick-wins/")
    first = page.locator(f'input[name^="s-{programme.pk}-"]')
    for n in range(first.count()):
        first.nth(n).fill("4")
    page.get_by_test_id("save-scores").click()
    expect(page.get_by_test_id("quickwin-ranking")).to_contain_text("LIV-09")
    assert programme.quick_win_scores.count() == first.count()

    # The roadmap shows it, in the table and in the Gantt chart.
    page.goto(f"/masterplans/{plan.pk}/roadmap/")
    expect(page.get_by_test_id("roadmap-table")).to_contain_text("LIV-09")
    expect(page.locator("#gantt svg").first).to_be_visible()
    expect(page.locator("#gantt")).to_contain_text("LIV-09")
    shot("roadmap")

    # The coordinator submits, a council member approves.
    switch_user(page, log_in, "koordinator")
    page.goto(f"/masterplans/{plan.pk}/")
    page.get_by_test_id("submit-masterplan").click()
    expect(page.get_by_test_id("gap-goal")).to_contain_text("LIV-09")  # serves no goal yet
    page.get_by_test_id("confirm-submit").click()
    expect(page.get_by_test_id("masterplan-status")).to_have_text("Dalam reviu")
    switch_user(page, log_in, "dewan")
    page.goto(f"/masterplans/{plan.pk}/")
    expect(page.locator(f'a[href="/masterplans/{plan.pk}/edit/"]')).to_have_count(0)
    page.locator(f'form[action="/masterplans/{plan.pk}/approve/"] button').click()
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.versions.count() == 1

    # A new draft changes the programme; the versions page compares it with the approved one.
    switch_user(page, log_in, "koordinator")
    page.goto(f"/masterplans/{plan.pk}/")
    page.locator(f'form[action="/masterplans/{plan.pk}/new-draft/"] button').click()
    page.goto(f"/programmes/{programme.pk}/edit/")
    page.locator("#id_name").fill("Ambulans Gawat Darurat 112")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h2").first).to_contain_text("Ambulans Gawat Darurat 112")
    page.goto(f"/masterplans/{plan.pk}/versions/")
    page.locator(f'a[href^="/masterplans/{plan.pk}/versions/compare/"]').first.click()
    section = page.get_by_test_id("section-programmes")
    expect(section).to_contain_text("Ambulans Gawat Darurat Terpadu")
    expect(section).to_contain_text("Ambulans Gawat Darurat 112")
    shot("compare")
    page_log.assert_clean()
