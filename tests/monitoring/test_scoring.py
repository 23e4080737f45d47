"""The maths of monitoring: achievement by direction, status from thresholds, the roll-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kotacerdas.monitoring import periods, scoring
from kotacerdas.monitoring.scoring import Part, Status, Thresholds

D = Decimal
values = st.decimals(min_value=-1000, max_value=10000, places=2, allow_nan=False)
optional = st.none() | values


def test_higher_with_baseline_counts_the_share_of_the_planned_improvement() -> None:
    # Baseline 40 %, target 60 %: reaching 50 % is half the way.
    assert scoring.achievement("higher", D(50), target=D(60), baseline=D(40)) == D("50.00")


def test_higher_without_baseline_is_value_over_target() -> None:
    assert scoring.achievement("higher", D(45), target=D(60)) == D("75.00")


def test_lower_with_baseline_counts_the_share_of_the_planned_reduction() -> None:
    # Waiting time 30 days down to 10: 20 days is half the way.
    assert scoring.achievement("lower", D(20), target=D(10), baseline=D(30)) == D("50.00")


def test_lower_without_baseline_is_target_over_value() -> None:
    assert scoring.achievement("lower", D(20), target=D(10)) == D("50.00")
    assert scoring.achievement("lower", D(5), target=D(10)) == D("100.00")


def test_beyond_target_counts_as_hundred_and_worse_than_baseline_as_zero() -> None:
    assert scoring.achievement("higher", D(90), target=D(60), baseline=D(40)) == D(100)
    assert scoring.achievement("higher", D(10), target=D(60), baseline=D(40)) == D(0)


def test_within_range() -> None:
    assert scoring.achievement("range", D(5), target=None, range_min=D(4), range_max=D(6)) == D(100)
    # 1 below a range 2 wide: half the width away.
    assert scoring.achievement("range", D(3), target=None, range_min=D(4), range_max=D(6)) == D(
        "50.00"
    )


def test_no_target_has_no_achievement() -> None:
    assert scoring.achievement("higher", D(5), target=None) is None


@pytest.mark.parametrize(
    ("achieved", "reported", "expected"),
    [
        (D(95), True, Status.ON_TRACK),
        (D(90), True, Status.ON_TRACK),
        (D(70), True, Status.AT_RISK),
        (D("69.99"), True, Status.OFF_TRACK),
        (None, True, Status.NO_TARGET),
        (None, False, Status.NOT_REPORTED),
    ],
)
def test_status_from_thresholds(achieved: Decimal | None, reported: bool, expected: Status) -> None:
    assert scoring.status(achieved, Thresholds(), reported=reported) == expected


def test_roll_up_counts_a_due_unreported_indicator_as_zero_and_leaves_out_no_target() -> None:
    reported = scoring.indicator_score(D(80), due=True, has_target=True)
    missing = scoring.indicator_score(None, due=True, has_target=True)
    untargeted = scoring.indicator_score(None, due=True, has_target=False)
    not_due = scoring.indicator_score(None, due=False, has_target=True)
    assert scoring.roll_up([Part(reported), Part(missing), Part(untargeted), Part(not_due)]) == D(
        "40.00"
    )


def test_roll_up_of_nothing_is_none() -> None:
    assert scoring.roll_up([]) is None
    assert scoring.roll_up([Part(None)]) is None
    assert scoring.roll_up_status(None, Thresholds()) == Status.NOT_REPORTED


def test_roll_up_weights() -> None:
    assert scoring.roll_up([Part(D(100), D(3)), Part(D(0), D(1))]) == D("75.00")


scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
weights = st.decimals(min_value=0, max_value=999, places=2, allow_nan=False)


@given(st.lists(st.tuples(scores | st.none(), weights), max_size=8), scores | st.none())
def test_a_child_of_weight_zero_is_ignored_by_the_roll_up(
    children: list[tuple[Decimal | None, Decimal]], ignored: Decimal | None
) -> None:
    parts = [Part(score, weight) for score, weight in children]
    assert scoring.roll_up([*parts, Part(ignored, D(0))]) == scoring.roll_up(parts)
    assert scoring.roll_up([Part(ignored, D(0)), *parts]) == scoring.roll_up(parts)


@given(st.sampled_from(["higher", "lower"]), values, values, values, optional)
def test_a_better_realisation_never_lowers_achievement(
    direction: str, a: Decimal, b: Decimal, target: Decimal, baseline: Decimal | None
) -> None:
    worse, better = (min(a, b), max(a, b)) if direction == "higher" else (max(a, b), min(a, b))
    low = scoring.achievement(direction, worse, target=target, baseline=baseline)
    high = scoring.achievement(direction, better, target=target, baseline=baseline)
    assert low is not None and high is not None
    assert high >= low
    assert D(0) <= low <= D(100)


@given(values, values, values, values)
def test_closer_to_the_range_never_lowers_achievement(
    a: Decimal, b: Decimal, low: Decimal, high: Decimal
) -> None:
    low, high = min(low, high), max(low, high)

    def distance(v: Decimal) -> Decimal:
        return max(low - v, v - high, D(0))

    assume(distance(a) != distance(b))
    closer, farther = (a, b) if distance(a) < distance(b) else (b, a)
    near = scoring.achievement("range", closer, target=None, range_min=low, range_max=high)
    far = scoring.achievement("range", farther, target=None, range_min=low, range_max=high)
    assert near is not None and far is not None and near >= far


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.integers(min_value=1, max_value=12),
    st.decimals(min_value=D("0.1"), max_value=10, places=1),
)
def test_the_roll_up_of_identical_children_equals_the_child(
    score: Decimal, count: int, weight: Decimal
) -> None:
    assert scoring.roll_up([Part(score, weight)] * count) == score


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=20))
def test_the_roll_up_lies_between_its_children(scores: list[Decimal]) -> None:
    result = scoring.roll_up([Part(s) for s in scores])
    assert result is not None
    assert min(scores) - D("0.01") <= result <= max(scores) + D("0.01")


def test_periods_and_due_dates() -> None:
    q3 = periods.Period(2025, 3)
    assert periods.bounds("quarterly", q3) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert periods.due_date("quarterly", q3) == dt.date(2025, 10, 30)
    assert periods.bounds("half_yearly", periods.Period(2024, 1))[1] == dt.date(2024, 6, 30)
    assert periods.bounds("monthly", periods.Period(2024, 2))[1] == dt.date(2024, 2, 29)
    assert len(periods.schedule("monthly", range(2025, 2027))) == 24
    assert periods.in_schedule("yearly", range(2025, 2030), periods.Period(2025, 0))
    assert not periods.in_schedule("yearly", range(2025, 2030), periods.Period(2025, 1))
    assert periods.quarter_of("monthly", periods.Period(2025, 5)) == 2
