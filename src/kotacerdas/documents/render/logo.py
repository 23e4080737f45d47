"""The cover's emblem: the region's initials in the application's colours.

Regions have no logo of their own in the system yet; a region that wants its coat of arms on
the cover puts it in its own Word template (letterhead) instead.
"""

from __future__ import annotations

from functools import cache

from matplotlib import pyplot as plt

from . import charts


def _initials(name: str) -> str:
    words = [w for w in name.replace("Kabupaten", "").replace("Kota", "").split() if w]
    return "".join(w[0] for w in words[:2]).upper() or "KC"


@cache
def logo_png(region_name: str) -> bytes:
    """A 200-dpi PNG emblem for ``region_name`` (deterministic)."""
    figure = plt.figure(figsize=(1.2, 1.2))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.add_patch(plt.Circle((0.5, 0.5), 0.48, color=charts.PRIMARY))
    axes.text(
        0.5,
        0.5,
        _initials(region_name),
        color="white",
        ha="center",
        va="center",
        fontsize=22,
        fontweight="bold",
    )
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    return charts._png(figure)
