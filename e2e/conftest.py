"""Browser tests: Playwright (sync API) driving the system's Chromium against ``live_server``.

Run with ``make e2e``. The browser is launched once per session; every test gets a fresh
context and page whose console errors, page errors and requests are recorded, so a test can
assert that the pages it visited were clean and talked to no host but the live server.
Requests to any other host are aborted before they leave the browser.

The test database is one a second process can open (on SQLite a file under the session's
temporary folder rather than memory; PostgreSQL's test database is a real one already), so
``jobs_worker`` starts a real ``manage.py jobs_worker`` process on it, as ``make demo`` does.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# the ORM calls that fixtures make from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Serve on the loopback address itself rather than whatever "localhost" resolves to.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Route,
    ViewportSize,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer  # noqa: E402

from .pagelog import PageLog  # noqa: E402

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DEMO_PASSWORD = "kotacerdas-demo"
PHONE_SCREEN: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On SQLite the test database is a file, not memory: a worker process can open it."""
    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.sqlite3":
            folder = tmp_path_factory.mktemp("e2e-database")
            database.setdefault("TEST", {})["NAME"] = str(folder / "e2e.sqlite3")


def _worker_database_url() -> str:
    """The test database (created by now) as a DATABASE_URL for another process."""
    ours = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(ours["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            pytest.fail("the e2e test database must be a file (see django_db_modify_db_settings)")
        return f"sqlite:///{name}"
    user = quote(ours["USER"] or "", safe="")
    password = f":{quote(ours['PASSWORD'], safe='')}" if ours["PASSWORD"] else ""
    return f"postgres://{user}{password}@{ours['HOST']}:{ours['PORT']}/{ours['NAME']}"


@pytest.fixture
def jobs_worker(
    transactional_db: None, live_server: LiveServer, tmp_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``manage.py jobs_worker`` process on the test database and media folder,
    looking at the queue every 0.2 s; stopped (SIGTERM, then SIGKILL) after the test, before
    the test's rows are flushed. Its output is in the test's temporary folder."""
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": _worker_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "database",
        "DEBUG": "false",
    }
    log_path = tmp_path / "jobs-worker.log"
    with log_path.open("wb") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(ROOT / "manage.py"), "jobs_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        died = process.poll()
        if died is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
    if died is not None:
        tail = log_path.read_text(errors="replace")[-3000:]
        pytest.fail(f"the jobs worker stopped by itself (exit {died}):\n{tail}")


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page_log(live_server: LiveServer) -> PageLog:
    parts = urlsplit(live_server.url)
    return PageLog(origin=f"{parts.scheme}://{parts.netloc}")


def recorded_page(
    browser: Browser, page_log: PageLog, viewport: ViewportSize, **options: bool
) -> BrowserContext:
    """A fresh context (own cookies) whose pages talk to the live server only."""
    context = browser.new_context(
        base_url=page_log.origin,
        viewport=viewport,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        service_workers="block",
        **options,
    )
    context.set_default_timeout(10_000)

    def guard(route: Route) -> None:
        if page_log.is_live_server(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    return context


def attach(page: Page, page_log: PageLog) -> Page:
    page.on("console", page_log.on_console)
    page.on("pageerror", page_log.on_page_error)
    page.on("request", page_log.on_request)
    page.on("requestfailed", page_log.on_request_failed)
    page.on("response", page_log.on_response)
    return page


@pytest.fixture
def page(browser: Browser, page_log: PageLog) -> Iterator[Page]:
    """A fresh page (own cookies) on a 1280-wide window, recorded into ``page_log``."""
    context = recorded_page(browser, page_log, {"width": 1280, "height": 900})
    yield attach(context.new_page(), page_log)
    context.close()


@pytest.fixture
def phone(browser: Browser, page_log: PageLog) -> Iterator[Page]:
    """A fresh page on a phone's screen (390 × 844 CSS pixels, touch), recorded likewise."""
    context = recorded_page(browser, page_log, PHONE_SCREEN, is_mobile=True, has_touch=True)
    yield attach(context.new_page(), page_log)
    context.close()


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """``shot("login")`` saves a full-page screenshot as screenshots/<test>-<NN>-login.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for old in SCREENSHOTS.glob(f"{test_name}-*.png"):
        old.unlink()
    counter = 0

    def take(step: str) -> Path:
        nonlocal counter
        counter += 1
        page.wait_for_load_state("load")
        path = SCREENSHOTS / f"{test_name}-{counter:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """The reference data and the demo region Kota Bengkulu with its demo users."""
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def log_in(page: Page) -> Callable[..., None]:
    """``log_in("koordinator")`` fills and submits the log-in form on the current page."""

    def submit(username: str, password: str = DEMO_PASSWORD) -> None:
        form = page.locator("main form[method=post]")
        form.locator("#id_username").fill(username)
        form.locator("#id_password").fill(password)
        form.locator("button[type=submit]").click()

    return submit
