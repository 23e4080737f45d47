"""The document's charts, drawn with matplotlib (Agg) as 200-dpi PNG images.

Deterministic: no date or software name in the file, a fixed hash salt, fixed fonts and
sizes, so the same data draws the same bytes. Labels come translated from the caller.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# The application's colours (Bootstrap's primary and its companions in app.css).
PRIMARY = "#0d6efd"
MUTED = "#6c757d"
PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#ffc107", "#0dcaf0"]
DPI = 200

matplotlib.rcParams.update(
    {
        "svg.hashsalt": "kotacerdas",
        "font.family": "DejaVu Sans",
        "font.size": 8,
        "axes.edgecolor": MUTED,
        "axes.titlesize": 9,
    }
)


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight")
    plt.close(figure)
    return out.getvalue()


def _short(label: str, width: int = 28) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def radar(
    labels: Sequence[str],
    current: Sequence[float],
    target: Sequence[float],
    *,
    current_label: str,
    target_label: str,
) -> bytes:
    """The readiness scores per dimension against their targets."""
    count = max(len(labels), 3)
    angles = [2 * math.pi * i / count for i in range(count)]
    values = list(current) + [0.0] * (count - len(current))
    goals = list(target) + [0.0] * (count - len(target))
    figure = plt.figure(figsize=(4.5, 4.5))
    axes = figure.add_subplot(projection="polar")
    for series, colour, name in ((goals, MUTED, target_label), (values, PRIMARY, current_label)):
        axes.plot(
            [*angles, angles[0]], [*series, series[0]], color=colour, linewidth=1.5, label=name
        )
    axes.fill([*angles, angles[0]], [*values, values[0]], color=PRIMARY, alpha=0.15)
    axes.set_xticks(angles)
    axes.set_xticklabels([_short(label, 18) for label in labels] + [""] * (count - len(labels)))
    axes.set_ylim(0, max([5.0, *values, *goals]))
    axes.legend(loc="upper right", bbox_to_anchor=(1.3, 1.1), frameon=False)
    return _png(figure)


def gantt(bars: Sequence[tuple[str, str, float, float]], years: Sequence[int]) -> bytes:
    """The programmes' schedule: (label, group, start, end) in years, one row each."""
    rows = list(bars)[:60]  # a legible page; the table carries every programme
    height = max(1.5, 0.22 * len(rows) + 0.8)
    figure, axes = plt.subplots(figsize=(7.0, height))
    groups = sorted({group for _l, group, _s, _e in rows})
    colours = {group: PALETTE[i % len(PALETTE)] for i, group in enumerate(groups)}
    for index, (_label, group, start, end) in enumerate(rows):
        axes.barh(index, end - start, left=start, height=0.6, color=colours[group])
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([_short(label, 40) for label, _g, _s, _e in rows])
    axes.invert_yaxis()
    if years:
        axes.set_xlim(years[0], years[-1] + 1)
        axes.set_xticks([year + 0.5 for year in years])
        axes.set_xticklabels([str(year) for year in years])
    axes.grid(axis="x", color="#dee2e6", linewidth=0.5)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[g]) for g in groups]
    if handles:
        axes.legend(
            handles,
            [_short(g) for g in groups],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.08),
            ncol=3,
            frameon=False,
        )
    return _png(figure)


def budget(by_year: Sequence[tuple[int, dict[str, Decimal]]], *, unit_label: str) -> bytes:
    """Funding per year, stacked by source, in millions of Rupiah."""
    sources = sorted({source for _y, amounts in by_year for source in amounts})
    figure, axes = plt.subplots(figsize=(6.0, 3.0))
    years = list(range(len(by_year)))
    bottoms = [0.0] * len(years)
    for index, source in enumerate(sources):
        values = [float(amounts.get(source, 0)) / 1_000_000 for _y, amounts in by_year]
        axes.bar(years, values, bottom=bottoms, color=PALETTE[index % len(PALETTE)], label=source)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_xticks(years)
    axes.set_xticklabels([str(year) for year, _a in by_year])
    axes.set_ylabel(unit_label)
    axes.grid(axis="y", color="#dee2e6", linewidth=0.5)
    if sources:
        axes.legend(frameon=False, fontsize=7)
    return _png(figure)
