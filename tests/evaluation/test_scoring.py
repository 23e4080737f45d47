"""The evaluation index: hand-computed cases, rounding at the second decimal, bad weights."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.evaluation import scoring
from kotacerdas.evaluation.scoring import WeightsError, evaluation_index

D = Decimal
CURRENT = {
    "baseline": D("0.10"),
    "output": D("0.20"),
    "outcome": D("0.30"),
    "impact": D("0.20"),
    "quick_win": D("0.20"),
}
OLDER = {**CURRENT, "impact": D("0.30"), "quick_win": D("0.10")}


def test_current_weights_hand_computed() -> None:
    scores = {"baseline": D(3), "output": D(4), "outcome": D(2), "impact": D(3), "quick_win": D(4)}
    # 0.3 + 0.8 + 0.6 + 0.6 + 0.8 = 3.10
    assert evaluation_index(scores, CURRENT) == D("3.10")


def test_older_round_weights_give_another_index_for_the_same_scores() -> None:
    scores = {"baseline": D(3), "output": D(4), "outcome": D(2), "impact": D(3), "quick_win": D(4)}
    # 0.3 + 0.8 + 0.6 + 0.9 + 0.4 = 3.00
    assert evaluation_index(scores, OLDER) == D("3.00")


def test_rounds_half_up_at_the_second_decimal_and_keeps_the_unrounded_value() -> None:
    scores = {
        "baseline": D("2.5"),
        "output": D("2.5"),
        "outcome": D("2.5"),
        "impact": D("2.5"),
        "quick_win": D("2.525"),
    }
    # 2.5 × 0.8 + 2.525 × 0.2 = 2.505 → 2.51 (half-up, not banker's 2.50)
    assert evaluation_index(scores, CURRENT, rounded=False) == D("2.5050")
    assert evaluation_index(scores, CURRENT) == D("2.51")


def test_just_below_half_rounds_down() -> None:
    scores = dict.fromkeys(CURRENT, D("3.004"))
    assert evaluation_index(scores, CURRENT) == D("3.00")


def test_weights_not_summing_to_one_are_refused() -> None:
    bad = {**CURRENT, "impact": D("0.25")}
    with pytest.raises(WeightsError, match="1.05"):
        evaluation_index(dict.fromkeys(CURRENT, D(3)), bad)


def test_scores_missing_a_component_are_refused() -> None:
    scores = dict.fromkeys(CURRENT, D(3))
    del scores["quick_win"]
    with pytest.raises(WeightsError, match="quick_win"):
        evaluation_index(scores, CURRENT)


def test_component_scores_are_means_over_dimensions_and_match_the_mean_of_dimensions() -> None:
    cells = {
        ("baseline", "a"): D(2),
        ("baseline", "b"): D(4),
        ("output", "a"): D(3),
        ("output", "b"): D(3),
        ("outcome", "a"): D(1),
        ("outcome", "b"): D(4),
        ("impact", "a"): D(2),
        ("impact", "b"): D(2),
        ("quick_win", "a"): D(4),
        ("quick_win", "b"): D(3),
    }
    components = scoring.component_scores(cells)
    assert components["outcome"] == D("2.5")
    overall = evaluation_index(components, CURRENT, rounded=False)
    per_dimension = [
        evaluation_index(scoring.dimension_scores(cells, dim), CURRENT, rounded=False)
        for dim in ("a", "b")
    ]
    assert overall == (per_dimension[0] + per_dimension[1]) / 2


def test_result_writes_out_each_term() -> None:
    scores = dict.fromkeys(CURRENT, D(3))
    found = scoring.result(scores, CURRENT)
    assert found is not None
    assert [t.component for t in found.terms] == list(scoring.COMPONENTS)
    assert found.terms[2].product == D("0.90")
    assert found.rounded == D("3.00")


def test_rank_shares_places_for_equal_rounded_indices() -> None:
    assert scoring.rank({1: D("3.1"), 2: D("3.104"), 3: D("2.9"), 4: D("3.5")}) == {
        4: 1,
        1: 2,
        2: 2,
        3: 4,
    }


scores = st.decimals(min_value=1, max_value=4, places=2, allow_nan=False)


@given(st.fixed_dictionaries(dict.fromkeys(CURRENT, scores)))
def test_index_stays_within_the_scale(values: dict[str, Decimal]) -> None:
    index = evaluation_index(values, CURRENT)
    assert D(1) <= index <= D(4)
    assert abs(index - evaluation_index(values, CURRENT, rounded=False)) <= D("0.005")
