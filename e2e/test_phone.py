"""On a phone (390 px wide) each page's first screen shows its content, the page never
scrolls sideways (wide tables scroll in their own box) and codes never break mid-word.

Screenshots land in e2e/screenshots/ (ignored by git) as phone-<page>.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from kotacerdas.config.management.demo_planning import DEMO_TITLE
from kotacerdas.guidance.models import Attendance, Session
from kotacerdas.planning.models import Masterplan
from kotacerdas.readiness.models import Assessment

from .conftest import DEMO_PASSWORD, PHONE_SCREEN, SCREENSHOTS, attach, recorded_page
from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")

# Elements whose text is a code (17.71, GOV-02): each must stay on one line.
CODE_CELLS = "main code, main .code"


def log_in(phone: Page, username: str) -> None:
    phone.goto("/accounts/login/")
    form = phone.locator("main form[method=post]")
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(phone.locator('nav form[action="/accounts/logout/"]')).to_have_count(1)


def check_first_screen(phone: Page, name: str) -> None:
    """The h1 shows on the first screen, nothing scrolls the page sideways, codes are whole."""
    phone.wait_for_load_state("load")
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"))
    heading = phone.locator("main h1").first
    expect(heading).to_be_visible()
    box = heading.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE_SCREEN["height"], f"{name}: h1 ends at {box}"
    # The cycle's stages sit in one row that scrolls sideways, not in a stack of rows.
    cycle = phone.locator("nav.cycle-nav")
    if cycle.count():
        steps = cycle.locator(".cycle-steps").bounding_box()
        assert steps is not None and steps["height"] < 60, f"{name}: cycle nav is {steps}"
    # The active tab shows, even when the row of tabs scrolls.
    active = phone.locator("main .nav-tabs .nav-link.active")
    if active.count():
        tab = active.first.bounding_box()
        assert (
            tab is not None and tab["x"] >= 0 and tab["x"] + tab["width"] <= PHONE_SCREEN["width"]
        )
    widths = phone.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths[:2]) <= widths[2], f"{name}: the page scrolls sideways {widths}"
    # A code is an inline element: broken over two lines, it has two boxes.
    broken = phone.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector))
            .filter((el) => el.getClientRects().length > 1)
            .map((el) => el.textContent)""",
        CODE_CELLS,
    )
    assert broken == [], f"{name}: codes broken over lines: {broken}"


def test_main_pages_fit_a_phone(phone: Page, page_log: PageLog) -> None:
    plan = Masterplan.objects.get(title=DEMO_TITLE)
    assessment = Assessment.objects.filter(region=plan.region).order_by("-pk").first()
    assert assessment is not None
    log_in(phone, "koordinator")
    toggler = phone.locator("nav.navbar .navbar-toggler")
    expect(toggler).to_be_visible()  # the navigation sits behind the toggler
    expect(phone.locator("#topnav")).to_be_hidden()

    pages = {
        "region-home": "/regions/17.71/",
        "readiness": f"/readiness/{assessment.pk}/",
        "questionnaire": f"/readiness/{assessment.pk}/answers/",
        "programme-list": f"/masterplans/{plan.pk}/programmes/",
        "roadmap": f"/masterplans/{plan.pk}/roadmap/",
        "quick-wins": f"/masterplans/{plan.pk}/quick-wins/",
        "budget": f"/masterplans/{plan.pk}/budget/",
        "agency-matrix": f"/masterplans/{plan.pk}/agencies/",
        "strategy": f"/masterplans/{plan.pk}/strategy/",
        "regions": "/regions/",
    }
    for name, path in pages.items():
        phone.goto(path)
        check_first_screen(phone, name)

    # The toggler opens the navigation.
    toggler.click()
    expect(phone.locator("#topnav")).to_be_visible()
    page_log.assert_clean()


def test_the_door_tick_list_works_on_a_phone_without_javascript(
    browser: Browser, page_log: PageLog
) -> None:
    """At the door, on a 390 px phone with JavaScript off, the coordinator ticks an agency, a
    village online and writes in a partner not yet listed; the boxes are big enough for a
    thumb and the page never scrolls sideways."""
    session = Session.objects.filter(member__region__code="17.71", kind="stage").first()
    assert session is not None
    context = recorded_page(
        browser, page_log, PHONE_SCREEN, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    phone = attach(context.new_page(), page_log)
    try:
        log_in(phone, "koordinator")
        day = session.ends_on.isoformat()
        phone.goto(f"/guidance/sessions/{session.pk}/attendance/?day={day}")
        check_first_screen(phone, "tick-list")
        first = phone.locator("[data-testid=tick-line]").first
        box = first.locator("input[type=checkbox]").first.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
        first.locator("input[type=checkbox]").first.check()
        new = phone.locator("[data-testid=tick-new]").first
        new.locator("select[name$=-group]").select_option("community")
        new.locator("input[name$=-organisation]").fill("Komunitas TIK Bengkulu")
        new.locator("input[name$=-participant]").fill("Ketua komunitas")
        new.locator("input[name$=-online]").check()
        phone.locator("main form button[type=submit]").last.click()
        expect(phone.locator("[data-testid=people]")).to_contain_text("Komunitas TIK Bengkulu")
        assert Attendance.objects.filter(
            session=session,
            day=session.ends_on,
            organisation="Komunitas TIK Bengkulu",
            mode="online",
        ).exists()
        page_log.assert_clean()
    finally:
        context.close()
