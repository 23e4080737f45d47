"""Achievement, status and the roll-up of a masterplan's monitoring: pure functions over
plain values (no ORM). Pages, the API, dashboards and documents all call these.

Achievement of an indicator in a period (a percentage, kept between 0 and 100: a value
beyond its target counts as 100 %, a value worse than its baseline as 0 %):

- **higher is better**, with a baseline ``b`` below the target ``t``:
  ``(value − b) / (t − b) × 100`` — how much of the planned improvement was made.
  Without a baseline (or with a baseline not below the target): ``value / t × 100``
  (``t`` not above 0: 100 % when ``value ≥ t``, else 0 %).
- **lower is better**, with a baseline ``b`` above the target ``t``:
  ``(b − value) / (b − t) × 100``. Without a baseline (or a baseline not above the target):
  ``t / value × 100`` (``value`` not above 0, or not above ``t``: 100 %).
- **within a range** ``[min, max]``: 100 % inside the range; outside, 100 % less the
  distance to the nearest bound as a share of the range's width
  (``100 × (1 − distance / (max − min))``, at least 0 %; a range of width 0 uses
  the bound's size, or 1, as the width). The target is not used.

Status from the masterplan's thresholds: **on track** at ``on_track`` % or more,
**at risk** at ``at_risk`` % or more, **off track** below; **not reported** when a period
that is due has no value; **no target** when the indicator has no target to compare with.

Roll-up, indicators → programmes → dimensions → masterplan: each level is the weighted
mean of its children's scores. Weights are 1 unless the coordinator sets one: a programme's
weight within its dimension and a dimension's weight within the masterplan (indicators,
impact indicators included, always weigh 1); a child of weight 0 is left out. An
indicator's score is its achievement; an indicator that is due but **not reported counts
as 0 %** (not reporting pulls a programme down); an indicator with **no target, or nothing
due yet, is left out**. A programme's children are its output and outcome indicators; a
dimension's children are its programmes and its impact indicators; the masterplan's
children are its dimensions. A parent whose children are all left out has no score and is
left out of its own parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
QUANTUM = Decimal("0.01")


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_REPORTED = "not_reported"
    NO_TARGET = "no_target"


@dataclass(frozen=True)
class Thresholds:
    on_track: Decimal = Decimal(90)
    at_risk: Decimal = Decimal(70)


def _clamp(value: Decimal) -> Decimal:
    return min(HUNDRED, max(ZERO, value)).quantize(QUANTUM)


def _higher(value: Decimal, target: Decimal, baseline: Decimal | None) -> Decimal:
    if baseline is not None and baseline < target:
        return (value - baseline) / (target - baseline) * HUNDRED
    if target <= 0:
        return HUNDRED if value >= target else ZERO
    return value / target * HUNDRED


def _lower(value: Decimal, target: Decimal, baseline: Decimal | None) -> Decimal:
    if baseline is not None and baseline > target:
        return (baseline - value) / (baseline - target) * HUNDRED
    if value <= 0 or value <= target:
        return HUNDRED
    return max(target, ZERO) / value * HUNDRED


def _within(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    if low <= value <= high:
        return HUNDRED
    distance = low - value if value < low else value - high
    width = high - low or abs(high) or Decimal(1)
    return HUNDRED * (1 - distance / width)


def achievement(
    direction: str,
    value: Decimal,
    *,
    target: Decimal | None,
    baseline: Decimal | None = None,
    range_min: Decimal | None = None,
    range_max: Decimal | None = None,
) -> Decimal | None:
    """Achievement % of ``value`` (0–100, two decimals), or ``None`` without a target.

    ``direction`` is ``higher``, ``lower`` or ``range`` (see the module's docstring).
    """
    if direction == "range":
        if range_min is None or range_max is None:
            return None
        return _clamp(_within(value, range_min, range_max))
    if target is None:
        return None
    if direction == "lower":
        return _clamp(_lower(value, target, baseline))
    return _clamp(_higher(value, target, baseline))


def status(achieved: Decimal | None, thresholds: Thresholds, *, reported: bool = True) -> Status:
    """The status of one achievement against ``thresholds``."""
    if not reported:
        return Status.NOT_REPORTED
    if achieved is None:
        return Status.NO_TARGET
    if achieved >= thresholds.on_track:
        return Status.ON_TRACK
    if achieved >= thresholds.at_risk:
        return Status.AT_RISK
    return Status.OFF_TRACK


def indicator_score(achieved: Decimal | None, *, due: bool, has_target: bool) -> Decimal | None:
    """What one indicator counts for in the roll-up: its achievement; 0 when due but not
    reported; ``None`` (left out) without a target or when nothing is due yet."""
    if not has_target:
        return None
    if achieved is not None:
        return achieved
    return ZERO if due else None


@dataclass(frozen=True)
class Part:
    """A child in a roll-up: its score (``None``: left out) and its weight."""

    score: Decimal | None
    weight: Decimal = ONE


def roll_up(children: Iterable[Part]) -> Decimal | None:
    """The weighted mean of the children's scores (two decimals); ``None`` when every child
    is left out (or the weights of those kept add up to 0)."""
    kept = [c for c in children if c.score is not None and c.weight > 0]
    total = sum((c.weight for c in kept), ZERO)
    if not kept or total == 0:
        return None
    weighted = sum((c.score * c.weight for c in kept if c.score is not None), ZERO)
    return (weighted / total).quantize(QUANTUM)


def roll_up_status(score: Decimal | None, thresholds: Thresholds) -> Status:
    """The status of a programme, dimension or masterplan score (``None``: not reported)."""
    if score is None:
        return Status.NOT_REPORTED
    return status(score, thresholds)
