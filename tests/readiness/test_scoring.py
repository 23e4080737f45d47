"""The readiness scores (readiness/scoring.py): properties and worked examples.

The documented rule for unanswered items: an unanswered item counts as the lowest level
of the scale (``floor``, 0 = "nothing yet") until it is answered, so leaving items out
never raises a score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kotacerdas.readiness.scoring import MIN_PEERS, ItemInput, Score, Scores, compute, peer_median

DIMENSIONS = ("governance", "branding", "economy")
ASPECTS = ("structure", "infrastructure", "superstructure")
TOP = 5  # the highest level of the scale in these tests


@st.composite
def scales(draw: st.DrawFn) -> int:
    return draw(st.integers(min_value=0, max_value=2))


@st.composite
def instruments(draw: st.DrawFn, floor: int | None = None) -> tuple[int, list[ItemInput[int]]]:
    """A floor and 1–25 items with positive weights, targets and (maybe) levels in the scale."""
    floor = draw(scales()) if floor is None else floor
    levels = st.integers(min_value=floor, max_value=TOP)
    count = draw(st.integers(min_value=1, max_value=25))
    items = [
        ItemInput(
            key=n,
            dimension=draw(st.sampled_from(DIMENSIONS)),
            aspect=draw(st.sampled_from(ASPECTS)),
            weight=draw(
                st.one_of(
                    st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]),
                    st.floats(min_value=0.01, max_value=100, allow_nan=False),
                )
            ),
            target=draw(levels),
            level=draw(st.one_of(st.none(), levels)),
        )
        for n in range(count)
    ]
    return floor, items


def _effective(item: ItemInput[int], floor: int) -> int:
    return floor if item.level is None else item.level


def _weighted_mean(items: list[ItemInput[int]], floor: int) -> float:
    """The reference weighted mean, in exact fractions, rounded like the pages show it."""
    weight = sum(Fraction(i.weight) for i in items)
    total = sum(Fraction(i.weight) * _effective(i, floor) for i in items)
    return round(float(total / weight), 2)


def _all_scores(scores: Scores[int]) -> list[Score]:
    return [
        scores.overall,
        *scores.by_dimension.values(),
        *scores.by_aspect.values(),
        *scores.by_cell.values(),
    ]


def _containing(scores: Scores[int], item: ItemInput[int]) -> list[Score]:
    """Every score the item contributes to."""
    return [
        scores.overall,
        scores.by_dimension[item.dimension],
        scores.by_aspect[item.aspect],
        scores.by_cell[(item.dimension, item.aspect)],
    ]


# --- properties ----------------------------------------------------------------------


@given(instruments(), st.data())
def test_raising_one_answer_never_lowers_a_score_that_contains_it(
    case: tuple[int, list[ItemInput[int]]], data: st.DataObject
) -> None:
    floor, items = case
    index = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    item = items[index]
    raised_to = data.draw(st.integers(min_value=_effective(item, floor), max_value=TOP))
    raised = [*items[:index], replace(item, level=raised_to), *items[index + 1 :]]
    before, after = compute(items, floor=floor), compute(raised, floor=floor)
    for old, new in zip(_containing(before, item), _containing(after, item), strict=True):
        assert new.current >= old.current
    # scores the item is not part of do not move at all
    for dimension, score in before.by_dimension.items():
        if dimension != item.dimension:
            assert after.by_dimension[dimension] == score


@given(instruments())
def test_scores_stay_within_the_scale(case: tuple[int, list[ItemInput[int]]]) -> None:
    floor, items = case
    for score in _all_scores(compute(items, floor=floor)):
        assert floor <= score.current <= TOP
        assert floor <= score.target <= TOP


@given(instruments())
def test_doubling_every_weight_changes_nothing(case: tuple[int, list[ItemInput[int]]]) -> None:
    floor, items = case
    doubled = [replace(item, weight=item.weight * 2) for item in items]
    before, after = compute(items, floor=floor), compute(doubled, floor=floor)
    assert _all_scores(after) == _all_scores(before)
    assert [g.key for g in after.gaps] == [g.key for g in before.gaps]


@given(instruments(), st.data())
def test_a_heavy_item_pulls_the_mean_towards_its_level(
    case: tuple[int, list[ItemInput[int]]], data: st.DataObject
) -> None:
    floor, items = case
    assume(len(items) >= 2)
    index = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    level = data.draw(st.integers(min_value=floor, max_value=TOP))
    others = sum(item.weight for n, item in enumerate(items) if n != index)

    def with_weight(weight: float) -> float:
        heavy = replace(items[index], level=level, weight=weight)
        return compute([*items[:index], heavy, *items[index + 1 :]], floor=floor).overall.current

    light, heavy = with_weight(items[index].weight), with_weight(others * 1000)
    assert abs(heavy - level) <= abs(light - level) + 0.01
    assert abs(heavy - level) <= (TOP - floor) / 1001 + 0.005


@given(instruments())
def test_unanswered_items_count_as_the_floor(case: tuple[int, list[ItemInput[int]]]) -> None:
    floor, items = case
    filled = [replace(item, level=_effective(item, floor)) for item in items]
    open_, answered = compute(items, floor=floor), compute(filled, floor=floor)
    for left, right in zip(_all_scores(open_), _all_scores(answered), strict=True):
        assert (left.current, left.target, left.total) == (right.current, right.target, right.total)
    assert open_.overall.answered == sum(1 for item in items if item.level is not None)
    assert answered.overall.answered == answered.overall.total == len(items)
    assert answered.overall.complete
    assert open_.overall.complete == all(item.level is not None for item in items)


@given(instruments())
def test_gap_is_target_minus_current(case: tuple[int, list[ItemInput[int]]]) -> None:
    floor, items = case
    for score in _all_scores(compute(items, floor=floor)):
        assert score.gap == round(score.target - score.current, 2)


@given(instruments())
def test_item_gaps_are_the_positive_ones_largest_first(
    case: tuple[int, list[ItemInput[int]]],
) -> None:
    floor, items = case
    gaps = compute(items, floor=floor).gaps
    expected = {i.key: i.target - _effective(i, floor) for i in items}
    assert {g.key for g in gaps} == {key for key, gap in expected.items() if gap > 0}
    assert all(g.gap == expected[g.key] > 0 for g in gaps)
    assert [g.gap for g in gaps] == sorted((g.gap for g in gaps), reverse=True)
    for first, second in zip(gaps, gaps[1:], strict=False):
        if first.gap == second.gap:  # ties: the heavier item first
            assert first.weight >= second.weight


@given(instruments())
def test_groups_hold_exactly_their_items(case: tuple[int, list[ItemInput[int]]]) -> None:
    floor, items = case
    scores = compute(items, floor=floor)
    groupings: list[tuple[dict[Any, Score], Callable[[ItemInput[int]], object]]] = [
        (scores.by_dimension, lambda i: i.dimension),
        (scores.by_aspect, lambda i: i.aspect),
        (scores.by_cell, lambda i: (i.dimension, i.aspect)),
    ]
    for by, key_of in groupings:
        assert list(by) == list(dict.fromkeys(key_of(i) for i in items))  # instrument order
        for key, score in by.items():
            members = [i for i in items if key_of(i) == key]
            assert score.total == len(members)
            assert score.answered == sum(1 for i in members if i.level is not None)
            assert score.current == pytest.approx(_weighted_mean(members, floor), abs=0.0051)
    assert scores.overall.total == len(items)
    assert scores.overall.current == pytest.approx(_weighted_mean(items, floor), abs=0.0051)


@given(st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), max_size=MIN_PEERS - 1))
def test_peer_median_is_withheld_below_three_regions(values: list[float]) -> None:
    peer = peer_median(values)
    assert peer.median is None
    assert peer.count == len(values)


@given(st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), min_size=MIN_PEERS))
def test_peer_median_from_three_regions_is_the_true_median(values: list[float]) -> None:
    ordered = sorted(values)
    middle = len(ordered) // 2
    odd = len(ordered) % 2
    expected = ordered[middle] if odd else (ordered[middle - 1] + ordered[middle]) / 2
    peer = peer_median(values)
    assert peer.count == len(values)
    assert peer.median == pytest.approx(round(expected, 2), abs=0.0051)


# --- worked examples, computed by hand -----------------------------------------------


def _example() -> list[ItemInput[str]]:
    return [
        ItemInput("g1", "governance", "structure", 1.0, 3, 2),
        ItemInput("g2", "governance", "structure", 2.0, 4, 5),
        ItemInput("g3", "governance", "infrastructure", 1.0, 3, None),
        ItemInput("e1", "economy", "structure", 3.0, 3, 1),
    ]


def test_worked_example_overall_dimension_aspect_and_cell() -> None:
    scores = compute(_example())
    # overall: (1·2 + 2·5 + 1·0 + 3·1) / 7 = 15/7; target (3 + 8 + 3 + 9) / 7 = 23/7
    assert scores.overall == Score(current=2.14, target=3.29, answered=3, total=4)
    assert scores.overall.gap == 1.15
    # governance: (2 + 10 + 0) / 4 = 3; target 14/4
    assert scores.by_dimension["governance"] == Score(3.0, 3.5, 2, 3)
    assert scores.by_dimension["economy"] == Score(1.0, 3.0, 1, 1)
    assert scores.by_dimension["economy"].gap == 2.0
    # structure: (2 + 10 + 3) / 6; target 20/6
    assert scores.by_aspect["structure"] == Score(2.5, 3.33, 3, 3)
    assert scores.by_aspect["infrastructure"] == Score(0.0, 3.0, 0, 1)
    # governance × structure: 12/3 = 4 against 11/3: above target, negative gap
    assert scores.by_cell[("governance", "structure")] == Score(4.0, 3.67, 2, 2)
    assert scores.by_cell[("governance", "structure")].gap == -0.33
    assert set(scores.by_cell) == {
        ("governance", "structure"),
        ("governance", "infrastructure"),
        ("economy", "structure"),
    }


def test_worked_example_gaps() -> None:
    gaps = compute(_example()).gaps
    # g3 unanswered: 3 − 0; e1: 3 − 1; g1: 3 − 2; g2 is above its target and not listed
    assert [(g.key, g.gap) for g in gaps] == [("g3", 3), ("e1", 2), ("g1", 1)]
    assert gaps[0].level is None


def test_equal_gaps_list_the_heavier_item_first() -> None:
    items = [
        ItemInput("light", "governance", "structure", 1.0, 4, 2),
        ItemInput("heavy", "governance", "structure", 3.0, 3, 1),
    ]
    assert [g.key for g in compute(items).gaps] == ["heavy", "light"]


def test_unanswered_items_count_as_the_lowest_level_of_the_scale() -> None:
    items = [
        ItemInput(1, "governance", "structure", 1.0, 4, 4),
        ItemInput(2, "governance", "structure", 1.0, 4, None),
    ]
    assert compute(items).overall.current == 2.0  # (4 + 0) / 2 on a 0–5 scale
    assert compute(items, floor=1).overall.current == 2.5  # (4 + 1) / 2 on a 1–5 scale
    assert compute(items).overall.answered == 1
    assert [g.key for g in compute(items).gaps] == [2]


def test_peer_median_examples() -> None:
    assert peer_median([2.0, 3.5]).median is None
    assert peer_median([2.0, 3.5]).count == 2
    assert peer_median([4.0, 1.0, 2.5]).median == 2.5
    assert peer_median([1.0, 2.0, 3.0, 4.5]).median == 2.5
    assert peer_median([1.111, 1.116, 9.0]).median == 1.12
