"""The yearly evaluation: the region fills and submits its self-assessment, the assigned
assessor adjusts a score with a reason and writes the three-part report, closes
verification, and the index appears with its formula."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import EvaluationInstrument
from kotacerdas.regions.models import Region

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")


def switch_user(page: Page, log_in: Callable[..., None], username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    log_in(username)
    expect(page.locator('nav form[action="/accounts/logout/"]')).to_have_count(1)


def test_fill_submit_verify_and_see_the_index(
    page: Page, page_log: PageLog, shot: Callable[[str], Path], log_in: Callable[..., None]
) -> None:
    region = Region.objects.get(code="17.71")
    evaluation_round = services.open_round(
        actor=SYSTEM,
        year=2025,
        instrument=EvaluationInstrument.objects.get(number="2024"),
        regions=[region],
    )
    services.assign_assessor(
        evaluation_round, region, User.objects.get(username="asesor"), actor=SYSTEM
    )

    # The coordinator starts the 2025 self-assessment and scores every criterion.
    switch_user(page, log_in, "koordinator")
    page.goto("/regions/17.71/evaluations/")
    page.locator("#id_year").select_option("2025")
    page.get_by_role("button", name="Mulai").click()
    expect(page.locator("main")).to_contain_text("Penilaian mandiri dimulai.")
    selects = page.locator("select[name^=score__]")
    expect(selects).to_have_count(30)
    for index in range(selects.count()):
        selects.nth(index).select_option("3")
    page.locator("[name=narrative__outcome__governance]").fill("Sebagian besar program berjalan.")
    shot("self-assessment")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text("Nilai tersimpan.")
    page.get_by_role("link", name="Kembali").click()
    page.get_by_role("button", name="Ajukan ke asesor").click()
    expect(page.locator("[data-testid=evaluation-status]")).to_have_text("Diajukan")
    expect(page.locator("[data-testid=self-formula]")).to_contain_text("3,00")

    # The assigned assessor lowers one score: a reason is asked for, then accepted.
    switch_user(page, log_in, "asesor")
    page.goto("/regions/17.71/evaluations/")
    page.get_by_role("link", name="2025").click()
    page.get_by_role("link", name="Verifikasi nilai").click()
    page.locator("[name=score__outcome__governance]").select_option("2")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text("Nilai yang diubah memerlukan alasan.")
    page.locator("[name=reason__outcome__governance]").fill("Peraturan belum ditetapkan.")
    page.locator("[name=notes]").fill("Wawancara dengan Bappeda.")
    shot("verification")
    page.get_by_role("button", name="Simpan").click()

    # The three-part report, for every dimension.
    expect(page.locator("main")).to_contain_text("Nilai verifikasi tersimpan.")
    for part, text in (
        ("weaknesses", "Data belum terpadu."),
        ("strengths", "Komitmen pimpinan kuat."),
        ("recommendations", "Bangun satu data daerah."),
    ):
        fields = page.locator(f"textarea[name^={part}__]")
        for index in range(fields.count()):
            fields.nth(index).fill(text)
    shot("report")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text("Laporan tersimpan.")
    page.get_by_role("button", name="Tutup verifikasi").click()
    expect(page.locator("[data-testid=evaluation-status]")).to_have_text("Terverifikasi")

    # The index with its formula: outcome's mean falls to 2,83…, the index to 2,95.
    formula = page.locator("[data-testid=formula]")
    expect(formula).to_contain_text("0,10 × 3,00")
    expect(formula).to_contain_text("0,30 × 2,83")
    expect(formula).to_contain_text("= 2,95")
    expect(page.locator("main")).to_contain_text("Peraturan belum ditetapkan.")
    expect(page.locator("[data-testid=report-governance]")).to_contain_text("Bangun satu data")
    shot("result")
    page_log.assert_clean()
