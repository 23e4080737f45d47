"""The monitoring report written out: its charts (matplotlib, the documents' colours and
settings from ``render.charts``), the PDF (WeasyPrint, like the masterplan's) and the XLSX
(``lib.xlsx``).

Deterministic where the formats allow: the PDF's dates are the report's day and its
identifier is derived from the content; the charts carry no date.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from matplotlib import pyplot as plt
from matplotlib.ticker import MaxNLocator
from weasyprint import HTML

from kotacerdas.lib.xlsx import Column, SheetSpec, write_workbook

from ..render import charts
from ..render.logo import logo_png
from . import charts as report_charts
from .evaluation import EvaluationReport
from .monitoring import COUNT_ORDER, MonitoringReport
from .ranking import RankingReport
from .readiness import ReadinessReport
from .spbe import SpbeReport

# Status colours as the dashboards' badges (success, warning, danger, secondary, light).
STATUS_COLOURS = {
    "on_track": "#198754",
    "at_risk": "#ffc107",
    "off_track": "#dc3545",
    "not_reported": "#6c757d",
    "no_target": "#ced4da",
    "not_due": "#e9ecef",
}


def _data_uri(png: bytes | None) -> str:
    return "" if png is None else "data:image/png;base64," + base64.b64encode(png).decode()


def status_chart(report: MonitoringReport) -> bytes:
    """The indicators of each dimension counted by status, as stacked horizontal bars."""
    names = [group.name for group in report.dimensions]
    figure, axes = plt.subplots(figsize=(6.5, max(1.6, 0.35 * len(names) + 1.0)))
    lefts = [0] * len(names)
    for index, status in enumerate(COUNT_ORDER):
        counts = [group.counts[index] for group in report.dimensions]
        axes.barh(
            range(len(names)),
            counts,
            left=lefts,
            color=STATUS_COLOURS[status],
            label=report.status_labels[index],
        )
        lefts = [left + count for left, count in zip(lefts, counts, strict=True)]
    axes.set_yticks(range(len(names)))
    axes.set_yticklabels([name if len(name) <= 30 else name[:29] + "…" for name in names])
    axes.invert_yaxis()
    axes.set_xlabel(_("Indicators"))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="x", color="#dee2e6", linewidth=0.5)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, frameon=False)
    return charts._png(figure)


def budget_chart(report: MonitoringReport) -> bytes:
    by_year: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for line in report.budget:
        by_year[line.year][line.source] = line.planned
    return charts.budget(sorted(by_year.items()), unit_label=_("Million rupiah"))


def html(report: MonitoringReport) -> str:
    with translation.override(report.language):
        stamp = dt.datetime.combine(report.as_of, dt.time(), tzinfo=dt.UTC)
        return render_to_string(
            "documents/reports/monitoring.html",
            {
                "report": report,
                "logo": _data_uri(logo_png(report.region_name)),
                "status_chart": _data_uri(status_chart(report)) if report.dimensions else "",
                "budget_chart": _data_uri(budget_chart(report)) if report.budget else "",
                "stamp": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )


@contextmanager
def _fixed_font_time(day: dt.date) -> Iterator[None]:
    """The embedded font subsets carry a modification time; fontTools takes it from
    ``SOURCE_DATE_EPOCH`` when set, so the same report gives the same bytes."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def pdf(report: MonitoringReport) -> bytes:
    page = html(report)
    identifier = hashlib.sha256(page.encode()).hexdigest()[:32].encode()
    with _fixed_font_time(report.as_of):
        data: bytes = HTML(string=page, base_url=None).write_pdf(
            pdf_identifier=identifier, uncompressed_pdf=False
        )
    return data


def _sheet_title(text: str) -> str:
    return "".join(char for char in text if char not in "[]:*?/\\")[:31]


