"""Data for the readiness pictures (radar, heat map), from computed scores.

The browser draws the radar with Chart.js from the JSON built here; the heat map is a
plain table whose cells carry a colour band, so it reads without JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from .scoring import Score, Scores


def radar_data(
    scores: Scores[Any], dimensions: Sequence[Any], scale: tuple[int, int] = (0, 5)
) -> dict[str, Any]:
    """Labels and the two series (current, target) in dimension order, on ``scale``; ``rows``
    holds the same values for the table that is the chart's text alternative."""
    by_dimension = scores.by_dimension
    present = [d for d in dimensions if d.code in by_dimension]
    return {
        "rows": [
            (d.name, round(by_dimension[d.code].current, 2), round(by_dimension[d.code].target, 2))
            for d in present
        ],
        "labels": [d.name for d in present],
        "current": [by_dimension[d.code].current for d in present],
        "target": [by_dimension[d.code].target for d in present],
        "current_label": _("Current level"),
        "target_label": _("Target level"),
        "min": scale[0],
        "max": scale[1],
    }


def fixed(value: float | None, places: int, separator: str = "") -> str:
    """``value`` with ``places`` decimals in the active language (``3,50`` in Indonesian), as
    ``floatformat`` writes it but without its cost per cell; ``""`` for ``None``."""
    if value is None:
        return ""
    text = str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))
    return text.replace(".", separator or get_format("DECIMAL_SEPARATOR"))


@dataclass(frozen=True)
class HeatCell:
    score: Score | None
    band: int  # 0 (lowest) … 5, for the colour class
    current: str = ""  # the score's current and target levels, written for the page
    target: str = ""


def band(value: float) -> int:
    return max(0, min(5, int(value + 0.5)))


def heatmap_rows(
    scores: Scores[Any], dimensions: Sequence[Any], aspects: Sequence[Any]
) -> list[tuple[Any, list[HeatCell], str]]:
    """One row per dimension: a cell per aspect, then the dimension's own score (written)."""
    separator = get_format("DECIMAL_SEPARATOR")
    rows = []
    for dimension in dimensions:
        cells = []
        for aspect in aspects:
            score = scores.by_cell.get((dimension.code, aspect.code))
            if score is None:
                cells.append(HeatCell(None, 0))
                continue
            current, target = fixed(score.current, 1, separator), fixed(score.target, 1, separator)
            cells.append(HeatCell(score, band(score.current), current, target))
        total = scores.by_dimension.get(dimension.code)
        rows.append((dimension, cells, fixed(total.current if total else None, 2, separator)))
    return rows


def aspect_totals(scores: Scores[Any], aspects: Sequence[Any]) -> list[str]:
    """Each aspect's score over every dimension, written, in the order of ``aspects``."""
    separator = get_format("DECIMAL_SEPARATOR")
    by_aspect = scores.by_aspect
    return [
        fixed(by_aspect[a.code].current if a.code in by_aspect else None, 2, separator)
        for a in aspects
    ]
