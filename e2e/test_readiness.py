"""Readiness in a real browser: answer two dimensions, attach evidence, watch the radar
follow, draft a SWOT weakness from a gap, submit; the assessor then reads it, read-only."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def answer(page: Page, card_index: int, level: int) -> None:
    """Choose a level on one item card and wait for the saved badge htmx brings back."""
    card = page.locator("article.answer-card").nth(card_index)
    card.locator(f"input[type=radio][value='{level}']").check()
    expect(
        page.locator("article.answer-card").nth(card_index).get_by_role("status")
    ).to_be_visible()


def test_coordinator_answers_submits_and_assessor_reads(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    tmp_path: Path,
) -> None:
    page.goto("/accounts/login/")
    log_in("koordinator")
    page.goto("/regions/17.71/")
    page.get_by_role("link", name=re.compile("Kesiapan")).first.click()
    expect(page.get_by_role("heading", name="Analisis kesiapan")).to_be_visible()
    page.locator("main table a").first.click()
    expect(page.get_by_test_id("assessment-status")).to_have_text("Draf")
    shot("scores")

    # Two dimensions that the demo left unanswered: Smart Living and Smart Society.
    page.get_by_role("link", name="Kuesioner").click()
    radar = page.locator("canvas.radar-chart")
    for dimension in ("living", "society"):
        page.get_by_test_id(f"dimension-{dimension}").click()
        expect(page.get_by_test_id(f"dimension-{dimension}")).to_have_class(re.compile("active"))
        before = page.get_by_test_id("overall-score").inner_text()
        shape_before = radar.get_attribute("data-current")
        answer(page, 0, 4)
        answer(page, 1, 3)
        expect(page.get_by_test_id("overall-score")).not_to_have_text(before)
        expect(radar).not_to_have_attribute("data-current", shape_before or "")
    shot("answered")

    # The answers survive a reload.
    page.reload()
    first = page.locator("article.answer-card").first
    expect(first.locator("input[type=radio][value='4']")).to_be_checked()

    # Evidence: a PDF on the first Smart Society item; a wrong file type is refused.
    evidence = tmp_path / "sk-tim-smart-city.pdf"
    evidence.write_bytes(PDF)
    first.locator("summary", has_text="Tambah bukti dukung").click()
    first.locator("input[type=file]").set_input_files(str(evidence))
    first.get_by_role("button", name="Lampirkan").click()
    expect(page.get_by_role("status").filter(has_text="Bukti dukung ditambahkan")).to_be_visible()
    first = page.locator("article.answer-card").first
    expect(first.get_by_test_id("evidence-list")).to_contain_text("sk-tim-smart-city.pdf")
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ\x90\x00")
    first.locator("summary", has_text="Tambah bukti dukung").click()
    first.locator("input[type=file]").set_input_files(str(bad))
    first.get_by_role("button", name="Lampirkan").click()
    expect(page.get_by_role("status").filter(has_text="bukan jenis berkas")).to_be_visible()
    shot("evidence")

    # SWOT: a gap from the scores page becomes a draft weakness.
    page.get_by_role("link", name="Skor").click()
    page.get_by_test_id("gap-list").get_by_role("link").first.click()
    expect(page.locator("#id_kind")).to_have_value("weakness")
    page.get_by_test_id("swot-save").click()
    expect(page.get_by_test_id("swot-weakness")).to_contain_text("W2")  # the demo has W1
    shot("swot")

    page.get_by_role("link", name="Skor").click()
    page.get_by_test_id("submit-assessment").click()
    page.get_by_test_id("confirm-submit").click()  # the checklist page, then submit anyway
    expect(page.get_by_test_id("assessment-status")).to_have_text("Diajukan")
    shot("submitted")

    # The assessor reads the submitted assessment; nothing can be answered any more.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    log_in("asesor")
    page.goto("/regions/17.71/readiness/")
    page.locator("main table a").first.click()
    expect(page.get_by_role("link", name="Kembalikan untuk perbaikan")).to_be_visible()
    page.get_by_role("link", name="Kuesioner").click()
    expect(page.locator("article.answer-card input[type=radio]")).to_have_count(0)
    shot("assessor")
    page_log.assert_clean()


def test_autosave_keeps_the_console_clean(
    page: Page, page_log: PageLog, log_in: Callable[..., None]
) -> None:
    """Each answer saves through htmx; no save may trip the strict CSP (htmx's indicator
    styles, Chart.js redrawing the radar) or log any console error."""
    page.goto("/accounts/login/")
    log_in("koordinator")
    page.goto("/regions/17.71/readiness/")
    page.locator("main table a").first.click()
    page.get_by_role("link", name="Kuesioner").click()
    page.get_by_test_id("dimension-living").click()
    expect(page.get_by_test_id("dimension-living")).to_have_class(re.compile("active"))
    page.evaluate(
        """window.__csp = [];
        document.addEventListener('securitypolicyviolation',
            (e) => window.__csp.push(e.violatedDirective + ' ' + e.sourceFile));"""
    )
    for card, level in ((0, 2), (1, 3), (0, 4), (1, 1)):
        answer(page, card, level)
    expect(page.locator("canvas.radar-chart")).to_be_visible()
    assert page.evaluate("window.__csp") == []
    page_log.assert_clean()
