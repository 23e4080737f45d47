"""The coordinator generates the masterplan document as DOCX and PDF, watches the job's
progress, and downloads both; the PDF's pages are saved as PNG beside the screenshots so a
reviewer can look at them. The jobs are run by a real worker process (``jobs_worker``), as
in ``make demo``."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.usefixtures("demo_data", "jobs_worker")

# The worker process starts (imports, fonts) and renders on a machine that may be busy.
JOB_TIMEOUT_MS = 180_000


def _generate(page: Page, shot: Callable[[str], Path], button: str) -> Path:
    page.goto("/regions/17.71/document/")
    page.get_by_role("button", name=button).click()
    expect(page.get_by_test_id("job-status")).to_be_visible()
    shot(f"queued-{button.split()[-1].lower()}")
    # The worker process takes the job; the page polls (htmx) and shows the result without a
    # reload.
    expect(page.get_by_test_id("job-status")).to_have_attribute(
        "data-status", "done", timeout=JOB_TIMEOUT_MS
    )
    shot(f"done-{button.split()[-1].lower()}")
    with page.expect_download() as download:
        page.get_by_test_id("job-result").click()
    target = SCREENSHOTS / "documents" / download.value.suggested_filename
    target.parent.mkdir(parents=True, exist_ok=True)
    download.value.save_as(target)
    return target


def test_the_coordinator_generates_and_downloads_the_masterplan(
    page: Page, shot: Callable[[str], Path], log_in: Callable[..., None]
) -> None:
    page.goto("/accounts/login/")
    log_in("koordinator")
    page.goto("/regions/17.71/document/")
    expect(page.locator("main")).to_contain_text("Dokumen masterplan")
    shot("document-page")

    word = _generate(page, shot, "Buat DOCX")
    headings = [
        p.text
        for p in docx.Document(io.BytesIO(word.read_bytes())).paragraphs
        if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings[0] == "Pendahuluan"

    printed = _generate(page, shot, "Buat PDF")
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(printed.read_bytes())).pages
        ).split()
    )
    assert "Kota Bengkulu" in text
    assert re.search(r"Rp \d{1,3}(\.\d{3})+", text)

    pages = SCREENSHOTS / "documents" / "masterplan-page"
    subprocess.run(  # noqa: S603
        [
            shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
            "-png",
            "-r",
            "60",
            str(printed),
            str(pages),
        ],
        check=True,
        timeout=120,
    )
    assert list(pages.parent.glob("masterplan-page*.png"))

    page.goto("/regions/17.71/document/")
    expect(page.get_by_test_id("documents-table")).to_contain_text("PDF")
    expect(page.get_by_test_id("documents-table")).to_contain_text("DOCX")


def test_the_coordinator_writes_a_heading_and_a_bold_word_and_finds_them_in_the_pdf(
    page: Page, shot: Callable[[str], Path], log_in: Callable[..., None]
) -> None:
    page.goto("/accounts/login/")
    log_in("koordinator")
    page.goto("/regions/17.71/document/")
    section = page.locator("#background")
    editor = section.locator(".richtext-editor")
    expect(editor).to_be_visible()  # the toolbar editor replaces the plain text box
    expect(section.locator("textarea")).to_be_hidden()
    editor.click()
    section.get_by_role("button", name="Subjudul", exact=True).click()
    page.keyboard.type("Layanan Digital Terpadu")
    page.keyboard.press("Enter")
    section.get_by_role("button", name="Paragraf").click()
    page.keyboard.type("Kota ini ")
    section.get_by_role("button", name="Tebal").click()
    page.keyboard.type("berkomitmen")
    section.get_by_role("button", name="Tebal").click()
    page.keyboard.type(" penuh.")
    shot("chapter-text-editor")
    section.get_by_role("button", name="Simpan").click()
    expect(page.locator("#background .richtext-editor h3")).to_have_text("Layanan Digital Terpadu")
    expect(
        page.locator("#background .richtext-editor b, #background .richtext-editor strong")
    ).to_have_text("berkomitmen")

    printed = _generate(page, shot, "Buat PDF")
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(printed.read_bytes())).pages
        ).split()
    )
    assert "Layanan Digital Terpadu" in text
    assert "Kota ini berkomitmen penuh." in text
