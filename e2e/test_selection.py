"""A selection round in a real browser: an assessor verifies, the national admin closes the
campaign and exports the ranking, the region reads its own result."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.framework.models import Instrument
from kotacerdas.readiness.models import Answer, Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection import services
from kotacerdas.selection.models import Application, Campaign, CampaignCriterion

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")


def _apply(campaign: Campaign, code: str, level: int) -> Application:
    region = Region.objects.get(code=code)
    assessment = Assessment.objects.create(
        region=region,
        instrument=campaign.instrument,
        year=2025,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item=item, level=level, justification="Ada SK")
        for item in campaign.instrument.items.all()
    )
    return services.submit_application(campaign, region, assessment, actor=SYSTEM)


@pytest.fixture
def campaign() -> Campaign:
    instrument = Instrument.objects.get(code="kominfo_readiness", number="2021.1")
    campaign = Campaign.objects.create(
        name="Gerakan Menuju Smart City",
        year=2026,
        instrument=instrument,
        quota=1,
        deadline=timezone.localdate() + timedelta(days=30),
        status=Campaign.Status.OPEN,
    )
    CampaignCriterion.objects.create(
        campaign=campaign,
        code="kkd",
        name="Kapasitas fiskal",
        weight=Decimal(20),
        value_min=Decimal(0),
        value_max=Decimal(4),
    )
    bengkulu = _apply(campaign, "17.71", 4)
    _apply(campaign, "13.75", 3)
    services.assign_assessor(bengkulu, User.objects.get(username="asesor"), actor=SYSTEM)
    return campaign


def test_assessor_verifies_admin_closes_and_exports_region_reads_result(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    campaign: Campaign,
) -> None:
    application = f"/campaigns/{campaign.pk}/applications/17.71/"

    # The assessor adjusts one item with a reason and completes the verification.
    page.goto(f"{application}verify/")
    log_in("asesor")
    table = page.get_by_test_id("verify-table")
    expect(table.locator("tbody tr")).to_have_count(campaign.instrument.items.count())
    expect(table).to_contain_text("Ada SK")  # the region's justification beside
    first = table.locator("tbody tr").first
    first.locator("select").select_option("1")
    first.locator("textarea").fill("SK belum ditandatangani")
    page.locator("#id_notes").fill("Wawancara dengan Diskominfo")
    page.locator("#id_complete").check()
    shot("verify")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(application) + "$"))
    expect(page.get_by_test_id("verified-score")).not_to_have_text("4,00")
    page.locator('nav form[action="/accounts/logout/"] button').click()

    # The national admin closes the campaign and exports the frozen ranking.
    page.goto(f"/campaigns/{campaign.pk}/")
    log_in("admin")
    page.get_by_test_id("close-campaign").click()
    expect(page).to_have_url(re.compile(r"/ranking/$"))
    rows = page.get_by_test_id("ranking-table").locator("tbody tr")
    expect(rows.first).to_contain_text("Kota Bengkulu")
    expect(page.get_by_test_id("quota-line")).to_have_count(1)
    shot("ranking")
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[1].startswith("1,17.71,Kota Bengkulu")
    with page.expect_download() as workbook:
        page.get_by_test_id("export-xlsx").click()
    assert workbook.value.suggested_filename.endswith(".xlsx")
    page.locator('nav form[action="/accounts/logout/"] button').click()

    # The region's coordinator sees its own result and nobody else's.
    page.goto(f"/campaigns/{campaign.pk}/ranking/")
    log_in("koordinator")
    result = page.get_by_test_id("region-result")
    expect(result).to_contain_text("Kota Bengkulu")
    expect(result).to_contain_text("1")
    expect(page.locator("main")).not_to_contain_text("Kota Bukittinggi")
    shot("result")
    page_log.assert_clean()
