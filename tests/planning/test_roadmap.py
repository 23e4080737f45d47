"""Roadmap conflicts and dependency cycles (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.planning.programmes.cycles import find_cycle
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


# --- cycles ---------------------------------------------------------------------------------


def test_known_cycles() -> None:
    assert find_cycle({}) is None
    assert find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None
    assert find_cycle({"a": ["a"]}) == ["a"]
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c"]
    # The cycle does not have to include the first node, nor every node.
    assert find_cycle({"x": ["a"], "a": ["b"], "b": ["a"]}) == ["a", "b"]
    # Targets that are not keys are programmes with no dependencies; generators are fine.
    assert find_cycle({"a": (n for n in ["z", "b"]), "b": ["z"]}) is None


def is_cycle(cycle: list[int], edges: Mapping[int, Iterable[int]]) -> bool:
    links = zip(cycle, cycle[1:] + cycle[:1], strict=True)
    return len(set(cycle)) == len(cycle) and all(b in edges.get(a, ()) for a, b in links)


def has_cycle(edges: Mapping[int, set[int]]) -> bool:
    """Reference check: a graph is acyclic iff repeatedly removing sinks empties it."""
    remaining = {node: set(targets) for node, targets in edges.items()}
    for targets in list(remaining.values()):
        for target in targets:
            remaining.setdefault(target, set())
    while remaining:
        sinks = [node for node, targets in remaining.items() if not targets & remaining.keys()]
        if not sinks:
            return True
        for sink in sinks:
            del remaining[sink]
    return False


graphs = st.dictionaries(
    st.integers(min_value=0, max_value=12), st.sets(st.integers(min_value=0, max_value=12))
)


@settings(deadline=None)
@given(graphs)
def test_find_cycle_finds_a_cycle_exactly_when_one_exists(edges: dict[int, set[int]]) -> None:
    cycle = find_cycle(edges)
    if has_cycle(edges):
        assert cycle is not None
        assert is_cycle(cycle, edges)
    else:
        assert cycle is None


@settings(deadline=None)
@given(st.lists(st.sets(st.integers(min_value=0, max_value=30)), max_size=30))
def test_a_graph_pointing_only_to_earlier_nodes_has_no_cycle(targets: list[set[int]]) -> None:
    dag = {node: {t for t in ts if t < node} for node, ts in enumerate(targets)}
    assert find_cycle(dag) is None


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=39))
def test_closing_a_chain_is_found(length: int, back_to: int) -> None:
    back_to %= length
    chain = {node: [node + 1] for node in range(length - 1)}
    chain[length - 1] = [back_to]
    cycle = find_cycle(chain)
    assert cycle is not None
    assert sorted(cycle) == list(range(back_to, length))
