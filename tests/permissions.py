"""A generic permission matrix: each route is one row, each persona one expectation.

New modules add rows to ``ROUTES`` in their own test module via ``Route``; the test
that every named URL has a row keeps the matrix complete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .conftest import PERSONAS, World

LOGIN = "login"  # redirected to the log-in page

OUTSIDERS = ("other_coordinator", "no_role")
VIEWERS = tuple(p for p in PERSONAS if p not in (*OUTSIDERS, "anonymous"))


def public(ok: int = 200) -> dict[str, Any]:
    return dict.fromkeys(PERSONAS, ok)


def members(ok: int = 200, anonymous: Any = LOGIN) -> dict[str, Any]:
    """Anyone who may read the region's data; outsiders get 404."""
    return {**dict.fromkeys(VIEWERS, ok), **dict.fromkeys(OUTSIDERS, 404), "anonymous": anonymous}


def managers(ok: int = 200, anonymous: Any = LOGIN) -> dict[str, Any]:
    """The region's coordinator and national admins; other readers get 403."""
    return {
        **members(403, anonymous),
        "national_admin": ok,
        "coordinator": ok,
    }


def signed_in(ok: int = 200, anonymous: Any = LOGIN) -> dict[str, Any]:
    return {**dict.fromkeys(PERSONAS, ok), "anonymous": anonymous}


def national(ok: int = 200, anonymous: Any = LOGIN) -> dict[str, Any]:
    return {**dict.fromkeys(PERSONAS, 403), "national_admin": ok, "anonymous": anonymous}


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, namespaced
    url: Callable[[World], str]
    expect: dict[str, Any]
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.label or self.name}"
