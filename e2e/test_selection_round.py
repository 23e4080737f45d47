"""The whole first stage in one browser session, as the issue describes it: a coordinator
answers two dimensions with evidence, watches the radar, adds a SWOT entry and submits;
the region applies to the national campaign; an assessor verifies; the national admin
closes the campaign and exports the ranking."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.models import Instrument
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection import services
from kotacerdas.selection.models import Campaign

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def campaign() -> Campaign:
    """An open campaign with one other applicant: Kabupaten Buleleng, whose demo
    assessment is already submitted."""
    campaign = Campaign.objects.create(
        name="Gerakan Menuju Smart City 2026",
        year=2026,
        instrument=Instrument.objects.get(code="kominfo_readiness", number="2021.1"),
        quota=1,
        deadline=timezone.localdate() + timedelta(days=30),
        status=Campaign.Status.OPEN,
    )
    buleleng = Region.objects.get(code="51.08")
    services.submit_application(
        campaign, buleleng, Assessment.objects.get(region=buleleng), actor=SYSTEM
    )
    return campaign


def log_out(page: Page) -> None:
    page.locator('nav form[action="/accounts/logout/"] button').click()


def test_from_readiness_answers_to_the_exported_ranking(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    tmp_path: Path,
    campaign: Campaign,
) -> None:
    page.goto("/regions/17.71/readiness/")
    log_in("koordinator")
    page.locator("main table a").first.click()
    page.get_by_role("link", name="Kuesioner").click()

    # Two dimensions the demo left open; every item of both at level 5.
    radar = page.locator("canvas.radar-chart")
    for dimension in ("living", "society"):
        page.get_by_test_id(f"dimension-{dimension}").click()
        shape = radar.get_attribute("data-current") or ""
        cards = page.locator("article.answer-card")
        for index in range(cards.count()):
            cards.nth(index).locator("input[type=radio][value='5']").check()
            expect(cards.nth(index).get_by_role("status")).to_be_visible()
        expect(radar).not_to_have_attribute("data-current", shape)
    shot("answered")

    evidence = tmp_path / "perwal-smart-city.pdf"
    evidence.write_bytes(PDF)
    first = page.locator("article.answer-card").first
    first.locator("summary", has_text="Tambah bukti dukung").click()
    first.locator("input[type=file]").set_input_files(str(evidence))
    first.get_by_role("button", name="Lampirkan").click()
    expect(
        page.locator("article.answer-card").first.get_by_test_id("evidence-list")
    ).to_contain_text("perwal-smart-city.pdf")

    page.get_by_role("link", name="SWOT").click()
    page.locator("#id_kind").select_option("opportunity")
    page.locator("#id_text").fill("Pendampingan Gerakan Menuju Smart City tahun 2026.")
    page.get_by_test_id("swot-save").click()
    expect(page.get_by_test_id("swot-opportunity")).to_contain_text("O2")

    page.get_by_role("link", name="Skor").click()
    page.get_by_test_id("submit-assessment").click()
    page.get_by_test_id("confirm-submit").click()  # the check page before submitting
    expect(page.get_by_test_id("assessment-status")).to_have_text("Diajukan")

    # The region applies with the assessment it just submitted.
    page.goto("/campaigns/")
    page.get_by_role("link", name="Daftar untuk Kota Bengkulu").click()
    page.locator("#id_assessment").select_option(index=1)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("status").filter(has_text="Pendaftaran diajukan")).to_be_visible()
    shot("applied")
    log_out(page)

    # The national admin assigns the assessor.
    page.goto(f"/campaigns/{campaign.pk}/assessors/")
    log_in("admin")
    page.locator("#id_application").select_option(label="17.71 Kota Bengkulu")
    page.locator("#id_assessor").select_option(index=1)
    page.get_by_role("button", name="Tugaskan").click()
    expect(page.get_by_test_id("assignment-table")).to_contain_text("Kota Bengkulu")
    log_out(page)

    # The assessor lowers one item with a reason and completes the verification.
    application = f"/campaigns/{campaign.pk}/applications/17.71/"
    page.goto(f"{application}verify/")
    log_in("asesor")
    row = page.get_by_test_id("verify-table").locator("tbody tr").first
    row.locator("select").select_option("1")
    row.locator("textarea").fill("Bukti dukung belum ditandatangani")
    page.locator("#id_notes").fill("Wawancara dengan Diskominfo, 20 November")
    page.locator("#id_complete").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(application) + "$"))
    shot("verified")
    log_out(page)

    # The national admin closes the campaign and exports the frozen ranking.
    page.goto(f"/campaigns/{campaign.pk}/")
    log_in("admin")
    page.get_by_test_id("close-campaign").click()
    expect(page).to_have_url(re.compile(r"/ranking/$"))
    table = page.get_by_test_id("ranking-table")
    expect(table).to_contain_text("Kota Bengkulu")
    expect(table).to_contain_text("Kabupaten Buleleng")
    shot("ranking")
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3 and any("17.71" in line for line in lines[1:])
    with page.expect_download() as workbook:
        page.get_by_test_id("export-xlsx").click()
    assert workbook.value.suggested_filename.endswith(".xlsx")
    page_log.assert_clean()
