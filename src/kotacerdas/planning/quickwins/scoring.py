"""Quick-win ranking, AHP weights, sensitivity and quick-win rule checks.

Pure functions over plain values: no ORM. Pages, the API and documents call the same functions.

Scores are typed by the team on a 1–5 scale per criterion. For a criterion where less is better
(cost, months to first result) the score used in the total is ``6 − typed score``, so 5 is always
the best contribution.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.utils.translation import gettext as _

MIN_SCORE = 1
MAX_SCORE = 5
CONSISTENCY_LIMIT = 0.1
QUICK_WIN_MAX_MONTHS = 12

# Saaty's random consistency index by matrix size. Beyond 15 criteria the index levels off; the
# last value is used.
RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}

# Totals are compared after rounding so that float noise never decides a rank.
_PRECISION = 9


class SortableKey(Hashable, Protocol):
    """A programme key: hashable and ordered (programme ids, codes)."""

    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=SortableKey)


@dataclass(frozen=True)
class Criterion:
    """A quick-win criterion and its weight (any non-negative number; normalised when used)."""

    key: str
    weight: float
    lower_is_better: bool = False


@dataclass(frozen=True)
class Ranked(Generic[K]):
    """One programme in the ranking.

    ``total`` is on the 1–5 scale (0 when nothing is scored); ``contributions`` maps each scored
    criterion to its share of the total (normalised weight × score used), so they add up to it.
    """

    key: K
    total: float
    rank: int
    complete: bool
    contributions: dict[str, float] = field(default_factory=dict)
    scored: int = 0


def _check_criteria(criteria: Sequence[Criterion]) -> None:
    keys = [criterion.key for criterion in criteria]
    if len(set(keys)) != len(keys):
        raise ValueError("criterion keys must be unique")
    for criterion in criteria:
        if not math.isfinite(criterion.weight) or criterion.weight < 0:
            raise ValueError(f"weight of {criterion.key!r} must be a non-negative number")


def _score_used(criterion: Criterion, typed: int) -> int:
    if not MIN_SCORE <= typed <= MAX_SCORE:
        raise ValueError(f"score {typed} of {criterion.key!r} is outside 1–5")
    return MAX_SCORE + MIN_SCORE - typed if criterion.lower_is_better else typed


def _score_one(key: K, typed: Mapping[str, int | None], criteria: Sequence[Criterion]) -> Ranked[K]:
    counting = [criterion for criterion in criteria if criterion.weight > 0]
    answered = [
        (criterion, _score_used(criterion, score))
        for criterion in counting
        if (score := typed.get(criterion.key)) is not None
    ]
    weight_sum = sum(criterion.weight for criterion, _score in answered)
    if not answered or weight_sum <= 0:
        return Ranked(key=key, total=0.0, rank=0, complete=False)
    contributions = {
        criterion.key: criterion.weight / weight_sum * score for criterion, score in answered
    }
    return Ranked(
        key=key,
        total=sum(contributions.values()),
        rank=0,
        complete=len(answered) == len(counting),
        contributions=contributions,
        scored=len(answered),
    )


def rank_programmes(
    scores: Mapping[K, Mapping[str, int | None]], criteria: Sequence[Criterion]
) -> list[Ranked[K]]:
    """Rank programmes by their weighted score, best first.

    Rules:
    - Weights are normalised to sum 1 over the criteria the programme has scored; a criterion
      with weight 0 is ignored entirely (it never changes a total, a rank or completeness).
    - A programme is ``complete`` when every criterion with a positive weight is scored; an
      incomplete programme's total is the weighted mean of what it has scored.
    - A programme with no scored criterion has total 0 and ranks after every scored one.
    - Ranks are 1, 2, 3 … with no shared ranks. Equal totals are ordered by the number of
      criteria scored (more first), then by key (ascending).
    - Scores outside 1–5, negative weights or duplicate criterion keys raise ``ValueError``.
    """
    _check_criteria(criteria)
    rows = [_score_one(key, typed, criteria) for key, typed in scores.items()]
    rows.sort(key=lambda row: (-round(row.total, _PRECISION), -row.scored, row.key))
    return [
        Ranked(row.key, row.total, position, row.complete, row.contributions, row.scored)
        for position, row in enumerate(rows, start=1)
    ]


# --- AHP -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ahp:
    """Weights derived from pairwise comparisons, with Saaty's consistency measures."""

    weights: dict[str, float]
    lambda_max: float
    ci: float
    cr: float | None
    consistent: bool


