"""The SPBE index, its predicate and what to raise next: pure functions over plain values.

The index of a set of indicators is Σ weight × level / Σ weight (PermenPANRB 59/2020): over
the whole instrument the weights sum to 1, so it is Σ weight × level; over a domain or an
aspect it is that part's weighted mean, on the same 0–5 scale. The predicate is the band
whose lower bound the index reaches; a value on a boundary belongs to the higher band.

"What to raise next" looks for the fewest one-level increases that bring the index to a
target band's lower bound, then, among those, the least effort (effort per step is data per
indicator, 1 by default). Every step of an indicator adds its weight to the index, whatever
its level, so the fewest steps are the heaviest available steps (greedy); the least effort
among sets of that size is found exactly by a bounded search over classes of equal
(weight, effort) steps.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

MAX_LEVEL = 5
MIN_LEVEL = 0
# The exact least-effort search stops beyond this many transitions; the steps found then
# are still the fewest, ordered by weight and then effort (exact when efforts are equal).
MAX_WORK = 2_000_000

__all__ = [
    "MAX_LEVEL",
    "MAX_WORK",
    "Step",
    "display_index",
    "next_steps",
    "spbe_index",
    "spbe_predicate",
]


def spbe_index(levels: Mapping[K, int], weights: Mapping[K, Decimal]) -> Decimal:
    """Σ weight × level over Σ weight for the indicators in ``weights`` (0 when none weigh).

    An indicator without a level counts as level 0 (nothing yet).
    """
    total = sum((Decimal(w) for w in weights.values()), Decimal(0))
    if total <= 0:
        return Decimal(0)
    weighted = sum((Decimal(w) * int(levels.get(key, 0)) for key, w in weights.items()), Decimal(0))
    return weighted / total


def spbe_predicate(index: Decimal, bands: Sequence[tuple[Decimal, str]]) -> str:
    """The code of the highest band whose lower bound ``index`` reaches.

    ``bands`` are ``(lower_bound, code)`` pairs in any order; the lowest band's bound is
    usually 0. An index below every bound gets the lowest band.
    """
    if not bands:
        raise ValueError("no bands")
    ordered = sorted(bands, key=lambda band: Decimal(band[0]))
    found = ordered[0][1]
    for lower, code in ordered:
        if Decimal(index) >= Decimal(lower):
            found = code
    return found


def display_index(index: Decimal) -> Decimal:
    """The index with two decimals, rounded down, so that what is shown never claims a
    higher band than the index reaches."""
    return Decimal(index).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)


@dataclass(frozen=True)
class Step:
    """Raise one indicator from ``from_level`` to ``to_level``."""

    indicator: Hashable
    from_level: int
    to_level: int
    weight: Decimal
    effort: Decimal

    @property
    def count(self) -> int:
        return self.to_level - self.from_level


def _scale(values: Sequence[Decimal]) -> int:
    exponent = 0
    for value in values:
        exp = Decimal(value).normalize().as_tuple().exponent
        if isinstance(exp, int) and -exp > exponent:
            exponent = -exp
    return 10**exponent


def next_steps(
    levels: Mapping[K, int],
    weights: Mapping[K, Decimal],
    target: Decimal,
    efforts: Mapping[K, Decimal] | None = None,
) -> list[Step] | None:
    """The fewest level increases (then the least effort) bringing the index to ``target``.

    ``weights`` are the whole instrument's (summing to 1); ``target`` is a band's lower
    bound. Returns ``[]`` when the index already reaches it and ``None`` when even every
    indicator at level 5 does not. Steps are grouped per indicator, heaviest first.
    """
    efforts = efforts or {}
    total = sum((Decimal(w) for w in weights.values()), Decimal(0))
    if total <= 0:
        return None
    current = spbe_index(levels, weights)
    if current >= target:
        return []
    # Work on Σ weight × level, in integers: the deficit in units of the finest weight.
    keys = sorted(weights, key=str)
    values = [Decimal(weights[k]) for k in keys] + [Decimal(target) * total]
    scale = _scale(values)
    deficit_exact = (Decimal(target) * total - current * total) * scale
    deficit = int(deficit_exact.to_integral_value(rounding="ROUND_CEILING"))
    room = {k: MAX_LEVEL - int(levels.get(k, 0)) for k in keys}
    step_gain = {k: int(Decimal(weights[k]) * scale) for k in keys}
    step_effort = {k: Decimal(efforts.get(k, 1)) for k in keys}
    # The fewest steps: the heaviest available steps first.
    ordered = sorted(
        (k for k in keys if room[k] > 0 and step_gain[k] > 0),
        key=lambda k: (-step_gain[k], step_effort[k], str(k)),
    )
    fewest, gained = 0, 0
    for key in ordered:
        take = min(room[key], -(-(deficit - gained) // step_gain[key]))
        fewest += take
        gained += take * step_gain[key]
        if gained >= deficit:
            break
    if gained < deficit:
        return None
    counts: dict[K, int] | None = None
    if len({step_effort[k] for k in ordered}) > 1:
        counts = _least_effort(ordered, room, step_gain, step_effort, fewest, deficit)
    if counts is None:
        # Equal efforts (any set of the fewest steps costs the same), or beyond the
        # search bound: the heaviest steps, then the cheapest.
        counts = {}
        gained = 0
        for key in ordered:
            take = min(room[key], fewest - sum(counts.values()))
            if take <= 0:
                break
            counts[key] = take
            gained += take * step_gain[key]
    steps = [
        Step(
            indicator=key,
            from_level=int(levels.get(key, 0)),
            to_level=int(levels.get(key, 0)) + n,
            weight=Decimal(weights[key]),
            effort=step_effort[key] * n,
        )
        for key, n in counts.items()
        if n > 0
    ]
    steps.sort(key=lambda s: (-s.weight, s.effort, str(s.indicator)))
    return steps


def _least_effort(
    ordered: Sequence[K],
    room: Mapping[K, int],
    gain: Mapping[K, int],
    effort: Mapping[K, Decimal],
    steps: int,
    deficit: int,
) -> dict[K, int] | None:
    """Exactly ``steps`` steps with total gain ≥ ``deficit`` and the least total effort.

    Steps of equal (gain, effort) are interchangeable, so the search runs over those
    classes, keeping for each number of steps used only the partial plans no other beats on
    both gain and effort, and dropping those that cannot reach the deficit with the steps
    left; inside a class indicators are raised in instrument order. ``None`` when the search
    would exceed ``MAX_WORK`` transitions.
    """
    grouped: dict[tuple[int, Decimal], list[K]] = {}
    for key in ordered:
        grouped.setdefault((gain[key], effort[key]), []).append(key)
    classes = sorted(grouped.items(), key=lambda item: (-item[0][0], item[0][1]))
    caps = [sum(room[k] for k in members) for _ge, members in classes]
    # best[c][r]: the most gain r steps can add from classes c, c+1, … (heaviest first).
    best: list[list[int]] = []
    for c in range(len(classes) + 1):
        row = [0] * (steps + 1)
        for r in range(1, steps + 1):
            left, total = r, 0
            for (g, _e), cap in zip((ge for ge, _m in classes[c:]), caps[c:], strict=True):
                take = min(cap, left)
                total += take * g
                left -= take
                if left == 0:
                    break
            row[r] = total
        best.append(row)
    # state: (steps used, gain capped at the deficit) -> (effort, counts per class)
    states: dict[tuple[int, int], tuple[Decimal, tuple[int, ...]]] = {(0, 0): (Decimal(0), ())}
    work = 0
    for c, ((g, e), _members) in enumerate(classes):
        nxt: dict[tuple[int, int], tuple[Decimal, tuple[int, ...]]] = {}
        for (used, got), (cost, counts) in states.items():
            for n in range(0, min(caps[c], steps - used) + 1):
                work += 1
                after = used + n
                reach = got + n * g
                if reach + best[c + 1][steps - after] < deficit:
                    continue  # cannot reach the deficit with the steps left
                state = (after, min(deficit, reach))
                value = (cost + n * e, (*counts, n))
                if state not in nxt or value[0] < nxt[state][0]:
                    nxt[state] = value
        if work > MAX_WORK:
            return None
        states = _pareto(nxt)
    found = states.get((steps, deficit))
    if found is None:
        return None
    result: dict[K, int] = {}
    for ((_g, _e), members), n in zip(classes, found[1], strict=True):
        left = n
        for key in members:
            if left <= 0:
                break
            take = min(room[key], left)
            result[key] = take
            left -= take
    return result


def _pareto(
    states: dict[tuple[int, int], tuple[Decimal, tuple[int, ...]]],
) -> dict[tuple[int, int], tuple[Decimal, tuple[int, ...]]]:
    """For each number of steps used, only the states that no state with as much gain and
    no more effort beats."""
    kept: dict[tuple[int, int], tuple[Decimal, tuple[int, ...]]] = {}
    for (used, got), value in sorted(states.items(), key=lambda item: (item[0][0], -item[0][1])):
        previous = kept.get((used, -1))
        if previous is not None and previous[0] <= value[0]:
            continue
        kept[(used, got)] = value
        kept[(used, -1)] = value  # the cheapest so far among gains at least this large
    return {key: value for key, value in kept.items() if key[1] >= 0}
