"""Public consultation in the browser: the coordinator opens the demo draft, a citizen
without an account leaves an aspiration, the coordinator answers it, and the answer shows
on the public page (desktop and phone screenshots in e2e/screenshots/)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.config.management.demo_planning import DEMO_TITLE
from kotacerdas.planning.models import Masterplan
from kotacerdas.portal.models import Aspiration, Consultation

from .accessibility import assert_accessible
from .conftest import SCREENSHOTS
from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")

WIB = ZoneInfo("Asia/Jakarta")


def switch_user(page: Page, log_in: Callable[..., None], username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    log_in(username)
    expect(page.locator('nav form[action="/accounts/logout/"]')).to_have_count(1)


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%dT%H:%M")


def test_aspiration_answered_and_shown(
    page: Page,
    phone: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    settings: Any,
) -> None:
    settings.CONSULTATION_MIN_SECONDS = 0  # the browser fills the form faster than a person
    plan = Masterplan.objects.get(title=DEMO_TITLE)
    assert plan.status == "draft"
    now = dt.datetime.now(dt.UTC)

    # The coordinator opens the whole draft for two weeks.
    switch_user(page, log_in, "koordinator")
    page.goto("/regions/17.71/konsultasi/")
    page.get_by_role("link", name="Buka konsultasi publik").click()
    page.locator("#id_masterplan").select_option(str(plan.pk))
    page.locator("#id_title").fill("Konsultasi Publik Draf Masterplan")
    page.locator("#id_opens_at").fill(_local(now - dt.timedelta(hours=1)))
    page.locator("#id_closes_at").fill(_local(now + dt.timedelta(days=14)))
    shot("open-form")
    page.get_by_role("button", name="Buka konsultasi").click()
    expect(page.locator("main")).to_contain_text("Konsultasi publik sudah disiapkan.")

    # A citizen, not signed in, finds it and writes an aspiration on a programme.
    page.context.clear_cookies()
    page.goto("/publik/konsultasi/")
    assert_accessible(page)
    page.get_by_role("link", name="Konsultasi Publik Draf Masterplan").click()
    expect(page.locator("[data-testid=programme]").first).to_be_visible()
    assert_accessible(page)  # the page with the comment form
    target = page.locator("#id_target option").nth(page.locator("#id_target option").count() - 1)
    page.locator("#id_target").select_option(target.get_attribute("value"))
    page.locator("#id_text").fill("Mohon <b>layanan</b> malam hari di puskesmas.")
    page.locator("#id_name").fill("Sari")
    page.locator("#id_contact").fill("sari@contoh.invalid")
    shot("aspiration-form")
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.locator("main")).to_contain_text("Terima kasih. Aspirasi Anda sudah diterima")
    expect(page.locator("main")).not_to_contain_text("malam hari di puskesmas")  # not moderated yet

    # The coordinator answers it: answering publishes it.
    switch_user(page, log_in, "koordinator")
    aspiration = Aspiration.objects.get()
    page.goto(f"/regions/17.71/konsultasi/{aspiration.consultation_id}/")
    card = page.locator("[data-testid=moderated-aspiration]").first
    expect(card).to_contain_text("sari@contoh.invalid")  # the team sees the contact
    card.locator("textarea[name=answer]").fill("Terima kasih, layanan malam masuk program P-LIV.")
    card.get_by_role("button", name="Jawab").click()
    expect(page.locator("main")).to_contain_text("Jawaban dipublikasikan.")
    shot("moderation")

    # Anyone sees the aspiration, as text, with the answer; never the contact.
    page.context.clear_cookies()
    page.goto(f"/publik/konsultasi/{aspiration.consultation_id}/")
    shown = page.locator("[data-testid=aspiration]")
    expect(shown).to_contain_text("Mohon <b>layanan</b> malam hari di puskesmas.")
    expect(shown.locator("[data-testid=answer]")).to_contain_text("layanan malam masuk program")
    expect(page.locator("main")).not_to_contain_text("sari@contoh.invalid")
    assert_accessible(page)
    shot("public-answer")

    phone.goto(f"/publik/konsultasi/{aspiration.consultation_id}/")
    expect(phone.locator("[data-testid=answer]")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "phone-consultation.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

    # After the period: the counts and the answers, no form; still accessible.
    Consultation.objects.filter(pk=aspiration.consultation_id).update(
        opens_at=now - dt.timedelta(days=20), closes_at=now - dt.timedelta(days=1)
    )
    page.goto(f"/publik/konsultasi/{aspiration.consultation_id}/")
    expect(page.locator("#id_text")).to_have_count(0)
    expect(page.locator("[data-testid=counts]")).to_contain_text("1")
    expect(shown.locator("[data-testid=answer]")).to_contain_text("layanan malam masuk program")
    assert_accessible(page)
    shot("after-period")
    page_log.assert_clean()


def test_library_search_and_copy_into_the_draft(
    page: Page,
    phone: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
) -> None:
    """Anyone searches the library; the coordinator copies a published programme (from the
    region's previous masterplan) into the current draft and lands on the new programme."""
    draft = Masterplan.objects.get(title=DEMO_TITLE)
    page.goto("/pustaka-program/")
    page.locator("#id_dimension").select_option("living")
    page.locator("#id_q").fill("kesehatan")
    page.get_by_role("button", name="Cari", exact=True).click()
    rows = page.locator("[data-testid=library-programme]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Layanan Kesehatan Primer Terhubung")
    shot("library-search")
    phone.goto("/pustaka-program/?dimension=living")
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "phone-library.png"), full_page=True)

    rows.first.get_by_role("link").click()
    expect(page.locator("[data-testid=library-indicator]").first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Salin ke draf Anda")  # anonymous
    programme_url = page.url

    switch_user(page, log_in, "koordinator")
    page.goto(programme_url)
    page.locator("#id_masterplan").select_option(str(draft.pk))
    page.get_by_role("button", name="Salin", exact=True).click()
    expect(page.locator("main")).to_contain_text("Program disalin ke draf Anda")
    shot("copied")
    copy = draft.programmes.get(
        name="Layanan Kesehatan Primer Terhubung", library_source__isnull=False
    )
    assert copy.lead_agency is not None and copy.lead_agency.code == "dinkes"
    page_log.assert_clean()
