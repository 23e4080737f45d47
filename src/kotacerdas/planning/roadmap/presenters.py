"""The roadmap laid out for the page: a year-by-dimension table, a list of the programmes and
frappe-gantt's tasks (JSON). Bars carry codes only; every name reaches the page as text (the
popups are filled by roadmap.js with textContent, the tables by the template)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kotacerdas.framework.models import Dimension

from .queries import Roadmap, RoadmapMilestone, RoadmapProgramme

QUARTER_START = {1: "01-01", 2: "04-01", 3: "07-01", 4: "10-01"}
QUARTER_END = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}


def quarter_start(year: int, quarter: int | None) -> str:
    """The first day of a quarter (of the year when ``quarter`` is empty), ISO formatted."""
    return f"{year}-{QUARTER_START[quarter or 1]}"


def quarter_end(year: int, quarter: int | None) -> str:
    """The last day of a quarter (of the year when ``quarter`` is empty), ISO formatted."""
    return f"{year}-{QUARTER_END[quarter or 4]}"


@dataclass(frozen=True)
class DueMilestone:
    """A milestone in a cell of the table, with the code of its programme."""

    code: str
    milestone: RoadmapMilestone


@dataclass(frozen=True)
class YearCell:
    programmes: list[RoadmapProgramme]
    milestones: list[DueMilestone]


@dataclass(frozen=True)
class TableRow:
    dimension: Dimension
    cells: list[YearCell]


def _cell(programmes: list[RoadmapProgramme], year: int) -> YearCell:
    """The programmes of one dimension running in ``year``, and the milestones due in it."""
    running = [p for p in programmes if p.runs_in(year)]
    due = [DueMilestone(p.code, m) for p in running for m in p.milestones if m.year == year]
    return YearCell(running, due)


def year_table(roadmap: Roadmap) -> list[TableRow]:
    """One row per dimension, one cell per year of the period (the printable roadmap)."""
    by_dimension: dict[int, list[RoadmapProgramme]] = defaultdict(list)
    for p in roadmap.programmes:
        by_dimension[p.dimension_id].append(p)
    return [
        TableRow(d, [_cell(by_dimension[d.pk], year) for year in roadmap.years])
        for d in roadmap.dimensions
    ]


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Colours come from CSS classes (roadmap-dim-0 … roadmap-dim-7); more dimensions reuse them.
PALETTE_SIZE = 8


def when(year: int, quarter: int | None) -> str:
    """``Q II 2026`` in the user's language (Indonesian: ``Triwulan II 2026``), or the year."""
    if quarter is None:
        return str(year)
    return _("Quarter %(quarter)s %(year)s") % {"quarter": ROMAN[quarter], "year": year}


def programme_period(p: RoadmapProgramme) -> str:
    """When a programme runs, e.g. ``2025–2027`` or ``Triwulan II 2025 – 2026``."""
    start, end = when(p.start_year, p.start_quarter), when(p.end_year, p.end_quarter)
    if start == end:
        return start
    if p.start_quarter is None and p.end_quarter is None:
        return f"{start}–{end}"
    return f"{start} – {end}"


def colour_class(position: int) -> str:
    return f"roadmap-dim-{position % PALETTE_SIZE}"


@dataclass(frozen=True)
class ProgrammeRow:
    """A programme in the list beside the Gantt: its full name, dimension and period."""

    programme: RoadmapProgramme
    dimension: Dimension
    colour: str
    period: str
    milestones: list[tuple[RoadmapMilestone, str]]


def programme_rows(roadmap: Roadmap) -> list[ProgrammeRow]:
    """The programmes in the Gantt's order, named in full: the Gantt's text alternative."""
    position = {d.pk: n for n, d in enumerate(roadmap.dimensions)}
    dimension = {d.pk: d for d in roadmap.dimensions}
    return [
        ProgrammeRow(
            p,
            dimension[p.dimension_id],
            colour_class(position[p.dimension_id]),
            programme_period(p),
            [(m, when(m.year, m.quarter)) for m in p.milestones],
        )
        for p in _ordered(roadmap)
        if p.dimension_id in dimension
    ]


def _ordered(roadmap: Roadmap) -> list[RoadmapProgramme]:
    position = {d.pk: n for n, d in enumerate(roadmap.dimensions)}
    return sorted(roadmap.programmes, key=lambda p: (position.get(p.dimension_id, 0), p.code))


def _milestone_task(programme: RoadmapProgramme, m: RoadmapMilestone) -> dict[str, object]:
    # frappe-gantt has no milestone type: a one-day task right under its programme, on the
    # last day of its quarter (or year) — the date it is due.
    due = quarter_end(m.year, m.quarter)
    return {
        "id": f"m{m.pk}",
        "name": f"◆ {programme.code}",
        "start": due,
        "end": due,
        "progress": 100 if m.done else 0,
        "dependencies": "",
        "custom_class": "gantt-milestone",
        "title": f"◆ {programme.code}: {m.name}",
        "subtitle": _("Milestone, reached") if m.done else _("Milestone"),
        "details": _("Due: %(when)s") % {"when": when(m.year, m.quarter)},
    }


def _programme_task(
    p: RoadmapProgramme, dimension: Dimension | None, position: int, shown: set[int]
) -> dict[str, object]:
    # The bar shows the code alone (a long name would run past the chart's edge and be cut);
    # the popup and the list under the chart carry the full name.
    details = _("Runs: %(period)s") % {"period": programme_period(p)}
    if p.is_quick_win:
        details = f"{details} · {_('Quick win')}"
    return {
        "id": f"p{p.pk}",
        "name": f"{p.code} ★" if p.is_quick_win else p.code,
        "start": quarter_start(p.start_year, p.start_quarter),
        "end": quarter_end(p.end_year, p.end_quarter),
        "progress": 0,
        "dependencies": ", ".join(f"p{d}" for d in p.depends_on if d in shown),
        # frappe-gantt takes a single class: the quick-win mark rides on the colour class.
        "custom_class": colour_class(position) + ("-qw" if p.is_quick_win else ""),
        "title": f"{p.code} {p.name}",
        "subtitle": str(dimension) if dimension is not None else "",
        "details": details,
    }


def gantt_tasks(roadmap: Roadmap) -> list[dict[str, object]]:
    """frappe-gantt's tasks: programmes by dimension then code, each followed by its
    milestones."""
    position = {d.pk: n for n, d in enumerate(roadmap.dimensions)}
    dimension = {d.pk: d for d in roadmap.dimensions}
    shown = {p.pk for p in roadmap.programmes}
    tasks: list[dict[str, object]] = []
    for p in _ordered(roadmap):
        where = position.get(p.dimension_id, 0)
        tasks.append(_programme_task(p, dimension.get(p.dimension_id), where, shown))
        tasks.extend(_milestone_task(p, m) for m in p.milestones)
    return tasks


def gantt_period(roadmap: Roadmap) -> dict[str, int]:
    """The plan's first and last year: the Gantt spans exactly these (unless a programme
    runs outside them, which the conflicts list flags)."""
    return {"first": roadmap.years[0], "last": roadmap.years[-1]} if roadmap.years else {}


def legend(roadmap: Roadmap) -> list[tuple[Dimension, str]]:
    """Each dimension with the colour class of its bars."""
    return [(d, colour_class(n)) for n, d in enumerate(roadmap.dimensions)]
