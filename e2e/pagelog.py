"""What a browser page did during a test that a clean page should not do."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Request, Response

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}


@dataclass
class PageLog:
    """Records a page's console errors, uncaught exceptions and requests.

    ``origin`` is the live server's ``scheme://host:port``; a request anywhere else counts
    as foreign (the page fixture also aborts it before it leaves the browser).
    """

    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)

    def is_live_server(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = (message.location or {}).get("url") or "?"
            self.console_errors.append(f"{message.text} (at {where})")

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def on_request(self, request: Request) -> None:
        self.requests.append(f"{request.method} {request.url}")
        if not self.is_live_server(request.url):
            self.foreign_requests.append(f"{request.method} {request.url}")

    def on_request_failed(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in LOCAL_SCHEMES and (parts.hostname or "") not in LOCAL_HOSTS:
            self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.status >= 500 and self.is_live_server(response.url):
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def problems(self) -> dict[str, list[str]]:
        found = {
            "console errors": self.console_errors,
            "uncaught page errors": self.page_errors,
            "failed requests to other hosts": self.failed_requests,
            "requests to hosts other than the live server": self.foreign_requests,
            "server errors": self.server_errors,
        }
        return {kind: items for kind, items in found.items() if items}

    def assert_clean(self) -> None:
        """Fail unless the page made requests, all to the live server, and logged no error."""
        assert self.requests, "the page made no request at all: is the recording attached?"
        problems = self.problems()
        assert not problems, f"the pages were not clean: {problems}"
