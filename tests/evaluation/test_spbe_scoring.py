"""The SPBE index, predicate and "what to raise next" (pure functions)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.evaluation.scoring import next_steps, spbe_index, spbe_predicate

D = Decimal
BANDS = [
    (D("4.2"), "memuaskan"),
    (D("3.5"), "sangat_baik"),
    (D("2.6"), "baik"),
    (D("1.8"), "cukup"),
    (D("0"), "kurang"),
]
RANK = {code: n for n, (_lower, code) in enumerate(reversed(BANDS))}
# A small instrument: four indicators, weights summing to 1.
SMALL = {"a": D("0.4"), "b": D("0.3"), "c": D("0.2"), "d": D("0.1")}

levels_of = st.fixed_dictionaries({key: st.integers(0, 5) for key in SMALL})


def test_hand_computed_index() -> None:
    # 0.4×3 + 0.3×2 + 0.2×5 + 0.1×0 = 1.2 + 0.6 + 1.0 = 2.8
    assert spbe_index({"a": 3, "b": 2, "c": 5, "d": 0}, SMALL) == D("2.8")
    assert spbe_predicate(D("2.8"), BANDS) == "baik"


def test_part_index_is_the_weighted_mean_of_the_part() -> None:
    # Aspect of c and d only: (0.2×5 + 0.1×2) / 0.3 = 4
    assert spbe_index({"c": 5, "d": 2}, {"c": D("0.2"), "d": D("0.1")}) == D(4)


def test_a_missing_level_counts_as_nothing_yet() -> None:
    assert spbe_index({"a": 5}, SMALL) == D(2)


def test_boundaries_belong_to_the_higher_band() -> None:
    assert spbe_predicate(D("4.2"), BANDS) == "memuaskan"
    assert spbe_predicate(D("4.1999"), BANDS) == "sangat_baik"
    assert spbe_predicate(D("3.5"), BANDS) == "sangat_baik"
    assert spbe_predicate(D("2.6"), BANDS) == "baik"
    assert spbe_predicate(D("1.8"), BANDS) == "cukup"
    assert spbe_predicate(D("1.7999"), BANDS) == "kurang"
    assert spbe_predicate(D("0"), BANDS) == "kurang"
    assert spbe_predicate(D("5"), BANDS) == "memuaskan"


@given(levels_of, st.sampled_from(sorted(SMALL)))
def test_raising_one_level_never_lowers_index_or_predicate(levels: dict, key: str) -> None:
    before = spbe_index(levels, SMALL)
    raised = {**levels, key: min(5, levels[key] + 1)}
    after = spbe_index(raised, SMALL)
    assert after >= before
    assert RANK[spbe_predicate(after, BANDS)] >= RANK[spbe_predicate(before, BANDS)]


@given(st.sampled_from([lower for lower, _code in BANDS]))
def test_every_lower_bound_is_in_its_own_band(lower: Decimal) -> None:
    code = dict((lo, c) for lo, c in BANDS)[lower]
    assert spbe_predicate(lower, BANDS) == code


def _brute_force(levels: dict, weights: dict, target: Decimal, efforts: dict) -> tuple | None:
    """Every combination of raises: the fewest steps, then the least effort."""
    keys = sorted(weights)
    best = None
    for raised in itertools.product(*(range(levels[k], 6) for k in keys)):
        new = dict(zip(keys, raised, strict=True))
        if spbe_index(new, weights) < target:
            continue
        steps = sum(new[k] - levels[k] for k in keys)
        effort = sum((new[k] - levels[k]) * efforts.get(k, 1) for k in keys)
        if best is None or (steps, effort) < best:
            best = (steps, effort)
    return best


@given(levels_of, st.sampled_from([lower for lower, _code in BANDS]))
def test_greedy_is_optimal_when_every_step_costs_the_same(levels: dict, target: Decimal) -> None:
    found = next_steps(levels, SMALL, target)
    best = _brute_force(levels, SMALL, target, {})
    if best is None:
        assert found is None
        return
    assert found is not None
    raised = {**levels, **{s.indicator: s.to_level for s in found}}
    assert spbe_index(raised, SMALL) >= target
    assert sum(s.count for s in found) == best[0]


@given(
    levels_of,
    st.sampled_from([lower for lower, _code in BANDS]),
    st.fixed_dictionaries({key: st.sampled_from([D(1), D(2), D(5)]) for key in SMALL}),
)
def test_least_effort_among_the_fewest_steps(levels: dict, target: Decimal, efforts: dict) -> None:
    weights = {"a": D("0.3"), "b": D("0.3"), "c": D("0.2"), "d": D("0.2")}
    found = next_steps(levels, weights, target, efforts)
    best = _brute_force(levels, weights, target, efforts)
    if best is None:
        assert found is None
        return
    assert found is not None
    raised = {**levels, **{s.indicator: s.to_level for s in found}}
    assert spbe_index(raised, weights) >= target
    assert (sum(s.count for s in found), sum(s.effort for s in found)) == best


def test_next_steps_hand_example() -> None:
    # Index 2.8 (baik); Sangat Baik needs 3.5: +0.7. a from 3 to 5 gives 0.8 in two steps.
    found = next_steps({"a": 3, "b": 2, "c": 5, "d": 0}, SMALL, D("3.5"))
    assert found is not None
    assert [(s.indicator, s.from_level, s.to_level) for s in found] == [("a", 3, 5)]


def test_nothing_to_do_or_out_of_reach() -> None:
    assert next_steps({"a": 5, "b": 5, "c": 5, "d": 5}, SMALL, D("4.2")) == []
    assert next_steps({"a": 0}, {"a": D("0.5")}, D("4.2")) is not None
    assert next_steps({"a": 0, "b": 0}, {"a": D("0.5"), "b": D("0.5")}, D("5.1")) is None


# The shipped instrument's weights: 10 × 1.3 %, 10 × 2.5 %, 11 × 1.5 %, 10 × 2.75 %, 6 × 3 %.
FULL = {
    n: w
    for n, w in enumerate(
        [D("0.013")] * 10
        + [D("0.025")] * 10
        + [D("0.015")] * 11
        + [D("0.0275")] * 10
        + [D("0.03")] * 6,
        start=1,
    )
}


@given(
    st.fixed_dictionaries({n: st.integers(0, 5) for n in FULL}),
    st.fixed_dictionaries({n: st.sampled_from([D(1), D(2), D(3)]) for n in FULL}),
    st.sampled_from([D("2.6"), D("3.5"), D("4.2")]),
)
def test_efforts_never_cost_a_step_and_never_cost_more_than_ignoring_them(
    levels: dict, efforts: dict, target: Decimal
) -> None:
    plain = next_steps(levels, FULL, target)
    cheap = next_steps(levels, FULL, target, efforts)
    if plain is None:
        assert cheap is None
        return
    assert cheap is not None
    raised = {**levels, **{s.indicator: s.to_level for s in cheap}}
    assert spbe_index(raised, FULL) >= target
    assert sum(s.count for s in cheap) == sum(s.count for s in plain)
    plain_effort = sum(efforts[s.indicator] * s.count for s in plain)
    assert sum(s.effort for s in cheap) <= plain_effort
