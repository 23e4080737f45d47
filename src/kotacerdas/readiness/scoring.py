"""Readiness scores as pure functions over plain values (no ORM).

The rule for unanswered items, stated on every score page: **an unanswered item counts as
the lowest level of the scale (0, "nothing yet")** until it is answered, so a score never
rises by leaving items out; the page shows how many items are still unanswered.

Scores are weighted means on the instrument's scale: per dimension × aspect cell, per
aspect, per dimension and overall, each with the weighted mean target level and the gap
(target − current; negative when above target).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class ItemInput(Generic[K]):
    """One item as scored: where it sits, how much it weighs, and the answer if any."""

    key: K
    dimension: str
    aspect: str
    weight: float
    target: int
    level: int | None


@dataclass(frozen=True)
class Score:
    """A weighted mean of levels against the weighted mean of targets."""

    current: float
    target: float
    answered: int
    total: int

    @property
    def gap(self) -> float:
        return round(self.target - self.current, 2)

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass(frozen=True)
class ItemGap(Generic[K]):
    key: K
    dimension: str
    aspect: str
    level: int | None
    target: int
    gap: int
    weight: float


@dataclass(frozen=True)
class Scores(Generic[K]):
    overall: Score
    by_dimension: dict[str, Score] = field(default_factory=dict)
    by_aspect: dict[str, Score] = field(default_factory=dict)
    by_cell: dict[tuple[str, str], Score] = field(default_factory=dict)
    gaps: list[ItemGap[K]] = field(default_factory=list)


def _mean(items: Sequence[ItemInput[K]], floor: int) -> Score:
    total_weight = sum(item.weight for item in items)
    if total_weight <= 0:
        return Score(float(floor), float(floor), 0, len(items))
    current = sum(item.weight * _level(item, floor) for item in items) / total_weight
    target = sum(item.weight * item.target for item in items) / total_weight
    answered = sum(1 for item in items if item.level is not None)
    return Score(round(current, 2), round(target, 2), answered, len(items))


def _level(item: ItemInput[K], floor: int) -> int:
    return floor if item.level is None else item.level


def _group(items: Iterable[ItemInput[K]], key: str) -> dict[object, list[ItemInput[K]]]:
    groups: dict[object, list[ItemInput[K]]] = {}
    for item in items:
        group = (item.dimension, item.aspect) if key == "cell" else getattr(item, key)
        groups.setdefault(group, []).append(item)
    return groups


def compute(items: Sequence[ItemInput[K]], floor: int = 0) -> Scores[K]:
    """Scores per cell, aspect, dimension and overall, and the item gaps, largest first.

    ``floor`` is the lowest level of the scale, used for unanswered items. Groups keep
    the order in which their first item appears, so pages follow the instrument.
    """
    gaps = [
        ItemGap(
            key=item.key,
            dimension=item.dimension,
            aspect=item.aspect,
            level=item.level,
            target=item.target,
            gap=item.target - _level(item, floor),
            weight=item.weight,
        )
        for item in items
    ]
    gaps = sorted(
        (gap for gap in gaps if gap.gap > 0), key=lambda g: (-g.gap, -g.weight, str(g.key))
    )
    return Scores(
        overall=_mean(items, floor),
        by_dimension={str(k): _mean(v, floor) for k, v in _group(items, "dimension").items()},
        by_aspect={str(k): _mean(v, floor) for k, v in _group(items, "aspect").items()},
        by_cell={
            k: _mean(v, floor)  # type: ignore[misc]
            for k, v in _group(items, "cell").items()
        },
        gaps=gaps,
    )


@dataclass(frozen=True)
class Peer:
    """A median over other regions' submitted scores, with how many regions it covers."""

    median: float | None
    count: int


MIN_PEERS = 3


def peer_median(values: Iterable[float], minimum: int = MIN_PEERS) -> Peer:
    """The median of ``values``, withheld (``None``) below ``minimum`` regions.

    A median of one or two regions would reveal those regions' own scores, which are not
    theirs to publish; the count is always given.
    """
    values = list(values)
    if len(values) < minimum:
        return Peer(None, len(values))
    return Peer(round(median(values), 2), len(values))
