"""An agency reports a realisation with evidence, the coordinator returns it, the agency
corrects it, the coordinator verifies it, and the masterplan's status changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.monitoring.demo import PREVIOUS_TITLE
from kotacerdas.monitoring.models import Indicator, Realisation
from kotacerdas.planning.models import Masterplan

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def switch_user(page: Page, log_in: Callable[..., None], username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    log_in(username)
    expect(page.locator('nav form[action="/accounts/logout/"]')).to_have_count(1)


def test_report_return_correct_verify(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    tmp_path: Path,
) -> None:
    plan = Masterplan.objects.get(title=PREVIOUS_TITLE)
    indicator = Indicator.objects.get(masterplan=plan, code="IK-GOV-02")  # 2025 not reported
    evidence = tmp_path / "rekap-spbe.pdf"
    evidence.write_bytes(PDF)
    status_url = f"/masterplans/{plan.pk}/indicators/?year=2025"

    switch_user(page, log_in, "koordinator")
    page.goto(status_url)
    row = page.locator("tr[data-testid=indicator-row]", has_text="IK-GOV-02")
    expect(row.locator("[data-testid=status]")).to_have_text("Belum dilaporkan")
    before = page.locator("[data-testid=masterplan-score]").inner_text()

    # Diskominfo reports 2025 with a file, the number written the Indonesian way.
    switch_user(page, log_in, "diskominfo")
    page.goto(f"/indicators/{indicator.pk}/")
    page.get_by_role("link", name="Laporkan realisasi").click()
    page.locator("#id_period").select_option("2025-0")
    page.locator("#id_value").fill("3,4")
    page.locator("#id_evidence_file").set_input_files(str(evidence))
    shot("report-form")
    page.get_by_role("button", name="Laporkan").click()
    expect(page.locator("main")).to_contain_text("menunggu verifikasi")

    # The coordinator returns it from the queue.
    switch_user(page, log_in, "koordinator")
    page.goto(f"/masterplans/{plan.pk}/verification/")
    queue_row = page.locator("[data-testid=queue] tr", has_text="IK-GOV-02").filter(has_text="3,4 ")
    queue_row.get_by_role("link", name="Kembalikan").click()
    page.locator("#id_comment").fill("Lampirkan SK hasil evaluasi SPBE.")
    page.get_by_role("button", name="Kembalikan ke perangkat daerah").click()
    expect(page.locator("main")).to_contain_text("dikembalikan")

    # Diskominfo corrects it with a reason.
    switch_user(page, log_in, "diskominfo")
    page.goto(f"/indicators/{indicator.pk}/")
    expect(page.locator("[data-testid=realisation-history]")).to_contain_text(
        "Lampirkan SK hasil evaluasi SPBE."
    )
    current = page.locator("tr[data-testid=realisation]", has_text="Dikembalikan")
    current.get_by_role("link", name="Koreksi").click()
    page.locator("#id_value").fill("3,45")
    page.locator("#id_reason").fill("Nilai resmi dari hasil evaluasi SPBE.")
    page.get_by_role("button", name="Laporkan koreksi").click()

    # The coordinator verifies it; the status of 2025 changes.
    switch_user(page, log_in, "koordinator")
    page.goto(f"/masterplans/{plan.pk}/verification/")
    page.locator("[data-testid=queue] tr", has_text="IK-GOV-02").filter(
        has_text="3,45"
    ).get_by_role("button", name="Verifikasi").click()
    expect(page.locator("[data-testid=queue]")).not_to_contain_text("3,45")
    page.goto(status_url)
    row = page.locator("tr[data-testid=indicator-row]", has_text="IK-GOV-02")
    expect(row.locator("[data-testid=status]")).not_to_have_text("Belum dilaporkan")
    expect(row).to_contain_text("3,45")
    assert page.locator("[data-testid=masterplan-score]").inner_text() != before
    shot("status")
    history = Realisation.objects.filter(indicator=indicator, year=2025).order_by("pk")
    assert [(r.state, r.is_current) for r in history] == [
        ("returned", False),
        ("verified", True),
    ]
    assert history[0].evidence.count() == history[1].evidence.count() == 1
    page_log.assert_clean()