def _pairwise_matrix(
    keys: Sequence[str], judgements: Mapping[tuple[str, str], float]
) -> list[list[float]]:
    index = {key: position for position, key in enumerate(keys)}
    if len(index) != len(keys):
        raise ValueError("criterion keys must be unique")
    matrix = [[1.0] * len(keys) for _key in keys]
    given: set[tuple[int, int]] = set()
    for (first, second), value in judgements.items():
        if first not in index or second not in index:
            raise ValueError(f"judgement ({first!r}, {second!r}) names an unknown criterion")
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"judgement ({first!r}, {second!r}) must be a positive number")
        i, j = index[first], index[second]
        if i == j and not math.isclose(value, 1.0):
            raise ValueError(f"a criterion is as important as itself: ({first!r}, {first!r})")
        if (j, i) in given and not math.isclose(matrix[i][j], value, rel_tol=1e-9):
            raise ValueError(f"judgements ({first!r}, {second!r}) and its reverse disagree")
        matrix[i][j], matrix[j][i] = value, 1.0 / value
        given.add((i, j))
    return matrix


def _principal_vector(matrix: list[list[float]]) -> list[float]:
    """Perron vector of a positive matrix by power iteration, normalised to sum 1."""
    size = len(matrix)
    vector = [1.0 / size] * size
    for _step in range(10_000):
        product = [sum(a * v for a, v in zip(row, vector, strict=True)) for row in matrix]
        total = sum(product)
        following = [value / total for value in product]
        change = max(abs(a - b) for a, b in zip(following, vector, strict=True))
        vector = following
        if change < 1e-15:
            break
    return vector


def ahp_weights(keys: Sequence[str], judgements: Mapping[tuple[str, str], float]) -> Ahp:
    """Criterion weights from pairwise judgements (Saaty's AHP).

    ``judgements[(a, b)] = v`` means *a* is *v* times as important as *b* (the form offers Saaty's
    1/9 … 9 scale); the reverse pair is the reciprocal and may be omitted; a missing pair counts
    as equally important (1). Weights are the principal eigenvector, found by power iteration.
    ``cr`` is ``None`` for two criteria or fewer (always consistent); ``consistent`` means
    ``cr ≤ 0.1``. Unknown keys, non-positive values or contradicting pairs raise ``ValueError``.
    """
    matrix = _pairwise_matrix(keys, judgements)
    size = len(keys)
    if size == 0:
        return Ahp(weights={}, lambda_max=0.0, ci=0.0, cr=None, consistent=True)
    vector = _principal_vector(matrix)
    product = [sum(a * v for a, v in zip(row, vector, strict=True)) for row in matrix]
    lambda_max = sum(p / v for p, v in zip(product, vector, strict=True)) / size
    ci = max(0.0, (lambda_max - size) / (size - 1)) if size > 1 else 0.0
    cr = ci / RANDOM_INDEX.get(size, RANDOM_INDEX[15]) if size > 2 else None
    return Ahp(
        weights=dict(zip(keys, vector, strict=True)),
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        consistent=cr is None or cr <= CONSISTENCY_LIMIT,
    )


# --- Sensitivity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sensitivity(Generic[K]):
    """How the top list changes when one criterion's weight moves by ``change`` (e.g. +0.2)."""

    criterion: str
    change: float
    top: list[K]
    entered: list[K]
    left: list[K]


Prepared = list[tuple[Any, list[tuple[int, int]]]]
Typed = tuple[tuple[Any, tuple[int | None, ...]], ...]


def _prepare(typed: Typed, criteria: Sequence[Criterion]) -> Prepared:
    """Each programme's scored criteria as (position in ``criteria``, score used), checked once:
    sensitivity ranks the same scores again and again with other weights."""
    return [
        (
            key,
            [
                (position, _score_used(criteria[position], score))
                for position, score in enumerate(row)
                if score is not None and criteria[position].weight > 0
            ],
        )
        for key, row in typed
    ]


def _top(prepared: Prepared, weights: Sequence[float], top_n: int) -> list[Any]:
    """The first ``top_n`` keys of ``rank_programmes`` with these weights, found without
    building the whole ranking: the same totals, computed in the same order so that the same
    floats decide, and the same tie-breaks."""

    def order(item: tuple[Any, list[tuple[int, int]]]) -> tuple[float, int, Any]:
        key, scored = item
        answered = [(weights[position], used) for position, used in scored if weights[position] > 0]
        weight_sum = sum(weight for weight, _used in answered)
        if not answered or weight_sum <= 0:
            return (-0.0, 0, key)
        total = sum(weight / weight_sum * used for weight, used in answered)
        return (-round(total, _PRECISION), -len(answered), key)

    return [key for key, _scored in heapq.nsmallest(top_n, prepared, key=order)]


