"""Formatting of the quick-win ranking for the page's chart (Chart.js reads it as JSON)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .queries import Ranking


def impact_effort_chart(ranking: Ranking) -> dict[str, object]:
    """One point per programme scored on both: cost to the right, public impact up; the
    axis titles; the same points serve the table beside the chart (highest impact first)."""
    points = sorted(ranking.points, key=lambda p: (-p.impact, p.cost, p.code))
    return {
        "points": [
            {"label": p.code, "name": p.name, "x": p.cost, "y": p.impact, "chosen": p.chosen}
            for p in points
        ],
        "axes": {
            "x": _("Cost (1 cheap – 5 expensive)"),
            "y": _("Public impact (1 low – 5 high)"),
        },
    }
