"""The one dependency-cycle finder (graphlib)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.planning.programmes.cycles import find_cycle


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


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


def is_cycle(cycle: list[int], edges: Mapping[int, Iterable[int]]) -> bool:
    links = zip(cycle, cycle[1:] + cycle[:1], strict=True)
    return len(set(cycle)) == len(cycle) and all(b in edges.get(a, ()) for a, b in links)


graphs = st.dictionaries(
    st.integers(min_value=0, max_value=12), st.sets(st.integers(min_value=0, max_value=12))
)


def test_find_cycle() -> None:
    assert find_cycle({1: [2], 2: [3]}) is None
    assert sorted(find_cycle({1: [2], 2: [3], 3: [1]}) or []) == [1, 2, 3]
    assert find_cycle({1: [1]}) == [1]


def test_known_cycles() -> None:
    assert find_cycle({}) is None
    assert find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None
    assert find_cycle({"a": ["a"]}) == ["a"]
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c"]
    # The cycle does not have to include the first node, nor every node.
    assert find_cycle({"x": ["a"], "a": ["b"], "b": ["a"]}) == ["a", "b"]
    # Targets that are not keys are programmes with no dependencies; generators are fine.
    assert find_cycle({"a": (n for n in ["z", "b"]), "b": ["z"]}) is None


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