def sensitivity(
    scores: Mapping[K, Mapping[str, int | None]],
    criteria: Sequence[Criterion],
    top_n: int,
    delta: float = 0.2,
) -> list[Sensitivity[K]]:
    """For each criterion (in order), its weight × (1 + delta) then × (1 − delta), the others
    unchanged (the ranking renormalises). Lists the new top ``top_n``, the programmes that
    entered it and those that left it compared with the unchanged weights.

    Fifteen rankings for seven criteria: the answers for the last few inputs are remembered
    (the ranking page asks the same question on every view until a score or a weight
    changes). The lists inside the answer are shared; do not change them."""
    if top_n < 0 or not 0 <= delta <= 1:
        raise ValueError("top_n must be ≥ 0 and delta between 0 and 1")
    typed = tuple((key, tuple(row.get(c.key) for c in criteria)) for key, row in scores.items())
    return list(_sensitivity(typed, tuple(criteria), top_n, delta))


@functools.lru_cache(maxsize=32)
def _sensitivity(
    typed: Typed, criteria: tuple[Criterion, ...], top_n: int, delta: float
) -> tuple[Sensitivity[Any], ...]:
    _check_criteria(criteria)
    prepared = _prepare(typed, criteria)
    baseline = _top(prepared, [criterion.weight for criterion in criteria], top_n)
    results: list[Sensitivity[Any]] = []
    for position, criterion in enumerate(criteria):
        for change in (delta, -delta):
            moved = list(criteria)
            moved[position] = Criterion(
                criterion.key, criterion.weight * (1 + change), criterion.lower_is_better
            )
            _check_criteria(moved)
            top = _top(prepared, [c.weight for c in moved], top_n)
            results.append(
                Sensitivity(
                    criterion=criterion.key,
                    change=change,
                    top=top,
                    entered=[key for key in top if key not in baseline],
                    left=[key for key in baseline if key not in top],
                )
            )
    return tuple(results)


# --- Quick-win rules -------------------------------------------------------------------------


@dataclass(frozen=True)
class QuickWinFacts(Generic[K]):
    """What the rule checks need to know about one chosen quick win."""

    key: K
    dimension: str
    months: int | None
    funded: bool


@dataclass(frozen=True)
class Warning:  # the agreed name; shadows the builtin only inside this module
    """A rule the chosen quick wins break; ``subject`` is a dimension code or a programme key."""

    code: str
    subject: Any


DIMENSION_WITHOUT_QUICK_WIN = "dimension_without_quick_win"
DIMENSION_WITH_SEVERAL_QUICK_WINS = "dimension_with_several_quick_wins"
LONGER_THAN_12_MONTHS = "longer_than_12_months"
WITHOUT_FUNDING = "without_funding"


def quick_win_warnings(
    chosen: Sequence[QuickWinFacts[K]], dimensions: Sequence[str]
) -> list[Warning]:
    """Rule checks on the chosen quick wins (practice, not law: about one per dimension, results
    within a year, funded). Dimension warnings come first in the order of ``dimensions``, then
    programme warnings in the order of ``chosen``. Unknown duration is not flagged."""
    warnings: list[Warning] = []
    for dimension in dimensions:
        count = sum(1 for facts in chosen if facts.dimension == dimension)
        if count == 0:
            warnings.append(Warning(DIMENSION_WITHOUT_QUICK_WIN, dimension))
        elif count > 1:
            warnings.append(Warning(DIMENSION_WITH_SEVERAL_QUICK_WINS, dimension))
    for facts in chosen:
        if facts.months is not None and facts.months > QUICK_WIN_MAX_MONTHS:
            warnings.append(Warning(LONGER_THAN_12_MONTHS, facts.key))
        if not facts.funded:
            warnings.append(Warning(WITHOUT_FUNDING, facts.key))
    return warnings


def warning_message(warning: Warning, subject_label: str | None = None) -> str:
    """The sentence shown for a warning; ``subject_label`` is the dimension or programme name."""
    label = subject_label if subject_label is not None else str(warning.subject)
    messages = {
        DIMENSION_WITHOUT_QUICK_WIN: _("Dimension %(subject)s has no quick win."),
        DIMENSION_WITH_SEVERAL_QUICK_WINS: _("Dimension %(subject)s has more than one quick win."),
        LONGER_THAN_12_MONTHS: _("Quick win %(subject)s takes longer than 12 months."),
        WITHOUT_FUNDING: _("Quick win %(subject)s has no funding."),
    }
    return messages[warning.code] % {"subject": label}
