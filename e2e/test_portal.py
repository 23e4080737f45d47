"""An anonymous visitor finds Kota Bengkulu on the public portal, opens a programme, sees a
verified realisation and downloads a CSV; every public page passes axe-core (no serious or
critical violation of WCAG 2.1 A/AA), reads without JavaScript and starts with a skip link.
The signed-in navigation bar passes axe-core too (the coordinator's region home)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .accessibility import assert_accessible
from .conftest import SCREENSHOTS, attach, recorded_page
from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture
def no_script(browser: Browser, page_log: PageLog) -> Iterator[Page]:
    context = recorded_page(
        browser, page_log, {"width": 1280, "height": 900}, java_script_enabled=False
    )
    yield attach(context.new_page(), page_log)
    context.close()


def test_visitor_finds_a_region_and_its_verified_results(
    page: Page, page_log: PageLog, shot: Callable[[str], Path], tmp_path: Path
) -> None:
    page.goto("/publik/")
    assert_accessible(page)
    page.get_by_label("Cari nama atau kode").fill("bengkulu")
    page.get_by_role("button", name="Cari").click()
    shot("list")
    page.get_by_role("link", name="Kota Bengkulu").click()
    expect(page.locator("h1")).to_have_text("Kota Bengkulu")
    expect(page.locator("[data-testid=verified-value]").first).to_be_visible()
    assert_accessible(page)
    shot("region")

    page.locator("[data-testid=public-programme] a").first.click()
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    shot("programme")

    page.go_back()
    with page.expect_download() as info:
        page.locator("[data-testid=csv-indicators]").click()
    saved = tmp_path / "indicators.csv"
    info.value.save_as(saved)
    header = saved.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("region_code,indicator_code,indicator")

    page.goto("/publik/kamus-data/")
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Data dictionary")
    page_log.assert_clean()


def test_a_programme_with_a_verified_realisation(page: Page, page_log: PageLog) -> None:
    page.goto("/publik/wilayah/17.71/")
    indicator = (
        page.locator("[data-testid=public-indicator]")
        .filter(has=page.locator("[data-testid=verified-value]"))
        .filter(has=page.locator("a"))
    )
    indicator.first.locator("a").first.click()
    expect(page.locator("[data-testid=verified-realisation]").first).to_be_visible()
    page_log.assert_clean()


def test_keyboard_first_stop_is_the_skip_link(page: Page, page_log: PageLog) -> None:
    page.goto("/publik/wilayah/17.71/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page_log.assert_clean()


def test_public_pages_read_without_javascript(no_script: Page, page_log: PageLog) -> None:
    no_script.goto("/publik/?q=bengkulu")
    no_script.get_by_role("link", name="Kota Bengkulu").click()
    expect(no_script.locator("#results")).to_be_visible()
    no_script.locator("[data-testid=public-programme] a").first.click()
    expect(no_script.locator("h1")).to_be_visible()
    page_log.assert_clean()


def test_phone_screens(phone: Page, page_log: PageLog) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, url in (("list", "/publik/"), ("region", "/publik/wilayah/17.71/")):
        phone.goto(url)
        assert_accessible(phone)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} scrolls sideways on a phone ({width} px)"
        phone.screenshot(path=str(SCREENSHOTS / f"portal-phone-{name}.png"), full_page=True)
    page_log.assert_clean()


def test_the_coordinators_region_home_passes_axe(
    page: Page, page_log: PageLog, log_in: Callable[..., None]
) -> None:
    """The signed-in navigation bar (user menu, language switch) and the region home's
    cards, in both languages."""
    page.goto("/accounts/login/")
    log_in("koordinator")
    expect(page.get_by_test_id("lang-en")).to_be_visible()
    page.goto("/regions/17.71/")
    expect(page.locator("h1")).to_contain_text("Kota Bengkulu")
    assert_accessible(page)
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/regions/17\.71/$"))
    assert_accessible(page)
    page_log.assert_clean()
