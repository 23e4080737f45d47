"""Shaping the dashboards' figures for Chart.js (JSON through ``json_script``, drawn by
``static/kotacerdas/dashboards.js``), the heat table's colour bands and the XLSX export of the
regions table (through ``lib.xlsx``: every text cell written as text)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.framework.models import Dimension
from kotacerdas.lib.xlsx import write_table

from .dashboards import BudgetRow, RegionRow, RegionTable, Trend
from .models import Quality, State
from .summary_models import DimensionSummary, SummaryStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def band(score: Decimal | None) -> str:
    """The heat table's colour class of a score: ``heat-0`` (below 20 %) … ``heat-5`` (100 %);
    empty without a score."""
    if score is None:
        return ""
    return f"heat-{min(5, int(score // 20))}"


def percent_text(score: Decimal | None, separator: str) -> str:
    """A score (below 1000, as summary rows hold) as the ``percent`` filter writes it, one
    decimal cut (not rounded), with ``separator``: without a locale look-up per value."""
    if score is None:
        return "–"
    if abs(score) < Decimal("0.1"):
        score = Decimal(0)
    whole, _dot, decimals = f"{score:f}".partition(".")
    return f"{whole}{separator}{(decimals + '0')[:1]} %"


def heat_cells(
    row: RegionRow, columns: Sequence[Dimension], separator: str | None = None
) -> list[tuple[str, str]]:
    """A row's heat cells, one per column, as the page shows them: the score as text (as
    the ``percent`` filter writes it) and its colour class."""
    separator = separator or str(get_format("DECIMAL_SEPARATOR", use_l10n=True))
    cells = []
    for cell in row.cells(columns):
        score = cell.score if cell is not None else None
        cells.append((percent_text(score, separator), band(score)))
    return cells


def dimension_chart(dimensions: Sequence[DimensionSummary]) -> dict[str, Any]:
    return {
        "labels": [d.dimension.name for d in dimensions],
        "series": [{"label": _("Achievement (%)"), "data": [_number(d.score) for d in dimensions]}],
        "max": 100,
    }


def budget_chart(rows: Sequence[BudgetRow]) -> dict[str, Any]:
    """Planned against realised per year (all sources)."""
    planned: dict[int, Decimal] = defaultdict(Decimal)
    realised: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        planned[row.year] += row.planned
        realised[row.year] += row.realised
    years = sorted(planned.keys() | realised.keys())
    return {
        "labels": [str(y) for y in years],
        "series": [
            {"label": _("Planned (Rp)"), "data": [_number(planned[y]) for y in years]},
            {"label": _("Realised (Rp)"), "data": [_number(realised[y]) for y in years]},
        ],
    }


def trend_chart(trend: Trend) -> dict[str, Any]:
    """Targets against realisations; each realised point says its data quality."""
    qualities = dict(Quality.choices)
    return {
        "labels": [p.label for p in trend.points],
        "series": [
            {"label": _("Target"), "data": [_number(p.target) for p in trend.points]},
            {"label": _("Realisation"), "data": [_number(p.value) for p in trend.points]},
        ],
        "quality": [str(qualities.get(p.quality, "")) for p in trend.points],
        "quality_codes": [p.quality for p in trend.points],
        "line": True,
    }


def status_labels() -> dict[str, str]:
    return {str(k): str(v) for k, v in SummaryStatus.choices}


def state_labels() -> dict[str, str]:
    return {str(k): str(v) for k, v in State.choices}


def quality_labels() -> dict[str, str]:
    return {str(k): str(v) for k, v in Quality.choices}


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def table_xlsx(table: RegionTable, name: str) -> HttpResponse:
    """The regions table as one XLSX sheet, a column per dimension, with the year each
    region's figures are of (the year asked, or each masterplan's current year)."""
    statuses = status_labels()
    header = [
        _("Code"),
        _("Region"),
        _("Province"),
        _("Kind"),
        _("Masterplan"),
        _("Stage"),
        _("Year"),
        _("Reporting rate (%)"),
        _("Achievement (%)"),
        _("Monitoring status"),
        *[f"{d.name} (%)" for d in table.columns],
        _("Evaluation index"),
    ]
    rows = (
        [
            row.region.code,
            row.region.name,
            row.region.province.name if row.region.province else "",
            str(row.region.get_kind_display()),
            row.masterplan.title if row.masterplan else "",
            row.stage,
            row.summary.year if row.summary else table.year,
            _percent(row.reporting_rate),
            _percent(row.score),
            statuses.get(row.summary.status, "") if row.summary else "",
            *[_percent(c.score) if c else None for c in row.cells(table.columns)],
            None,
        ]
        for row in table.rows
    )
    response = HttpResponse(write_table(_("Regions")[:31], header, rows), content_type=XLSX_TYPE)
    suffix = f"-{table.year}" if table.year else ""
    filename = f"monev-{slugify(name) or 'regions'}{suffix}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
