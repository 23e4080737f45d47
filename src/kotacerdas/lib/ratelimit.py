"""Rate limits: attempts counted per key in fixed time windows, in Django's cache.

A ``Limit`` names a scope (``token-failure-address``), the setting that gives the number of
attempts allowed (0: no limit) and the setting that gives the window in minutes. Counters
live in the default cache under ``ratelimit:<scope>:<digest of the key>:<window start>``:
with ``CACHE_URL`` pointing at Redis every worker counts together (``incr`` is atomic there);
with the default local memory each worker process counts on its own.

Fixed windows are simple and cheap (one ``add`` and one ``incr``); their cost is that a
client may make up to twice the limit across a window's boundary. ``Retry-After`` is the
time to the end of the current window.

Why not ``ninja.throttling``: it counts every request of an operation (a failed token
authentication happens before any operation runs, and must count failures only), keeps its
state on a shared instance, finds the client address by its own setting rather than
``PROXY_COUNT``, and stores a list of timestamps with a non-atomic read and write.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def now() -> float:
    """The clock of the windows (tests replace it)."""
    return time.time()


class RateLimited(Exception):
    """Too many attempts: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = max(1, retry_after)


@dataclass(frozen=True)
class Limit:
    """At most ``settings.<count_setting>`` attempts per key in ``settings.<minutes_setting>``
    minutes."""

    scope: str
    count_setting: str
    minutes_setting: str

    @property
    def count(self) -> int:
        return int(getattr(settings, self.count_setting))

    @property
    def seconds(self) -> int:
        return max(1, int(float(getattr(settings, self.minutes_setting)) * 60))

    def _window(self) -> tuple[int, int]:
        """The start of the current window and the seconds left in it."""
        moment = now()
        start = int(moment // self.seconds) * self.seconds
        return start, max(1, math.ceil(start + self.seconds - moment))

    def _key(self, ident: str, start: int) -> str:
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        return f"ratelimit:{self.scope}:{digest}:{start}"

    def wait(self, ident: str) -> int:
        """Seconds ``ident`` must wait because it used up the window; 0 if it may go on."""
        if self.count <= 0:
            return 0
        start, left = self._window()
        used = cache.get(self._key(ident, start), 0)
        return left if used >= self.count else 0

    def hit(self, ident: str) -> None:
        """Count one attempt of ``ident``."""
        if self.count <= 0:
            return
        start, left = self._window()
        key = self._key(ident, start)
        cache.add(key, 0, timeout=left + 1)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=left + 1)

    def check(self, ident: str) -> None:
        """Raise ``RateLimited`` if ``ident`` used up the window."""
        if wait := self.wait(ident):
            raise RateLimited(wait)

    def take(self, ident: str) -> None:
        """Raise ``RateLimited`` if ``ident`` used up the window; otherwise count this attempt."""
        self.check(ident)
        self.hit(ident)
