"""Roadmap conflicts, as pure functions over plain values (no ORM)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

K = TypeVar("K", bound=Hashable)

STARTS_BEFORE_DEPENDENCY = "starts_before_dependency"
OUTSIDE_PERIOD = "outside_period"
UNFUNDED_YEAR = "unfunded_year"


@dataclass(frozen=True)
class RoadmapItem(Generic[K]):
    """A programme on the roadmap: its years, what it depends on, the years it has funding."""

    key: K
    start_year: int
    end_year: int
    depends_on: tuple[K, ...] = ()
    funded_years: frozenset[int] = field(default_factory=frozenset)
    start_quarter: int | None = None

    @property
    def starts(self) -> tuple[int, int]:
        """When it starts, as (year, quarter); no quarter means the first one."""
        return (self.start_year, self.start_quarter or 1)


@dataclass(frozen=True)
class Conflict(Generic[K]):
    """A roadmap problem: ``other`` is the dependency, ``year`` the unfunded year."""

    code: str
    key: K
    other: K | None = None
    year: int | None = None


def _item_conflicts(
    item: RoadmapItem[K], by_key: Mapping[K, RoadmapItem[K]], period_start: int, period_end: int
) -> list[Conflict[K]]:
    conflicts: list[Conflict[K]] = []
    if item.start_year < period_start or item.end_year > period_end:
        conflicts.append(Conflict(OUTSIDE_PERIOD, item.key))
    for dependency_key in item.depends_on:
        dependency = by_key.get(dependency_key)
        if dependency is not None and item.starts < dependency.starts:
            conflicts.append(Conflict(STARTS_BEFORE_DEPENDENCY, item.key, other=dependency_key))
    running = range(max(item.start_year, period_start), min(item.end_year, period_end) + 1)
    conflicts.extend(
        Conflict(UNFUNDED_YEAR, item.key, year=year)
        for year in running
        if year not in item.funded_years
    )
    return conflicts


def roadmap_conflicts(
    items: Sequence[RoadmapItem[K]], period_start: int, period_end: int
) -> list[Conflict[K]]:
    """Everything the roadmap flags, item by item in the given order.

    - ``outside_period``: the programme starts before or ends after the masterplan period.
    - ``starts_before_dependency``: it starts in an earlier year (or, in the same year, an
      earlier quarter) than a programme it depends on (dependencies that are not in ``items``
      are ignored).
    - ``unfunded_year``: a year inside the period in which the programme runs with no funding.
    """
    by_key = {item.key: item for item in items}
    conflicts: list[Conflict[K]] = []
    for item in items:
        conflicts.extend(_item_conflicts(item, by_key, period_start, period_end))
    return conflicts


def conflict_message(conflict: Conflict[K], label: str, other_label: str | None = None) -> str:
    """The sentence shown for a conflict; ``label`` names the programme, ``other_label`` the
    dependency."""
    values = {
        "programme": label,
        "other": other_label or str(conflict.other),
        "year": conflict.year,
    }
    messages = {
        OUTSIDE_PERIOD: _("%(programme)s runs outside the masterplan period."),
        STARTS_BEFORE_DEPENDENCY: _("%(programme)s starts before %(other)s, which it depends on."),
        UNFUNDED_YEAR: _("%(programme)s has no funding in %(year)s."),
    }
    return messages[conflict.code] % values
