"""The coordinator opens the region's monitoring dashboard, follows "Laporan" and asks for the
monitoring report of the year as PDF and as XLSX; a real worker process (``jobs_worker``)
generates each while the job's page shows its progress, and the coordinator downloads both.
The PDF's pages are saved as PNG beside the screenshots so a reviewer can look at them."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from kotacerdas.monitoring.models import Indicator

from .conftest import SCREENSHOTS
from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data", "jobs_worker")

# The worker process starts (imports, fonts) and renders on a machine that may be busy.
JOB_TIMEOUT_MS = 180_000
REGION = "17.71"


def _generate(page: Page, shot: Callable[[str], Path], button: str, step: str) -> Path:
    """On the reports page: ask for the report, watch its job to the end, download it."""
    expect(page.get_by_test_id("report-generate")).to_be_visible()
    page.get_by_test_id("report-generate").get_by_role("button", name=button).click()
    status = page.get_by_test_id("job-status")
    expect(status).to_be_visible()
    shot(f"{step}-queued")
    # The worker process takes the job; the page polls (htmx) and shows the result without a
    # reload.
    expect(status).to_have_attribute("data-status", "done", timeout=JOB_TIMEOUT_MS)
    shot(f"{step}-done")
    with page.expect_download() as download:
        page.get_by_test_id("job-result").click()
    target = SCREENSHOTS / "documents" / download.value.suggested_filename
    target.parent.mkdir(parents=True, exist_ok=True)
    download.value.save_as(target)
    return target


def test_the_coordinator_generates_and_downloads_the_monitoring_report(
    page: Page, page_log: PageLog, shot: Callable[[str], Path], log_in: Callable[..., None]
) -> None:
    page.goto("/accounts/login/")
    log_in("koordinator")
    page.goto(f"/regions/{REGION}/dashboard/")
    page.get_by_test_id("reports-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporan")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kota Bengkulu")
    year = page.locator("#id_year").input_value()
    shot("reports-page")

    printed = _generate(page, shot, "Buat PDF", "pdf")
    assert printed.suffix == ".pdf"
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(printed.read_bytes())).pages
        ).split()
    )
    assert "Kota Bengkulu" in text
    assert "Ringkasan" in text
    assert "Indikator per dimensi" in text
    assert year in text

    pages = SCREENSHOTS / "documents" / "monitoring-report-page"
    for old in pages.parent.glob(f"{pages.name}*.png"):
        old.unlink()
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
    assert list(pages.parent.glob(f"{pages.name}*.png"))

    page.goto(f"/regions/{REGION}/reports/")
    sheet = _generate(page, shot, "Buat XLSX", "xlsx")
    assert sheet.suffix == ".xlsx"
    book = openpyxl.load_workbook(io.BytesIO(sheet.read_bytes()), read_only=True)
    rows = [
        [str(cell) for cell in row if cell is not None]
        for row in book["Indikator"].iter_rows(values_only=True)
    ]
    book.close()
    indicator = (
        Indicator.objects.filter(masterplan__region__code=REGION, masterplan__status="published")
        .order_by("code")
        .first()
    )
    assert indicator is not None
    assert [indicator.code, indicator.name] in [row[:2] for row in rows]

    page.goto(f"/regions/{REGION}/reports/")
    table = page.get_by_test_id("reports-table")
    expect(table).to_contain_text("PDF")
    expect(table).to_contain_text("XLSX")
    shot("reports-list")
    page_log.assert_clean()
