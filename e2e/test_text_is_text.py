"""Names typed by users reach the page as text, the roadmap Gantt and its popups included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kotacerdas.config.management.demo_planning import DEMO_TITLE
from kotacerdas.planning.models import Masterplan, Programme

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")

HOSTILE = '<img src=x onerror="document.title=1">GOV-X'


def test_a_programme_named_like_html_shows_as_text_in_the_gantt(
    page: Page, page_log: PageLog, shot: Callable[[str], Path], log_in: Callable[..., None]
) -> None:
    plan = Masterplan.objects.get(title=DEMO_TITLE)
    programme = Programme.objects.filter(masterplan=plan).order_by("code").first()
    assert programme is not None
    Programme.objects.filter(pk=programme.pk).update(name=HOSTILE)

    page.goto("/accounts/login/")
    log_in("koordinator")
    for path in (f"/masterplans/{plan.pk}/roadmap/", f"/masterplans/{plan.pk}/programmes/"):
        page.goto(path)
        expect(page.locator("main")).to_contain_text(HOSTILE)
        assert page.locator("main img[src=x]").count() == 0
    page.goto(f"/masterplans/{plan.pk}/roadmap/")
    expect(page.locator("#gantt")).to_contain_text(HOSTILE)
    assert page.locator("#gantt img").count() == 0
    assert page.title() != "1"
    shot("gantt")
