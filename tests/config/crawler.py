"""A breadth-first crawler over the pages one user can reach (GET only, same host).

It follows every ``<a href>`` a page renders, checks each answer and collects what a user
would notice: a server error, a link the application rendered that leads nowhere, Python
values (``None``, ``[]``, ``{'``) or a traceback in the page text, and, on pages in
Indonesian, an English interface label from the catalogue shown untranslated.

Used by ``tests/config/test_crawl.py`` with a small budget; ``CRAWL_BUDGET`` raises it for a
run by hand (see that module).
"""

from __future__ import annotations

import gettext
import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.core.signals import got_request_exception
from django.test import Client

# Never followed: leaving the session or its language, the back office of Django itself,
# the JSON API (its contract has its own run), the static files and the JS catalogue.
SKIPPED_PREFIXES = ("/accounts/logout/", "/i18n/", "/admin/", "/api/", "/static/", "/jsi18n/")
# A page pattern (numbers in the path replaced) is visited at most this many times, so that
# a list of 552 regions does not eat the whole budget.
VISITS_PER_PATTERN = 3
PYTHON_VALUES = re.compile(r"\bNone\b|\[\]|\{'|Traceback \(most recent")
NUMBER = re.compile(r"(?<=/)\d+(?:\.\d+)*(?=/|$)")  # ids and region codes


@dataclass
class Problem:
    url: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.url} — {self.detail}"


# Odd but valid GET parameters a list page must survive: every parameter a page's own links
# use and these common ones, all set to one hostile value at a time.
HOSTILE_KEYS = ("page", "year", "sort", "q", "status", "region", "province", "kind", "dimension")
HOSTILE_VALUES = ("abc", "999999", "9999999999", "-1", "\x00", "1e400", "²", "9" * 5000)


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # HTML pages answered with 200
    problems: list[Problem] = field(default_factory=list)
    unvisited: int = 0


