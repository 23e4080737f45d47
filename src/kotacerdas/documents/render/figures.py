"""The charts a document shows, drawn once for both renderers."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from . import charts
from .context import Document


@dataclass(frozen=True)
class Figures:
    radar: bytes | None
    gantt: bytes | None
    budget: bytes | None


def draw(doc: Document) -> Figures:
    with translation.override(doc.language):
        radar = None
        if doc.readiness is not None and doc.readiness.rows:
            radar = charts.radar(
                [name for name, _c, _t in doc.readiness.rows],
                [current for _n, current, _t in doc.readiness.rows],
                [target for _n, _c, target in doc.readiness.rows],
                current_label=_("Current level"),
                target_label=_("Target level"),
            )
        gantt = None
        if doc.gantt:
            gantt = charts.gantt(
                [(bar.label, bar.dimension, bar.start, bar.end) for bar in doc.gantt], doc.years
            )
        budget = None
        if doc.budget_by_year:
            budget = charts.budget(doc.budget_by_year, unit_label=_("Million rupiah"))
    return Figures(radar=radar, gantt=gantt, budget=budget)
