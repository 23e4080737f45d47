"""The programme office makes a cohort from a closed campaign, schedules stage I for Kota
Bengkulu with an expert and imports the sign-in sheet; the region submits its readiness
assessment, and the pipeline shows stage I's deliverables complete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.framework.models import InstrumentAspect
from kotacerdas.guidance.models import Attendance, Cohort, Expert
from kotacerdas.readiness import services as readiness
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection.models import Campaign, RankingEntry

from .pagelog import PageLog
from .test_monitoring import switch_user

pytestmark = pytest.mark.usefixtures("demo_data")


def _closed_campaign() -> Campaign:
    """The 2026 round, closed: Kota Bengkulu selected, 37th of those ranked."""
    assessment = Assessment.objects.filter(region__code="17.71").latest("year")
    campaign = Campaign.objects.create(
        name="Gerakan Menuju Smart City 2026",
        year=2026,
        instrument=assessment.instrument,
        quota=47,
        deadline="2026-04-14",
        status=Campaign.Status.CLOSED,
    )
    regions = list(Region.objects.filter(kind="kota").exclude(code="17.71").order_by("code")[:40])
    regions.insert(36, Region.objects.get(code="17.71"))
    RankingEntry.objects.bulk_create(
        RankingEntry(
            campaign=campaign,
            region=region,
            application_status="submitted",
            rank=n,
            self_score=0,
            verified_score=0,
            total=0,
            selected=n <= 37,
        )
        for n, region in enumerate(regions, start=1)
    )
    return campaign


def _swot_per_aspect() -> Assessment:
    """The region's SWOT names each aspect (entered before the session)."""
    assessment = Assessment.objects.filter(region__code="17.71").latest("year")
    for aspect in InstrumentAspect.objects.filter(instrument=assessment.instrument):
        readiness.create_swot_entry(
            assessment,
            kind="weakness",
            text=f"Kelemahan {aspect.code}",
            aspect=aspect,
            actor=SYSTEM,
        )
    return assessment


def _sign_in_sheet(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Daftar Hadir"
    sheet.append(["Tanggal", "Kelompok", "OPD", "Organisasi", "Peserta", "Kehadiran"])
    sheet.append(["2026-07-06", "OPD", "diskominfo", "", "Kepala Dinas", "luring"])
    sheet.append(["2026-07-06", "Kecamatan", "", "Kecamatan Gading Cempaka", "Camat", "luring"])
    sheet.append(["2026-07-06", "Akademisi", "", "Universitas Bengkulu", "Dosen", "daring"])
    book.save(path)
    return path


def test_cohort_session_attendance_and_stage_one_complete(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    tmp_path: Path,
) -> None:
    campaign = _closed_campaign()
    assessment = _swot_per_aspect()
    expert = Expert.objects.create(
        name="Tenaga Ahli Universitas",
        institution="Universitas",
        user=User.objects.get(username="asesor"),
    )

    # The programme office makes the cohort from the closed campaign.
    switch_user(page, log_in, "admin")
    page.goto("/guidance/cohorts/")
    page.locator("#id_campaign").select_option(str(campaign.pk))
    page.get_by_test_id("create-cohort").click()
    expect(page.get_by_test_id("pipeline")).to_contain_text("Kota Bengkulu")
    cohort = Cohort.objects.get(campaign=campaign)
    shot("pipeline-new")

    # Stage I for Kota Bengkulu, with the expert.
    page.goto("/regions/17.71/guidance/")
    expect(page.get_by_test_id("cohort-rank")).to_contain_text("37")
    page.get_by_role("link", name="Jadwalkan sesi").click()
    page.locator("#id_stage").select_option("1")
    page.locator("#id_title").fill("Bimtek Tahap I: Masterplan dan Quick Win")
    page.locator("#id_starts_on").fill("2026-07-06")
    page.locator("#id_ends_on").fill("2026-07-06")
    page.locator("#id_venue").fill("Ruang rapat kantor wali kota")
    page.locator("#id_city").fill("Bengkulu")
    page.locator("#id_opened_by").fill("Wakil wali kota")
    page.locator("#id_experts").select_option(str(expert.pk))
    shot("session-form")
    page.get_by_test_id("save-session").click()
    expect(page.locator("main h1")).to_have_text("Bimtek Tahap I: Masterplan dan Quick Win")

    # The sign-in sheet.
    page.get_by_role("link", name="Impor daftar hadir").click()
    page.locator("#id_file").set_input_files(str(_sign_in_sheet(tmp_path / "hadir.xlsx")))
    page.get_by_test_id("import").click()
    expect(page.get_by_test_id("people")).to_contain_text("Universitas Bengkulu")
    assert Attendance.objects.filter(session__member__cohort=cohort).count() == 3
    shot("session-attendance")

    # The region submits its readiness assessment.
    switch_user(page, log_in, "koordinator")
    page.goto(f"/readiness/{assessment.pk}/submit/")
    page.get_by_test_id("confirm-submit").click()
    page.goto("/regions/17.71/guidance/")
    expect(page.get_by_test_id("stage-1")).to_contain_text("Keluaran lengkap")
    shot("region-guidance")

    # The pipeline shows stage I's deliverables complete.
    switch_user(page, log_in, "admin")
    page.goto(f"/guidance/cohorts/{cohort.pk}/")
    cell = page.locator("tr[data-region='17.71'] td[data-stage='1']")
    expect(cell).to_contain_text("Keluaran lengkap")
    expect(cell).to_contain_text("terlaksana")  # held on 6 July 2026
    shot("pipeline-stage-one-complete")
    page_log.assert_clean()
