"""The foundation in a real browser: log-in, language switch, region search, a region's agencies."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")

REGION_PATH = "/regions/17.71/"
AGENCIES_PATH = "/regions/17.71/agencies/"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def expect_logged_in(page: Page) -> None:
    expect(page.locator('nav form[action="/accounts/logout/"]')).to_have_count(1)


def test_coordinator_finds_kota_bengkulu_and_its_agencies(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
) -> None:
    html = page.locator("html")

    # Log in: the form is in Indonesian by default.
    page.goto("/accounts/login/")
    expect(html).to_have_attribute("lang", "id")
    expect(page.locator('nav a[href="/accounts/login/"]')).to_be_visible()
    shot("login")
    log_in("koordinator")
    expect(page).to_have_url(re.compile(r"/$"))
    expect_logged_in(page)
    shot("home")

    # English and back to Indonesian; the page stays where it was.
    page.get_by_test_id("lang-en").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("lang-en")).to_have_class(re.compile(r"\bbtn-light\b"))
    assert path_of(page) == "/"
    shot("home-en")
    page.get_by_test_id("lang-id").click()
    expect(html).to_have_attribute("lang", "id")
    expect(page.get_by_test_id("lang-id")).to_have_class(re.compile(r"\bbtn-light\b"))
    assert path_of(page) == "/"
    shot("home-id")

    # The region list, from the navigation bar.
    page.locator('nav a[href="/regions/"]').click()
    expect(page).to_have_url(re.compile(r"/regions/$"))
    table = page.locator("#region-table")
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() > 5
    shot("regions")

    # Search: htmx fetches the table (not the whole page), swaps it in and pushes the query
    # into the address bar.
    def is_htmx_search(request: Request) -> bool:
        return urlsplit(request.url).path == "/regions/" and (
            request.headers.get("hx-request") == "true"
        )

    with page.expect_request(is_htmx_search) as search:
        page.locator("#id_q").fill("Bengkulu")
        page.locator("main form").get_by_role("button").click()
    assert parse_qs(urlsplit(search.value.url).query)["q"] == ["Bengkulu"]
    expect(page).to_have_url(re.compile(r"[?&]q=Bengkulu(&|$)"))
    expect(rows.filter(has_not_text="Bengkulu")).to_have_count(0)
    expect(table.get_by_role("link", name="Kota Bengkulu", exact=True)).to_be_visible()
    assert 1 < rows.count() < 10, rows.all_inner_texts()
    shot("regions-search")

    # Kota Bengkulu's home shows the start of its agency list.
    table.get_by_role("link", name="Kota Bengkulu", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(REGION_PATH) + "$"))
    expect(page.locator("main h1")).to_have_text("Kota Bengkulu")
    agency_list = page.get_by_test_id("agency-list")
    expect(agency_list.locator("li").first).to_be_visible()
    assert agency_list.locator("li").count() >= 10
    shot("region")

    # All agencies.
    page.locator(f'main a[href="{AGENCIES_PATH}"]').click()
    expect(page).to_have_url(re.compile(re.escape(AGENCIES_PATH) + "$"))
    agency_table = page.get_by_test_id("agency-table")
    expect(agency_table).to_contain_text("Dinas Komunikasi dan Informatika")
    assert agency_table.locator("tbody tr").count() >= 30
    shot("agencies")

    page_log.assert_clean()


def test_anonymous_visitor_is_sent_to_log_in_and_back(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
) -> None:
    page.goto(AGENCIES_PATH)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?"))
    assert parse_qs(urlsplit(page.url).query)["next"] == [AGENCIES_PATH]
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.get_by_test_id("agency-table")).to_have_count(0)
    shot("login")

    log_in("koordinator")
    expect(page).to_have_url(re.compile(re.escape(AGENCIES_PATH) + "$"))
    expect(page.get_by_test_id("agency-table")).to_be_visible()
    shot("agencies")

    page_log.assert_clean()


def test_wrong_password_shows_an_error_and_stays_on_log_in(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
) -> None:
    page.goto("/accounts/login/")
    shot("login")
    log_in("koordinator", "not-the-password")
    expect(page.locator("main .alert-danger")).to_be_visible()
    assert path_of(page) == "/accounts/login/"
    expect(page.locator("#id_username")).to_have_value("koordinator")
    expect(page.locator("#id_password")).to_have_value("")
    expect(page.locator('nav form[action="/accounts/logout/"]')).to_have_count(0)
    shot("error")

    page_log.assert_clean()
