"""The ranking of a selection campaign as pure functions over plain values (no ORM).

**Total** (0–100) = the weighted mean of
- the verified readiness score, put on 0–100 over the instrument's scale
  (``scale_min`` → 0, ``scale_max`` → 100), with the campaign's readiness weight, and
- each criterion's value put on 0–100 between its lowest and highest value (inverted when
  lower is better; values outside the range are held at its ends; **a missing value counts
  as 0**), with the criterion's weight.

Weights are relative: each is divided by the sum of all weights. When every weight is 0
the total is 0.

**Rank** (1…n, no shared ranks) orders by total (two decimals, as shown), then by the
higher verified readiness, then by the earlier submission, then by region code. The first
``quota`` ranks are selected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Criterion:
    code: str
    weight: float
    value_min: float
    value_max: float
    lower_is_better: bool = False


@dataclass(frozen=True)
class Candidate:
    """One applicant as ranked; ``readiness`` is the verified score on the instrument scale."""

    key: str  # the region code, also the last tie-break
    readiness: float
    submitted_at: datetime | None = None
    values: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranked:
    key: str
    rank: int
    total: float
    readiness_percent: float
    criteria: dict[str, float]  # criterion code → 0–100
    selected: bool


def normalise(value: float | None, low: float, high: float, lower_is_better: bool = False) -> float:
    """``value`` on 0–100 between ``low`` and ``high``; ``None`` (missing) is 0."""
    if value is None or high <= low:
        return 0.0
    share = (min(max(value, low), high) - low) / (high - low)
    if lower_is_better:
        share = 1 - share
    return share * 100


def total(
    readiness_percent: float,
    criteria_percent: Mapping[str, float],
    readiness_weight: float,
    weights: Mapping[str, float],
) -> float:
    """The weighted mean of readiness and criteria (all on 0–100), weights normalised."""
    weight_sum = readiness_weight + sum(weights.get(code, 0.0) for code in criteria_percent)
    if weight_sum <= 0:
        return 0.0
    # Each weight is made a share of the sum before it multiplies: a tiny (subnormal) weight
    # times a score rounds, and divided afterwards the rounding could lift the mean above
    # every part.
    return (readiness_weight / weight_sum) * readiness_percent + sum(
        (weights.get(code, 0.0) / weight_sum) * score for code, score in criteria_percent.items()
    )


def _sort_key(candidate: Candidate, shown_total: float) -> tuple[float, float, float, str]:
    submitted = candidate.submitted_at.timestamp() if candidate.submitted_at else float("inf")
    return (-shown_total, -candidate.readiness, submitted, candidate.key)


def rank(
    candidates: Sequence[Candidate],
    criteria: Sequence[Criterion],
    *,
    readiness_weight: float,
    scale: tuple[int, int],
    quota: int,
) -> list[Ranked]:
    """Every candidate with its rank, total and whether it is above the quota line."""
    weights = {c.code: c.weight for c in criteria}
    scored = []
    for candidate in candidates:
        readiness = normalise(candidate.readiness, scale[0], scale[1])
        parts = {
            c.code: normalise(
                candidate.values.get(c.code), c.value_min, c.value_max, c.lower_is_better
            )
            for c in criteria
        }
        shown = round(total(readiness, parts, readiness_weight, weights), 2)
        scored.append((_sort_key(candidate, shown), candidate, shown, readiness, parts))
    scored.sort(key=lambda entry: entry[0])
    return [
        Ranked(
            key=candidate.key,
            rank=position,
            total=shown,
            readiness_percent=round(readiness, 2),
            criteria={code: round(score, 2) for code, score in parts.items()},
            selected=position <= quota,
        )
        for position, (_key, candidate, shown, readiness, parts) in enumerate(scored, start=1)
    ]
