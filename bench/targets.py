"""The pages and API calls `make bench` measures. Add one line per page worth watching."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One URL to measure; ``login`` is (username, password) for pages that need a session."""

    name: str
    path: str
    login: tuple[str, str] | None = None


# Demo users created by `manage.py seed_demo` (all share the demo password).
COORDINATOR = ("koordinator", "kotacerdas-demo")

TARGETS: list[Target] = [
    Target("healthz", "/healthz"),
    Target("region list page", "/regions/"),
    Target("region list search", "/regions/?q=Bengkulu"),
    Target("region API list", "/api/v1/regions?limit=50"),
    Target("region API search", "/api/v1/regions?search=kota&limit=100"),
    Target("region home (coordinator)", "/regions/17.71/", login=COORDINATOR),
]

# The masterplan of 300 programmes made by `seed_bench_masterplan` (the second masterplan of a
# fresh database; the first is the demo one).
BENCH_MASTERPLAN = 2
TARGETS += [
    Target(
        "programme list (300)", f"/masterplans/{BENCH_MASTERPLAN}/programmes/", login=COORDINATOR
    ),
    Target("agency matrix (300)", f"/masterplans/{BENCH_MASTERPLAN}/agencies/", login=COORDINATOR),
    Target("budget view (300)", f"/masterplans/{BENCH_MASTERPLAN}/budget/", login=COORDINATOR),
    Target("roadmap (300)", f"/masterplans/{BENCH_MASTERPLAN}/roadmap/", login=COORDINATOR),
    Target(
        "quick-win ranking (300)", f"/masterplans/{BENCH_MASTERPLAN}/quick-wins/", login=COORDINATOR
    ),
    Target(
        "programme API list (300)",
        f"/api/v1/masterplans/{BENCH_MASTERPLAN}/programmes?limit=100",
        login=COORDINATOR,
    ),
]
