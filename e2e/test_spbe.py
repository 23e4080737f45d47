"""An SPBE self-assessment shows its predicate and the next steps to the next band; the
responsible agency raises a level with evidence and the index follows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.evaluation.spbe_models import SpbeAssessment

from .pagelog import PageLog
from .test_monitoring import switch_user

pytestmark = pytest.mark.usefixtures("demo_data")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_predicate_next_steps_and_a_raised_level(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    tmp_path: Path,
) -> None:
    assessment = SpbeAssessment.objects.get(region__code="17.71")
    score = assessment.scores.get(indicator__number=11)
    evidence = tmp_path / "perwal-arsitektur-spbe.pdf"
    evidence.write_bytes(PDF)

    switch_user(page, log_in, "koordinator")
    page.goto("/regions/17.71/spbe/")
    page.get_by_role("link", name=str(assessment.year)).click()
    expect(page.locator("[data-testid=predicate]")).to_have_text("Baik")
    before = page.locator("[data-testid=index]").inner_text()
    steps = page.locator("table[data-testid=next-steps]")
    expect(page.locator("main")).to_contain_text("Untuk mencapai Sangat Baik")
    expect(steps.locator("tbody tr").first).to_be_visible()
    shot("next-steps")

    # Diskominfo, responsible for the architecture indicator, raises it with evidence.
    switch_user(page, log_in, "diskominfo")
    page.goto(f"/spbe/scores/{score.pk}/")
    page.locator("#id_title").fill("Perwal Arsitektur SPBE")
    page.locator("#id_file").set_input_files(str(evidence))
    page.get_by_role("button", name="Tambah bukti dukung").click()
    expect(page.locator("main")).to_contain_text("Perwal Arsitektur SPBE")
    page.locator("#id_level").select_option("5")
    page.locator("#id_explanation").fill("Perwal arsitektur SPBE ditetapkan dan dievaluasi.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("[data-testid=predicate]")).to_be_visible()
    assert page.locator("[data-testid=index]").inner_text() != before

    # The coordinator asks what it takes to reach Memuaskan.
    switch_user(page, log_in, "koordinator")
    page.goto(f"/spbe/{assessment.pk}/")
    page.locator("#id_target").select_option("memuaskan")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("main")).to_contain_text("Untuk mencapai Memuaskan")
    shot("target-memuaskan")
    score.refresh_from_db()
    assert (score.level, score.evidence.count()) == (5, 1)
    page_log.assert_clean()
