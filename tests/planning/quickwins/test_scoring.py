"""Quick-win ranking, AHP weights, sensitivity and rule checks (pure maths)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kotacerdas.planning.quickwins.scoring import (
    Criterion,
    QuickWinFacts,
    Ranked,
    Warning,
    ahp_weights,
    quick_win_warnings,
    rank_programmes,
    sensitivity,
    warning_message,
)

KEYS = ["impact", "visibility", "cost", "feasibility", "months", "readiness", "innovation"]

scores_1_5 = st.integers(min_value=1, max_value=5)
weights = st.floats(min_value=0.01, max_value=10, allow_nan=False)


@st.composite
def criteria_lists(draw: st.DrawFn, min_size: int = 1) -> list[Criterion]:
    size = draw(st.integers(min_value=min_size, max_value=len(KEYS)))
    return [Criterion(key, draw(weights), draw(st.booleans())) for key in KEYS[:size]]


@st.composite
def complete_scores(
    draw: st.DrawFn, criteria: list[Criterion], min_programmes: int = 1
) -> dict[int, dict[str, int | None]]:
    count = draw(st.integers(min_value=min_programmes, max_value=8))
    return {
        key: {criterion.key: draw(scores_1_5) for criterion in criteria} for key in range(count)
    }


def totals(ranking: Sequence[Ranked[Any]]) -> dict[Any, float]:
    return {row.key: row.total for row in ranking}


def order(ranking: Sequence[Ranked[Any]]) -> list[Any]:
    return [row.key for row in ranking]


# --- ranking ---------------------------------------------------------------------------------


def test_worked_example_with_a_lower_is_better_criterion() -> None:
    criteria = [Criterion("impact", 3), Criterion("cost", 1, lower_is_better=True)]
    ranking = rank_programmes(
        {"A": {"impact": 5, "cost": 5}, "B": {"impact": 4, "cost": 1}}, criteria
    )
    # A: 0.75 × 5 + 0.25 × (6 − 5) = 4.0 ; B: 0.75 × 4 + 0.25 × 5 = 4.25
    assert order(ranking) == ["B", "A"]
    assert ranking[0].total == pytest.approx(4.25)
    assert ranking[1].total == pytest.approx(4.0)
    assert ranking[1].contributions == pytest.approx({"impact": 3.75, "cost": 0.25})
    assert [row.rank for row in ranking] == [1, 2]
    assert all(row.complete for row in ranking)


def test_unanswered_criteria_renormalise_and_unscored_programmes_rank_last() -> None:
    criteria = [Criterion("impact", 1), Criterion("visibility", 1)]
    ranking = rank_programmes(
        {
            "nothing": {"impact": None, "visibility": None},
            "half": {"impact": 4, "visibility": None},
            "all": {"impact": 4, "visibility": 4},
        },
        criteria,
    )
    assert order(ranking) == ["all", "half", "nothing"]  # equal totals: more criteria scored
    half = ranking[1]
    assert half.total == pytest.approx(4.0)
    assert not half.complete
    assert ranking[2].total == 0
    assert not ranking[2].complete
    assert ranking[2].rank == 3


def test_ties_are_broken_by_key_and_ranks_are_not_shared() -> None:
    ranking = rank_programmes(
        {"b": {"impact": 3}, "a": {"impact": 3}, "c": {"impact": 3}}, [Criterion("impact", 1)]
    )
    assert order(ranking) == ["a", "b", "c"]
    assert [row.rank for row in ranking] == [1, 2, 3]


@pytest.mark.parametrize(
    ("scores", "criteria"),
    [
        ({"a": {"impact": 6}}, [Criterion("impact", 1)]),
        ({"a": {"impact": 0}}, [Criterion("impact", 1)]),
        ({"a": {"impact": 3}}, [Criterion("impact", -1)]),
        ({"a": {"impact": 3}}, [Criterion("impact", math.nan)]),
        ({"a": {"impact": 3}}, [Criterion("impact", 1), Criterion("impact", 2)]),
    ],
)
def test_bad_scores_and_weights_are_refused(
    scores: dict[str, dict[str, int | None]], criteria: list[Criterion]
) -> None:
    with pytest.raises(ValueError):
        rank_programmes(scores, criteria)


@settings(deadline=None)
@given(st.data())
def test_complete_totals_stay_between_1_and_5(data: st.DataObject) -> None:
    criteria = data.draw(criteria_lists())
    ranking = rank_programmes(data.draw(complete_scores(criteria)), criteria)
    for row in ranking:
        assert row.complete
        assert 1 - 1e-9 <= row.total <= 5 + 1e-9
        assert sum(row.contributions.values()) == pytest.approx(row.total)


@settings(deadline=None)
@given(st.data())
def test_total_is_monotonic_in_each_score(data: st.DataObject) -> None:
    criteria = data.draw(criteria_lists())
    typed = data.draw(complete_scores(criteria))[0]
    criterion = data.draw(st.sampled_from(criteria))
    score = typed[criterion.key]
    assume(score is not None and score < 5)
    better = {**typed, criterion.key: (score or 0) + 1}
    before = rank_programmes({0: typed}, criteria)[0].total
    after = rank_programmes({0: better}, criteria)[0].total
    if criterion.lower_is_better:
        assert after < before
    else:
        assert after > before


@settings(deadline=None)
@given(st.data())
def test_ranks_follow_totals(data: st.DataObject) -> None:
    criteria = data.draw(criteria_lists())
    ranking = rank_programmes(data.draw(complete_scores(criteria, min_programmes=2)), criteria)
    assert [row.rank for row in ranking] == list(range(1, len(ranking) + 1))
    for higher, lower in zip(ranking, ranking[1:], strict=False):
        assert higher.total >= lower.total - 1e-9


@settings(deadline=None)
@given(st.data())
def test_a_criterion_with_weight_zero_never_changes_the_order(data: st.DataObject) -> None:
    criteria = data.draw(criteria_lists())
    scores = data.draw(complete_scores(criteria, min_programmes=2))
    # Add a weight-0 criterion, scored at random — or left unanswered — per programme.
    ignored = [*criteria, Criterion("ignored", 0.0)]
    with_ignored = {
        key: {**typed, "ignored": data.draw(st.one_of(st.none(), scores_1_5))}
        for key, typed in scores.items()
    }
    base = rank_programmes(scores, criteria)
    moved = rank_programmes(with_ignored, ignored)
    assert order(moved) == order(base)
    assert totals(moved) == pytest.approx(totals(base))
    assert [row.complete for row in moved] == [row.complete for row in base]


@settings(deadline=None)
@given(st.data())
def test_scaling_every_weight_changes_nothing(data: st.DataObject) -> None:
    criteria = data.draw(criteria_lists())
    scores = data.draw(complete_scores(criteria, min_programmes=2))
    factor = data.draw(st.floats(min_value=0.1, max_value=100))
    scaled = [Criterion(c.key, c.weight * factor, c.lower_is_better) for c in criteria]
    assert totals(rank_programmes(scores, scaled)) == pytest.approx(
        totals(rank_programmes(scores, criteria))
    )


def test_a_heavier_weight_moves_its_champion_up() -> None:
    scores: dict[str, dict[str, int | None]] = {
        "visible": {"impact": 2, "visibility": 5},
        "useful": {"impact": 5, "visibility": 2},
    }
    by_impact = [Criterion("impact", 3), Criterion("visibility", 1)]
    by_visibility = [Criterion("impact", 1), Criterion("visibility", 3)]
    assert order(rank_programmes(scores, by_impact)) == ["useful", "visible"]
    assert order(rank_programmes(scores, by_visibility)) == ["visible", "useful"]


# --- AHP ---------------------------------------------------------------------------------


def test_textbook_example() -> None:
    # The classic three-criterion example: weights 0.637 / 0.258 / 0.105, λmax 3.0385, CR 0.033.
    result = ahp_weights(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 3})
    assert result.weights == pytest.approx({"a": 0.637, "b": 0.258, "c": 0.105}, abs=5e-4)
    assert result.lambda_max == pytest.approx(3.0385, abs=1e-4)
    assert result.ci == pytest.approx(0.0193, abs=1e-4)
    assert result.cr == pytest.approx(0.0332, abs=1e-4)
    assert result.consistent


def test_inconsistent_judgements_are_flagged() -> None:
    # a > b > c but c > a: a cycle of preferences.
    result = ahp_weights(["a", "b", "c"], {("a", "b"): 5, ("b", "c"): 5, ("c", "a"): 5})
    assert result.cr is not None
    assert result.cr > 0.1
    assert not result.consistent


def test_small_matrices_have_no_consistency_ratio() -> None:
    assert ahp_weights([], {}).weights == {}
    one = ahp_weights(["a"], {})
    assert one.weights == {"a": pytest.approx(1.0)}
    assert one.cr is None
    two = ahp_weights(["a", "b"], {("a", "b"): 4})
    assert two.weights == pytest.approx({"a": 0.8, "b": 0.2})
    assert two.cr is None
    assert two.consistent


def test_missing_pairs_count_as_equal() -> None:
    result = ahp_weights(KEYS, {})
    assert all(value == pytest.approx(1 / len(KEYS)) for value in result.weights.values())
    assert result.cr == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize(
    "judgements",
    [
        {("a", "z"): 2.0},
        {("a", "b"): 0.0},
        {("a", "b"): -3.0},
        {("a", "a"): 2.0},
        {("a", "b"): 3.0, ("b", "a"): 3.0},
    ],
)
def test_bad_judgements_are_refused(judgements: dict[tuple[str, str], float]) -> None:
    with pytest.raises(ValueError):
        ahp_weights(["a", "b", "c"], judgements)


def test_a_pair_and_its_reciprocal_may_both_be_given() -> None:
    both = ahp_weights(["a", "b", "c"], {("a", "b"): 3, ("b", "a"): 1 / 3})
    one = ahp_weights(["a", "b", "c"], {("a", "b"): 3})
    assert both.weights == pytest.approx(one.weights)


generating_vectors = st.lists(
    st.floats(min_value=0.1, max_value=10, allow_nan=False), min_size=3, max_size=9
)


@settings(deadline=None)
@given(generating_vectors)
def test_a_perfectly_consistent_matrix_gives_the_generating_weights(vector: list[float]) -> None:
    keys = [f"c{position}" for position in range(len(vector))]
    judgements = {
        (keys[i], keys[j]): vector[i] / vector[j]
        for i in range(len(keys))
        for j in range(i + 1, len(keys))
    }
    result = ahp_weights(keys, judgements)
    total = sum(vector)
    assert [result.weights[key] for key in keys] == pytest.approx(
        [value / total for value in vector], rel=1e-6
    )
    assert result.lambda_max == pytest.approx(len(keys), rel=1e-9)
    assert result.cr == pytest.approx(0, abs=1e-9)
    assert result.consistent


saaty = st.sampled_from([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9, 2, 1 / 2])


@settings(deadline=None)
@given(st.data())
def test_weights_sum_to_one_and_reversing_a_judgement_is_its_reciprocal(
    data: st.DataObject,
) -> None:
    size = data.draw(st.integers(min_value=3, max_value=8))
    keys = [f"c{position}" for position in range(size)]
    pairs = [(keys[i], keys[j]) for i in range(size) for j in range(i + 1, size)]
    judgements = {pair: data.draw(saaty) for pair in pairs}
    reversed_ = {(b, a): 1 / value for (a, b), value in judgements.items()}
    forward = ahp_weights(keys, judgements)
    backward = ahp_weights(keys, reversed_)
    assert sum(forward.weights.values()) == pytest.approx(1.0)
    assert all(value > 0 for value in forward.weights.values())
    assert backward.weights == pytest.approx(forward.weights)
    assert backward.cr == pytest.approx(forward.cr)
    assert forward.lambda_max >= size - 1e-9


# --- sensitivity -------------------------------------------------------------------------


@settings(deadline=None)
@given(st.data())
def test_sensitivity_with_delta_zero_changes_nothing(data: st.DataObject) -> None:
    criteria = data.draw(criteria_lists())
    scores = data.draw(complete_scores(criteria, min_programmes=2))
    top_n = data.draw(st.integers(min_value=0, max_value=5))
    baseline = order(rank_programmes(scores, criteria))[:top_n]
    results = sensitivity(scores, criteria, top_n, delta=0.0)
    assert len(results) == 2 * len(criteria)
    for result in results:
        assert result.top == baseline
        assert result.entered == []
        assert result.left == []


@settings(deadline=None)
@given(st.data())
def test_sensitivity_entered_and_left_balance(data: st.DataObject) -> None:
    criteria = data.draw(criteria_lists())
    scores = data.draw(complete_scores(criteria, min_programmes=2))
    top_n = data.draw(st.integers(min_value=1, max_value=5))
    baseline = set(order(rank_programmes(scores, criteria))[:top_n])
    for result in sensitivity(scores, criteria, top_n):
        assert len(result.entered) == len(result.left)
        assert set(result.top) == (baseline - set(result.left)) | set(result.entered)


def test_sensitivity_names_who_enters_and_leaves() -> None:
    scores: dict[str, dict[str, int | None]] = {
        "visible": {"impact": 2, "visibility": 5},
        "useful": {"impact": 5, "visibility": 2},
        "plain": {"impact": 3, "visibility": 3},
    }
    criteria = [Criterion("impact", 1.1), Criterion("visibility", 1)]
    results = sensitivity(scores, criteria, top_n=1)
    assert [(r.criterion, r.change) for r in results] == [
        ("impact", 0.2),
        ("impact", -0.2),
        ("visibility", 0.2),
        ("visibility", -0.2),
    ]
    assert results[0].top == ["useful"]
    assert results[0].entered == []
    assert results[1].top == ["visible"]  # impact 0.88 < visibility 1
    assert results[1].entered == ["visible"]
    assert results[1].left == ["useful"]
    assert results[2].left == ["useful"]


@settings(deadline=None)
@given(st.data())
def test_sensitivity_top_is_the_top_of_the_full_ranking(data: st.DataObject) -> None:
    """The sensitivity list is found without ranking everything; it must name the same
    programmes, in the same order, as the full ranking with the moved weight would (gaps,
    zero weights and equal totals included)."""
    criteria = [
        Criterion(c.key, data.draw(st.sampled_from([0.0, 1.0, c.weight])), c.lower_is_better)
        for c in data.draw(criteria_lists())
    ]
    count = data.draw(st.integers(min_value=0, max_value=12))
    scores = {
        key: {c.key: data.draw(st.none() | st.integers(min_value=1, max_value=3)) for c in criteria}
        for key in range(count)
    }
    top_n = data.draw(st.integers(min_value=0, max_value=14))
    for result in sensitivity(scores, criteria, top_n):
        moved = [
            Criterion(c.key, c.weight * (1 + result.change), c.lower_is_better)
            if c.key == result.criterion
            else c
            for c in criteria
        ]
        assert result.top == order(rank_programmes(scores, moved))[:top_n]


def test_sensitivity_refuses_a_nonsense_delta() -> None:
    with pytest.raises(ValueError):
        sensitivity({}, [Criterion("impact", 1)], top_n=3, delta=1.5)


# --- quick-win rules ------------------------------------------------------------------------


def test_quick_win_rule_checks() -> None:
    chosen = [
        QuickWinFacts("P1", "governance", 6, True),
        QuickWinFacts("P2", "economy", 18, True),
        QuickWinFacts("P3", "economy", None, False),
    ]
    warnings = quick_win_warnings(chosen, ["governance", "economy", "society"])
    assert warnings == [
        Warning("dimension_with_several_quick_wins", "economy"),
        Warning("dimension_without_quick_win", "society"),
        Warning("longer_than_12_months", "P2"),
        Warning("without_funding", "P3"),
    ]


def test_one_funded_short_quick_win_per_dimension_is_clean() -> None:
    chosen = [QuickWinFacts(1, "governance", 12, True), QuickWinFacts(2, "economy", 3, True)]
    assert quick_win_warnings(chosen, ["governance", "economy"]) == []


def test_warning_messages_name_their_subject() -> None:
    from django.utils import translation

    with translation.override("en"):
        message = warning_message(Warning("without_funding", 7), "Smart parking")
        assert message == "Quick win Smart parking has no funding."
        assert "economy" in warning_message(Warning("dimension_without_quick_win", "economy"))
