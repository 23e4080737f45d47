"""Formatting of the quick-win ranking for the page's chart (Chart.js reads it as JSON), and of
the AHP consistency ratio."""

from __future__ import annotations

from django.utils.formats import number_format

from .queries import Ranking
from .scoring import CONSISTENCY_LIMIT


def impact_effort_chart(ranking: Ranking) -> list[dict[str, object]]:
    """One point per programme scored on both: cost to the right, public impact up."""
    return [
        {"label": point.code, "x": point.cost, "y": point.impact, "chosen": point.chosen}
        for point in ranking.points
    ]


def ratio(value: float) -> str:
    """A consistency ratio as every page and message writes it: two decimals in the reader's
    language (``0,12`` in Indonesian, ``0.12`` in English)."""
    return number_format(round(value, 2), decimal_pos=2)


def consistency_limit() -> str:
    """The highest consistent ratio, written as ``ratio`` writes one."""
    return ratio(CONSISTENCY_LIMIT)