def xlsx(report: MonitoringReport) -> bytes:
    """Four sheets: the summary per dimension, the indicators, per agency, the budget."""
    with translation.override(report.language):
        counts = [
            Column(f"n{i}", label, "int", width=14) for i, label in enumerate(report.status_labels)
        ]
        summary = SheetSpec(
            _sheet_title(_("Dimensions")),
            [
                Column("dimension", _("Dimension"), width=36),
                Column("score", _("Achievement (%)"), "int", width=16),
                Column("status", _("Status"), width=16),
                *counts,
            ],
            [
                [group.name, group.score, group.status_label, *group.counts]
                for group in report.dimensions
            ]
            + [[_("Masterplan"), report.score, report.status_label]],
        )
        indicators = SheetSpec(
            _sheet_title(_("Indicators")),
            [
                Column("code", _("Code"), width=10),
                Column("name", _("Indicator"), width=40),
                Column("unit", _("Unit"), width=12),
                Column("dimension", _("Dimension"), width=28),
                Column("programme", _("Programme"), width=32),
                Column("agency", _("Responsible agency"), width=32),
                Column("target", _("Target %(year)s") % {"year": report.year}, "int"),
                Column("value", _("Verified realisation"), "int", width=18),
                Column("period", _("Period"), width=12),
                Column("achievement", _("Achievement (%)"), "int", width=16),
                Column("status", _("Status"), width=16),
            ],
            [
                [
                    line.code,
                    line.name,
                    line.unit,
                    line.dimension,
                    line.programme,
                    line.agency,
                    line.target,
                    line.value,
                    line.period,
                    line.achievement,
                    line.status_label,
                ]
                for line in report.indicators
            ],
        )
        agencies = SheetSpec(
            _sheet_title(_("Agencies")),
            [
                Column("agency", _("Responsible agency"), width=36),
                Column("indicators", _("Indicators"), "int", width=12),
                Column("score", _("Achievement (%)"), "int", width=16),
                Column("status", _("Status"), width=16),
                *counts,
            ],
            [
                [group.name, len(group.indicators), group.score, group.status_label, *group.counts]
                for group in report.agencies
            ],
        )
        budget = SheetSpec(
            _sheet_title(_("Budget")),
            [
                Column("year", _("Year"), "year", width=8),
                Column("source", _("Funding source"), width=24),
                Column("planned", _("Planned (Rp)"), "amount", width=20),
                Column("realised", _("Realised (Rp)"), "amount", width=20),
                Column("share", _("Realised (%)"), "int", width=14),
            ],
            [
                [line.year, line.source, line.planned, line.realised, line.share]
                for line in report.budget
            ],
        )
        stamp = dt.datetime.combine(report.as_of, dt.time(), tzinfo=dt.UTC)
        return write_workbook([summary, indicators, agencies, budget], stamp=stamp)


def readiness_pdf(report: ReadinessReport) -> bytes:
    """The readiness report as PDF, with the radar of the dimensions."""
    with translation.override(report.language):
        radar = report.radar
        chart = ""
        if report.dimensions:
            chart = _data_uri(
                charts.radar(
                    radar["labels"],  # type: ignore[arg-type]
                    radar["current"],  # type: ignore[arg-type]
                    radar["target"],  # type: ignore[arg-type]
                    current_label=str(radar["current_label"]),
                    target_label=str(radar["target_label"]),
                )
            )
        page = render_to_string(
            "documents/reports/readiness.html",
            {
                "report": report,
                "logo": _data_uri(logo_png(report.region_name)),
                "radar": chart,
                "stamp": f"{report.year}-12-31T00:00:00Z",
            },
        )
    identifier = hashlib.sha256(page.encode()).hexdigest()[:32].encode()
    with _fixed_font_time(dt.date(report.year, 12, 31)):
        data: bytes = HTML(string=page, base_url=None).write_pdf(
            pdf_identifier=identifier, uncompressed_pdf=False
        )
    return data


def ranking_pdf(report: RankingReport, day: dt.date) -> bytes:
    """The ranking of a selection campaign as PDF (landscape: one column per criterion)."""
    with translation.override(report.language):
        page = render_to_string(
            "documents/reports/ranking.html",
            {
                "report": report,
                "chart": _data_uri(report_charts.ranking_chart(report)),
                "stamp": f"{day.isoformat()}T00:00:00Z",
            },
        )
    identifier = hashlib.sha256(page.encode()).hexdigest()[:32].encode()
    with _fixed_font_time(day):
        data: bytes = HTML(string=page, base_url=None).write_pdf(
            pdf_identifier=identifier, uncompressed_pdf=False
        )
    return data


def evaluation_pdf(report: EvaluationReport) -> bytes:
    """The evaluation report as PDF: index and formulas, scores, report, follow-ups."""
    with translation.override(report.language):
        page = render_to_string(
            "documents/reports/evaluation.html",
            {
                "report": report,
                "chart": _data_uri(report_charts.evaluation_chart(report)),
                "logo": _data_uri(logo_png(report.region_name)),
                "stamp": f"{report.day.isoformat()}T00:00:00Z",
            },
        )
    identifier = hashlib.sha256(page.encode()).hexdigest()[:32].encode()
    with _fixed_font_time(report.day):
        data: bytes = HTML(string=page, base_url=None).write_pdf(
            pdf_identifier=identifier, uncompressed_pdf=False
        )
    return data


def spbe_pdf(report: SpbeReport) -> bytes:
    """The SPBE report as PDF: index, predicate, domains, aspects, indicators, next steps."""
    with translation.override(report.language):
        page = render_to_string(
            "documents/reports/spbe.html",
            {
                "report": report,
                "chart": _data_uri(report_charts.spbe_chart(report)),
                "logo": _data_uri(logo_png(report.region_name)),
                "stamp": f"{report.day.isoformat()}T00:00:00Z",
            },
        )
    identifier = hashlib.sha256(page.encode()).hexdigest()[:32].encode()
    with _fixed_font_time(report.day):
        data: bytes = HTML(string=page, base_url=None).write_pdf(
            pdf_identifier=identifier, uncompressed_pdf=False
        )
    return data
