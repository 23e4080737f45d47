"""The yearly evaluation's maths: pure functions over plain values (no ORM).

The index is the weighted sum of the five component scores,
``Σ weight(component) × score(component)``, with weights that sum to 1 (DOMAIN.md §6).
A component's score for the whole region is the mean of its scores per dimension; a
dimension's index is the same weighted sum over that dimension's five component scores, so
the overall index is also the mean of the dimension indices. Results are reported rounded
half-up to two decimals; the unrounded value is kept beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

COMPONENTS = ("baseline", "output", "outcome", "impact", "quick_win")
ONE = Decimal(1)
CENT = Decimal("0.01")

Cells = Mapping[tuple[str, str], Decimal]  # (component, dimension) → score


class WeightsError(ValueError):
    """Weights that do not fit the components or do not sum to 1."""


def round2(value: Decimal) -> Decimal:
    """Half-up to two decimals, as the ministry reports an index."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def check_weights(weights: Mapping[str, Decimal]) -> None:
    """Raise ``WeightsError`` unless the weights are non-negative and sum to exactly 1."""
    negative = sorted(code for code, weight in weights.items() if weight < 0)
    if negative:
        raise WeightsError(f"negative weight for {', '.join(negative)}")
    total = sum(weights.values(), Decimal(0))
    if total != ONE:
        raise WeightsError(f"the weights sum to {total}, not 1")


def evaluation_index(
    scores: Mapping[str, Decimal], weights: Mapping[str, Decimal], *, rounded: bool = True
) -> Decimal:
    """``Σ weights[c] × scores[c]``, half-up to two decimals unless ``rounded=False``.

    Raises ``WeightsError`` when the weights do not sum to 1 or when ``scores`` and
    ``weights`` do not name the same components.
    """
    check_weights(weights)
    if set(scores) != set(weights):
        missing = sorted(set(weights) ^ set(scores))
        raise WeightsError(f"scores and weights name different components: {', '.join(missing)}")
    total = sum((weights[code] * scores[code] for code in weights), Decimal(0))
    return round2(total) if rounded else total


def mean(values: Iterable[Decimal]) -> Decimal | None:
    items = list(values)
    return sum(items, Decimal(0)) / len(items) if items else None


def component_scores(cells: Cells, components: Iterable[str] = COMPONENTS) -> dict[str, Decimal]:
    """Each component's score over the region: the mean of its scores per dimension.

    A component with no score in any dimension is left out (the index then cannot be
    computed, which ``evaluation_index`` reports).
    """
    result = {}
    for component in components:
        found = mean(score for (code, _), score in cells.items() if code == component)
        if found is not None:
            result[component] = found
    return result


def dimension_scores(cells: Cells, dimension: str) -> dict[str, Decimal]:
    """One dimension's five component scores."""
    return {code: score for (code, dim), score in cells.items() if dim == dimension}


@dataclass(frozen=True)
class Term:
    """One addend of the written-out formula: weight × score = product."""

    component: str
    weight: Decimal
    score: Decimal
    product: Decimal


@dataclass(frozen=True)
class Result:
    """An index with the terms it was summed from."""

    terms: tuple[Term, ...]
    value: Decimal  # unrounded

    @property
    def rounded(self) -> Decimal:
        return round2(self.value)


def result(scores: Mapping[str, Decimal], weights: Mapping[str, Decimal]) -> Result | None:
    """The index with its formula's terms, or ``None`` when a component has no score."""
    if set(scores) != set(weights):
        return None
    value = evaluation_index(scores, weights, rounded=False)
    terms = tuple(
        Term(code, weights[code], scores[code], weights[code] * scores[code])
        for code in COMPONENTS
        if code in weights
    )
    return Result(terms, value)


def cell_key(cell: tuple[str, str], prefix: str = "score") -> str:
    """The form field a cell's value is reported against: ``score__outcome__living``."""
    return f"{prefix}__{cell[0]}__{cell[1]}"


def effective(self_score: int | None, verified_score: int | None) -> int | None:
    """The score that counts: the assessor's where given, else the region's own."""
    return verified_score if verified_score is not None else self_score


def rank(values: Mapping[int, Decimal]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4) of keys by value, highest first, on rounded values."""
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    places: dict[int, int] = {}
    previous: Decimal | None = None
    place = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or round2(value) != previous:
            place = position
            previous = round2(value)
        places[key] = place
    return places


# The SPBE index and predicate live beside the evaluation's maths.
from .spbe_scoring import next_steps, spbe_index, spbe_predicate  # noqa: E402,F401
