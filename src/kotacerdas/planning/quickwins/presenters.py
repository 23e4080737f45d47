"""Formatting of the quick-win ranking for the page's chart (Chart.js reads it as JSON), and of
the AHP consistency ratio."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .queries import Ranking
from .scoring import CONSISTENCY_LIMIT


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


def ratio(value: float) -> str:
    """A consistency ratio as every page and message writes it: two decimals in the reader's
    language (``0,12`` in Indonesian, ``0.12`` in English)."""
    return number_format(round(value, 2), decimal_pos=2)


def consistency_limit() -> str:
    """The highest consistent ratio, written as ``ratio`` writes one."""
    return ratio(CONSISTENCY_LIMIT)
