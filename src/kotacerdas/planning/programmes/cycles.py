"""The one dependency-cycle finder: the standard library's ``graphlib`` over plain values."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from graphlib import CycleError, TopologicalSorter
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def find_cycle(edges: Mapping[K, Iterable[K]]) -> list[K] | None:
    """A dependency cycle as the keys on it, in edge order (the first key is not repeated at the
    end), or ``None`` when the graph has none.

    ``edges[a]`` lists what ``a`` depends on; keys that only appear as targets count as nodes with
    no dependencies. A self-dependency is a cycle of one. The cycle starts at its key that comes
    first in ``edges``, so the same graph always gives the same answer.
    """
    graph = {node: list(targets) for node, targets in edges.items()}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        # graphlib lists each node before the one that depends on it, closing on the first.
        cycle: list[K] = list(reversed(error.args[1]))[:-1]
        order = {node: position for position, node in enumerate(graph)}
        start = min(range(len(cycle)), key=lambda i: order.get(cycle[i], len(order)))
        return cycle[start:] + cycle[:start]
    return None
