"""The recording behind every browser test notices what it is meant to notice."""

from __future__ import annotations

from playwright.sync_api import Page

from .pagelog import PageLog


def test_page_log_catches_errors_and_other_hosts(page: Page, page_log: PageLog) -> None:
    # "localhost" is a different origin from the live server's 127.0.0.1, so this stays on
    # the loopback interface yet counts as another host (and is aborted by the page fixture).
    assert page_log.origin.startswith("http://127.0.0.1:")
    other = page_log.origin.replace("127.0.0.1", "localhost") + "/static/kotacerdas/app.css"
    with page.expect_event("requestfailed"):
        page.set_content(f'<link rel="stylesheet" href="{other}">')
    page.evaluate("console.error('logged on purpose')")
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('thrown on purpose') }, 0)")

    problems = page_log.problems()
    assert problems["requests to hosts other than the live server"] == [f"GET {other}"]
    assert any("logged on purpose" in e for e in problems["console errors"])
    assert any("thrown on purpose" in e for e in problems["uncaught page errors"])


def test_page_log_is_clean_on_a_plain_page(page: Page, page_log: PageLog) -> None:
    page.goto("/accounts/login/")
    page_log.assert_clean()
    assert any(r.endswith("/accounts/login/") for r in page_log.requests)