class _PageParser(HTMLParser):
    """Links and visible text nodes of one page, each text with the language it is in."""

    HIDDEN = frozenset({"script", "style", "template", "noscript"})
    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
        | {"track", "wbr", "param"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.texts: list[tuple[str, str]] = []
        self._open: list[tuple[str, str]] = []  # (tag, language) of each open element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") and "download" not in values:
            self.links.append(values["href"] or "")
        if tag not in self.VOID:
            lang = values.get("lang") or (self._open[-1][1] if self._open else "")
            self._open.append((tag, "hidden" if tag in self.HIDDEN else lang))

    def handle_endtag(self, tag: str) -> None:
        tags = [open_tag for open_tag, _lang in self._open]
        if tag in tags:
            del self._open[len(tags) - 1 - tags[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        lang = self._open[-1][1] if self._open else ""
        if text and lang != "hidden":
            self.texts.append((text, lang))


def english_labels() -> frozenset[str]:
    """The catalogue's English labels whose Indonesian text differs (several words only,
    so that a region's own data seldom matches one by chance)."""
    path = Path(settings.SRC_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as compiled:
        catalogue: dict[Any, str] = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    return frozenset(
        msgid.split("\x04")[-1]  # without its context
        for msgid, msgstr in catalogue.items()
        if isinstance(msgid, str)
        and msgstr != msgid.split("\x04")[-1]
        and " " in msgid
        and "%" not in msgid
        and "{" not in msgid
    )


def pattern_of(path: str, query: str) -> str:
    keys = sorted({key for key, _value in parse_qsl(query, keep_blank_values=True)})
    return NUMBER.sub("<n>", path) + ("?" + "&".join(keys) if keys else "")


class Crawler:
    def __init__(self, client: Client, budget: int, labels: Iterable[str] = ()) -> None:
        self.client = client
        self.budget = budget
        self.labels = frozenset(labels)
        self.result = CrawlResult()
        self._seen: set[str] = set()
        self._patterns: Counter[str] = Counter()
        self._queue: deque[tuple[str, str]] = deque()
        self._keys: dict[str, set[str]] = {}  # parameters the links to a path use
        self._errors: list[str] = []

    def run(self, start: str = "/") -> CrawlResult:
        got_request_exception.connect(self._on_exception)
        try:
            self._enqueue(start, referrer="")
            while self._queue and len(self.result.visited) < self.budget:
                url, referrer = self._queue.popleft()
                self._visit(url, referrer)
        finally:
            got_request_exception.disconnect(self._on_exception)
        self.result.unvisited = len(self._queue)
        return self.result

    def _on_exception(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        import traceback

        self._errors.append(traceback.format_exc(limit=-3))

    def _enqueue(self, href: str, referrer: str) -> None:
        url = urljoin("http://testserver" + (referrer or "/"), href.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            return
        path = parts.path
        if path.startswith(SKIPPED_PREFIXES):
            return
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        local = path + ("?" + query if query else "")
        if local in self._seen:
            return
        self._keys.setdefault(path, set()).update(key for key, _v in parse_qsl(query))
        pattern = pattern_of(path, query)
        if self._patterns[pattern] >= VISITS_PER_PATTERN:
            return
        self._patterns[pattern] += 1
        self._seen.add(local)
        self._queue.append((local, referrer))

    def _visit(self, url: str, referrer: str) -> None:
        self.result.visited.append(url)
        self._errors.clear()
        response = self.client.get(url)
        source = f" (linked from {referrer})" if referrer else ""
        status = response.status_code
        if status >= 500:
            detail = self._errors[-1] if self._errors else f"status {status}"
            self._problem(url, "server error", detail + source)
            return
        if status in (403, 404):
            kind = "broken link" if status == 404 else "link to a forbidden page"
            self._problem(url, kind, f"{status}{source}")
            return
        if status in (301, 302, 303, 307, 308):
            self._enqueue(response["Location"], referrer=url)
            return
        if status != 200 or not response["Content-Type"].startswith("text/html"):
            return
        self.result.pages.append(url)
        self._check_page(url, response.content.decode())

    def _check_page(self, url: str, html: str) -> None:
        parser = _PageParser()
        parser.feed(html)
        text = "\n".join(text for text, _lang in parser.texts)
        for match in PYTHON_VALUES.finditer(text):
            around = text[max(0, match.start() - 60) : match.end() + 60].replace("\n", " | ")
            self._problem(url, "python value in text", around)
        indonesian = {text for text, lang in parser.texts if lang.startswith("id")}
        for label in sorted(indonesian & self.labels):
            self._problem(url, "untranslated label", label)
        for href in parser.links:
            self._enqueue(href, referrer=url)

    def hostile(self) -> list[Problem]:
        """Each page visited (one per path pattern) asked again with hostile parameters: any
        answer but a server error is fine (the page ignores them or says what is wrong)."""
        problems: list[Problem] = []
        paths = {
            pattern_of(urlsplit(url).path, ""): urlsplit(url).path for url in self.result.pages
        }
        got_request_exception.connect(self._on_exception)
        try:
            for path in sorted(paths.values()):
                keys = sorted(set(HOSTILE_KEYS) | self._keys.get(path, set()))
                for value in HOSTILE_VALUES:
                    # All parameters at once; when the page refuses them (a 400 or 404 for one
                    # could hide a server error from another), one parameter at a time.
                    status, problem = self._ask(path, dict.fromkeys(keys, value))
                    if status != 200 and not problem:
                        problem = next(
                            filter(None, (self._ask(path, {key: value})[1] for key in keys)), None
                        )
                    if problem:
                        problems.append(problem)
        finally:
            got_request_exception.disconnect(self._on_exception)
        return problems

    def _ask(self, path: str, params: dict[str, str]) -> tuple[int, Problem | None]:
        url = path + "?" + urlencode(params)
        self._errors.clear()
        status = self.client.get(url).status_code
        if status < 500:
            return status, None
        detail = self._errors[-1] if self._errors else f"status {status}"
        return status, Problem(url, "server error on odd parameters", detail)

    def _problem(self, url: str, kind: str, detail: str) -> None:
        self.result.problems.append(Problem(url, kind, detail))
