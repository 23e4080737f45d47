"""Roadmap conflicts (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation

from kotacerdas.planning.roadmap.conflicts import (
    Conflict,
    RoadmapItem,
    conflict_message,
    roadmap_conflicts,
)


def item(
    key: str, start: int, end: int, depends_on: tuple[str, ...] = (), funded: Iterable[int] = ()
) -> RoadmapItem[str]:
    return RoadmapItem(key, start, end, depends_on, frozenset(funded))


def test_a_clean_roadmap_has_no_conflicts() -> None:
    items = [
        item("data", 2025, 2026, funded=[2025, 2026]),
        item("portal", 2026, 2027, ("data",), funded=[2026, 2027]),
    ]
    assert roadmap_conflicts(items, 2025, 2029) == []


def test_each_conflict_is_flagged() -> None:
    items = [
        item("data", 2026, 2027, funded=[2026, 2027]),
        item("portal", 2025, 2031, ("data", "elsewhere"), funded=[2025, 2026, 2028, 2029]),
    ]
    assert roadmap_conflicts(items, 2025, 2029) == [
        Conflict("outside_period", "portal"),
        Conflict("starts_before_dependency", "portal", other="data"),
        Conflict("unfunded_year", "portal", year=2027),
    ]


def test_unfunded_years_are_only_those_inside_the_period() -> None:
    conflicts = roadmap_conflicts([item("early", 2023, 2025)], 2025, 2029)
    assert conflicts == [
        Conflict("outside_period", "early"),
        Conflict("unfunded_year", "early", year=2025),
    ]


def test_starting_the_same_year_as_a_dependency_is_allowed() -> None:
    items = [item("a", 2026, 2026, funded=[2026]), item("b", 2026, 2027, ("a",), [2026, 2027])]
    assert roadmap_conflicts(items, 2025, 2029) == []


def test_conflict_messages() -> None:
    with translation.override("en"):
        text = conflict_message(
            Conflict("starts_before_dependency", 1, other=2), "Portal", "Data centre"
        )
        assert text == "Portal starts before Data centre, which it depends on."
        assert "2027" in conflict_message(Conflict("unfunded_year", 1, year=2027), "Portal")
        assert "Portal" in conflict_message(Conflict("outside_period", 1), "Portal")
