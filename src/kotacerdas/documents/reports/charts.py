"""The charts of the ranking, evaluation and SPBE reports: horizontal bars drawn with
matplotlib in the documents' colours and settings (``render.charts``: 200 dpi, no date, so
the same data draws the same bytes). Labels are written in the active language."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from matplotlib import pyplot as plt

from ..render import charts
from .evaluation import EvaluationReport
from .ranking import RankingReport
from .spbe import SpbeReport

# How many regions the ranking's chart shows (the table lists every applicant).
TOP = 10
BAND_COLOURS = ["#f8d7da", "#fff3cd", "#cff4fc", "#d1e7dd", "#cfe2ff", "#e2d9f3"]


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    axis_label: str,
    limit: float | None = None,
    bands: Sequence[tuple[float, float, str]] = (),
) -> bytes:
    """One bar per label, its value written at its end; ``bands`` (from, to, name) shade
    the background behind the bars."""
    figure, axes = plt.subplots(figsize=(6.5, max(1.6, 0.3 * len(labels) + 1.0)))
    for index, (start, end, name) in enumerate(bands):
        axes.axvspan(
            start, end, color=BAND_COLOURS[index % len(BAND_COLOURS)], alpha=0.8, label=name
        )
    positions = range(len(labels))
    axes.barh(positions, values, color=charts.PRIMARY, height=0.6)
    for position, value in zip(positions, values, strict=True):
        text = formats.number_format(value, 2, use_l10n=True)
        axes.text(value, position, f" {text}", va="center", fontsize=7)
    axes.set_yticks(list(positions))
    axes.set_yticklabels([charts._short(label, 40) for label in labels])
    axes.invert_yaxis()
    top = limit if limit is not None else max([1.0, *values]) * 1.15
    axes.set_xlim(0, top)
    axes.set_xlabel(axis_label)
    axes.grid(axis="x", color="#dee2e6", linewidth=0.5)
    if bands:
        axes.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=min(len(bands), 5),
            frameon=False,
            fontsize=7,
        )
    return charts._png(figure)


def evaluation_chart(report: EvaluationReport) -> bytes | None:
    """The verified index of each dimension."""
    shown = [(s.name, s.formula) for s in report.sheet.sections if s.formula is not None]
    if not shown:
        return None
    return bars(
        [name for name, _f in shown],
        [float(formula.rounded) for _n, formula in shown if formula is not None],
        axis_label=_("Index"),
    )


def spbe_chart(report: SpbeReport) -> bytes | None:
    """The index of each domain and of its aspects, over the predicate bands."""
    labels: list[str] = []
    values: list[float] = []
    for domain in report.sheet.domains:
        labels.append(f"{_('Domain')} {domain.number}. {domain.name}")
        values.append(float(domain.index))
        for aspect in domain.aspects:
            labels.append(f"{_('Aspect')} {domain.number}.{aspect.number}. {aspect.name}")
            values.append(float(aspect.index))
    if not labels:
        return None
    top = 5.0
    lowers = sorted((Decimal(band["lower"]), str(band["name"])) for band in report.sheet.bands)
    bands = [
        (float(lower), float(lowers[i + 1][0]) if i + 1 < len(lowers) else top, name)
        for i, (lower, name) in enumerate(lowers)
    ]
    return bars(labels, values, axis_label=_("SPBE index"), limit=top, bands=bands)


def ranking_chart(report: RankingReport) -> bytes | None:
    """The total score of the best-ranked regions."""
    rows = report.rows[:TOP]
    if not rows:
        return None
    return bars(
        [f"{row.rank}. {row.region_name}" for row in rows],
        [float(row.total) for row in rows],
        axis_label=_("Total"),
    )
