"""Formatting of the quick-win ranking for the page's chart (Chart.js reads it as JSON)."""

from __future__ import annotations

from .queries import Ranking


def impact_effort_chart(ranking: Ranking) -> list[dict[str, object]]:
    """One point per programme scored on both: cost to the right, public impact up."""
    return [
        {"label": point.code, "x": point.cost, "y": point.impact, "chosen": point.chosen}
        for point in ranking.points
    ]
